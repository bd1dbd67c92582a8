package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT_AS_DATA;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.commandBatches;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ETRN (RFC 1985, spec §5.5): one command per node after EHLO, pipelined with the following MAIL
 * or QUIT, each reply stored on its node; required, so a server without ETRN makes the session
 * quit by default. XUSR: sent before every MAIL when the server offers it, and waited for.
 */
class EtrnAndXusrTest {

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    /** COMPATIBILITY P10: libESMTP 1.1.0 prints option 0 as a space after "ETRN " (§8.3 #7). */
    private static String etrnDomainOnly(String engine, String domain) {
        return engine.equals("libesmtp") ? "ETRN  " + domain : "ETRN " + domain;
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void etrnsArePipelinedWithTheFirstMail(String engine) {
        String etrnNet = etrnDomainOnly(engine, "example.net");
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250 ETRN")
                .expectBatch(etrnNet, "ETRN @example.org", "MAIL FROM:<sender@example.org>")
                    .reply("250 queuing for example.net started", "458 unable to queue example.org", "250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            EtrnEvents events = new EtrnEvents();
            session.setEventListener(events);
            EtrnNode net = session.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
            EtrnNode org = session.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
            Message m = addMessage(session);
            m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of(etrnNet, "ETRN @example.org", "MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + etrnNet + "\r\nETRN @example.org\r\nMAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(250, net.status().code());
            assertEquals("queuing for example.net started", net.status().text());
            assertEquals(458, org.status().code());
            assertEquals(List.of(net, org), events.nodes);
            assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void anEtrnOnlySessionPipelinesTheEtrnsWithQuit(String engine) {
        String etrnNet = etrnDomainOnly(engine, "example.net");
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250 ETRN")
                .expectBatch(etrnNet, "ETRN @example.org", "QUIT")
                    .reply("251 OK, no messages waiting", "253 OK, 3 pending messages started", "221 bye")
                .close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            EtrnNode net = session.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
            EtrnNode org = session.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);

            StartResult result = session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\n" + etrnNet + "\r\nETRN @example.org\r\nQUIT\r\n");
            assertEquals(List.of(List.of("EHLO client.example"), List.of(etrnNet, "ETRN @example.org", "QUIT")),
                    commandBatches(t));
            assertTrue(result.connected(), result.toString());
            assertEquals(251, net.status().code());
            assertEquals(253, org.status().code());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutEtrnOfferedTheSessionQuitsByDefault(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            EtrnEvents events = new EtrnEvents();
            session.setEventListener(events);
            session.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
            Message m = addMessage(session);
            m.addRecipient("a@example.org");

            StartResult result = session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\nQUIT\r\n");
            assertEquals(List.of(Extension.ETRN), events.missing);
            assertEquals(List.of(true), events.defaults, "libESMTP's default for ETRN is to quit");
            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error(), result.toString());
            assertEquals(Outcome.TRANSIENT, m.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void xusrGoesBeforeEveryMailAndWaitsForItsReply(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250 XUSR")
                .expect("XUSR").reply("250 user submission")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("XUSR").reply("250 user submission")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");
            addMessage(session).addRecipient("b@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("XUSR"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("XUSR"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<b@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            session.messages().forEach(m -> assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutPipeliningEachEtrnWaitsForItsReply(String engine) {
        String etrnNet = etrnDomainOnly(engine, "example.net");
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 ETRN")
                .expect(etrnNet).reply("250 queuing started")
                .expect("ETRN @example.org").reply("250 queuing started")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
            session.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(List.of("EHLO client.example"), List.of(etrnNet), List.of("ETRN @example.org"),
                    List.of("QUIT")), commandBatches(t));
        }
    }

    /** With PIPELINING the ETRNs go out with the XUSR that precedes the first MAIL; XUSR waits. */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void etrnsArePipelinedWithXusr(String engine) {
        String etrnNet = etrnDomainOnly(engine, "example.net");
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250-ETRN", "250 XUSR")
                .expectBatch(etrnNet, "XUSR").reply("250 queuing started", "250 user submission")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
            addMessage(session).addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of(etrnNet, "XUSR"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
        }
    }

    /** After a failed transaction the RSET goes out with the next XUSR (PIPELINING). */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void afterAFailedTransactionRsetIsPipelinedWithXusr(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250 XUSR")
                .expect("XUSR").reply("250 user submission")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("452 4.3.1 out of space")
                .expectBatch("RSET", "XUSR").reply("250 reset", "250 user submission")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");
            addMessage(session).addRecipient("b@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("XUSR"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("RSET", "XUSR"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<b@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void noXusrWhenNotOffered(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    /** Records ETRN status and extension-not-available events. */
    private static final class EtrnEvents implements SmtpEvents {
        final List<EtrnNode> nodes = new ArrayList<>();
        final List<Extension> missing = new ArrayList<>();
        final List<Boolean> defaults = new ArrayList<>();

        @Override
        public void etrnStatus(EtrnNode node) {
            nodes.add(node);
        }

        @Override
        public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
            missing.add(extension);
            defaults.add(libesmtpDefault);
            return libesmtpDefault;
        }
    }
}
