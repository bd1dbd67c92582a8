package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT_AS_DATA;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.commandBatches;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Notify;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.StartResult;
import org.esmtp4j.Status;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the client does when EHLO is refused (spec §5.2 "EHLO reply", RFC 5321 §3.2): 500, 501,
 * 502 and 504 mean "EHLO not understood", so it says HELO and carries on without extensions;
 * any other 5xx ends the session with QUIT and no HELO; a 4xx ends it with QUIT and tries the
 * next address of the server, and with only one address the start reports no usable connection.
 */
class HeloFallbackTest {

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    static Stream<Arguments> enginesAndEhloNotUnderstood() {
        return withCodes(500, 501, 502, 504);
    }

    static Stream<Arguments> enginesAndOtherEhlo5xx() {
        return withCodes(503, 550, 554);
    }

    static Stream<Arguments> enginesAndEhlo4xx() {
        return withCodes(421, 450, 451);
    }

    private static Stream<Arguments> withCodes(Integer... codes) {
        return TranscriptSupport.engines().flatMap(engine -> Stream.of(codes).map(code -> Arguments.of(engine, code)));
    }

    @ParameterizedTest(name = "[{0}] EHLO {1}")
    @MethodSource("enginesAndEhloNotUnderstood")
    void ehloNotUnderstoodFallsBackToHeloWithoutExtensions(String engine, int code) {
        Script script = Script.builder()
                .greet("220 mx.example SMTP")
                .expect("EHLO client.example").reply(code + " 5.5.1 what is EHLO?")
                .expect("HELO client.example").reply("250 mx.example")
                // HELO knows no extensions, so nothing is pipelined: each command waits.
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            Recipient r = m.addRecipient("a@example.org");

            StartResult result = session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\n"
                    + "HELO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\n"
                    + "DATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("HELO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            assertTrue(result.connected(), result.toString());
            assertEquals(Outcome.DELIVERED, r.outcome());
            assertEquals(250, m.transferStatus().code());
        }
    }

    @ParameterizedTest(name = "[{0}] EHLO {1}")
    @MethodSource("enginesAndOtherEhlo5xx")
    void otherEhlo5xxQuitsWithoutHelo(String engine, int code) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(code + " 5.7.1 go away")
                .expect("QUIT").reply("221 bye")
                .expectClientClose()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            Recipient r = m.addRecipient("a@example.org");

            StartResult result = session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\nQUIT\r\n");
            assertEquals(0, server.extraConnections(), "no second attempt");
            // libESMTP: any 5xx other than 500/501/502/504 quits without fallback and returns 1.
            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.NONE, result.error(), "libESMTP leaves smtp_errno untouched: " + result);
            assertEquals(Status.NONE, m.reversePathStatus());
            assertEquals(Status.NONE, r.status());
            assertEquals(Outcome.TRANSIENT, r.outcome(), "never attempted: retried by the next start");
            assertFalse(r.isComplete());
        }
    }

    @ParameterizedTest(name = "[{0}] EHLO {1}")
    @MethodSource("enginesAndEhlo4xx")
    void ehlo4xxQuitsAndWithNoOtherAddressTheStartIsNotConnected(String engine, int code) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(code + " 4.3.2 not now")
                .expect("QUIT").reply("221 bye")
                .expectClientClose()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            Recipient r = m.addRecipient("a@example.org");

            StartResult result = session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\nQUIT\r\n");
            // 127.0.0.1 has one address: after the fallback nothing is left to try.
            assertEquals(0, server.extraConnections());
            assertFalse(result.connected(), result.toString());
            assertEquals(SmtpError.NO_USABLE_SERVER, result.error(), result.toString());
            assertEquals(Status.NONE, r.status());
            assertEquals(Outcome.TRANSIENT, r.outcome());
            assertFalse(r.isComplete());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void heloRefusedQuitsAndWithNoOtherAddressTheStartIsNotConnected(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example SMTP")
                .expect("EHLO client.example").reply("502 5.5.1 no EHLO here")
                .expect("HELO client.example").reply("550 5.7.1 not you either")
                .expect("QUIT").reply("221 bye")
                .expectClientClose()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Recipient r = addMessage(session).addRecipient("a@example.org");

            StartResult result = session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\nHELO client.example\r\nQUIT\r\n");
            assertFalse(result.connected(), result.toString());
            assertEquals(SmtpError.NO_USABLE_SERVER, result.error(), result.toString());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    /**
     * After HELO no extension is known. A required DSN raises {@code SMTP_EV_EXTNA_DSN}, whose
     * default lets the session continue without the DSN parameters (libESMTP 1.1.0 does this; the
     * spec's §5.2 "any required extension fails the session" after HELO does not hold for DSN).
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void afterHeloARequiredDsnIsReportedAndLeftOut(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example SMTP")
                .expect("EHLO client.example").reply("500 5.5.1 what is EHLO?")
                .expect("HELO client.example").reply("250 mx.example")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            List<Extension> missing = new ArrayList<>();
            session.setEventListener(new SmtpEvents() {
                @Override
                public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
                    missing.add(extension);
                    return libesmtpDefault;
                }
            });
            Message m = addMessage(session);
            m.setDsnReturn(DsnReturn.FULL);
            Recipient r = m.addRecipient("a@example.org");
            r.setDsnNotify(Set.of(Notify.FAILURE));

            StartResult result = session.start();

            completedTranscript(server);
            assertEquals(List.of(Extension.DSN), missing);
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(Outcome.DELIVERED, r.outcome());
        }
    }
}
