package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT_AS_DATA;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.WAIT;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second {@code start()} on the same session sends only what is not complete (spec §5.4,
 * §5.6): recipients that got 4xx at RCPT, and accepted recipients whose message got 4xx at the
 * end of data; never the delivered or permanently failed ones; and a message whose recipients
 * are all complete not at all. The server runs one script per connection: connection 0 is the
 * first start, connection 1 the second.
 */
class RetryOnSecondStartTest {

    private static final String EHLO_REPLY = "250-mx.example\r\n250 PIPELINING";

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void onlyTheRecipientThatGot451AtRcptIsRetried(String engine) {
        Script first = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<ok1@example.org>", "RCPT TO:<unknown@example.org>",
                        "RCPT TO:<later@example.org>", "RCPT TO:<ok2@example.org>", "DATA")
                    .reply("250 ok", "550 no such user", "451 try later", "250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        Script second = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<later@example.org>", "DATA").reply("250 ok now", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(first, second); Session session = session(engine, server)) {
            Message m = addMessage(session);
            List<Recipient> r = List.of(m.addRecipient("ok1@example.org"), m.addRecipient("unknown@example.org"),
                    m.addRecipient("later@example.org"), m.addRecipient("ok2@example.org"));

            session.start();
            server.awaitTranscript(0, WAIT).assertScriptCompleted();
            assertEquals(List.of(true, true, false, true), r.stream().map(Recipient::isComplete).toList());

            session.start();

            server.assertScriptsCompleted(WAIT);
            server.awaitTranscript(1, WAIT).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<later@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(Outcome.DELIVERED, Outcome.PERMANENT, Outcome.DELIVERED, Outcome.DELIVERED),
                    r.stream().map(Recipient::outcome).toList());
            assertEquals(List.of(true, true, true, true), r.stream().map(Recipient::isComplete).toList());
            // The recipients not retried keep the status of the first start.
            assertEquals(List.of(250, 550, 250, 250), r.stream().map(x -> x.status().code()).toList());
            assertEquals("ok now", r.get(2).status().text());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void afterA451ToTheEndOfDataEveryAcceptedRecipientIsRetried(String engine) {
        Script first = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<refused@example.org>", "RCPT TO:<b@example.org>",
                        "DATA")
                    .reply("250 ok", "550 no such user", "250 ok", "354 go ahead")
                .expectData().reply("451 4.3.0 queue full")
                .expect("QUIT").reply("221 bye").close()
                .build();
        Script second = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("250 ok", "250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(first, second); Session session = session(engine, server)) {
            Message m = addMessage(session);
            List<Recipient> r = List.of(m.addRecipient("a@example.org"), m.addRecipient("refused@example.org"),
                    m.addRecipient("b@example.org"));

            session.start();
            server.awaitTranscript(0, WAIT).assertScriptCompleted();
            assertEquals(451, m.transferStatus().code());
            assertEquals(List.of(Outcome.TRANSIENT, Outcome.PERMANENT, Outcome.TRANSIENT),
                    r.stream().map(Recipient::outcome).toList());

            session.start();

            server.assertScriptsCompleted(WAIT);
            server.awaitTranscript(1, WAIT).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(250, m.transferStatus().code());
            assertEquals(List.of(Outcome.DELIVERED, Outcome.PERMANENT, Outcome.DELIVERED),
                    r.stream().map(Recipient::outcome).toList());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void afterRequireAllAbandonedTheMessageTheAcceptedAnd4xxRecipientsAreRetried(String engine) {
        Script first = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<ok@example.org>", "RCPT TO:<unknown@example.org>", "RCPT TO:<later@example.org>")
                    .reply("250 ok", "550 no such user", "451 try later")
                .expect("QUIT").reply("221 bye").close()
                .build();
        Script second = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<ok@example.org>", "RCPT TO:<later@example.org>").reply("250 ok", "250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(first, second); Session session = session(engine, server)) {
            session.requireAllRecipients(true);
            Message m = addMessage(session);
            List<Recipient> r = List.of(m.addRecipient("ok@example.org"), m.addRecipient("unknown@example.org"),
                    m.addRecipient("later@example.org"));

            session.start();
            server.awaitTranscript(0, WAIT).assertScriptCompleted();
            assertEquals(List.of(false, true, false), r.stream().map(Recipient::isComplete).toList());

            session.start();

            server.assertScriptsCompleted(WAIT);
            server.awaitTranscript(1, WAIT).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<ok@example.org>\r\nRCPT TO:<later@example.org>\r\n"
                    + "DATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(Outcome.DELIVERED, Outcome.PERMANENT, Outcome.DELIVERED),
                    r.stream().map(Recipient::outcome).toList());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aMessageWhoseRecipientsAreAllCompleteIsSkipped(String engine) {
        Script first = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<done@example.org>", "RCPT TO:<gone@example.org>", "DATA")
                    .reply("250 ok", "550 no such user", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<later@example.org>", "RCPT TO:<ok@example.org>", "DATA")
                    .reply("450 mailbox busy", "250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        Script second = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<later@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(first, second); Session session = session(engine, server)) {
            Message complete = addMessage(session);
            Recipient done = complete.addRecipient("done@example.org");
            Recipient gone = complete.addRecipient("gone@example.org");
            Message pending = addMessage(session);
            Recipient later = pending.addRecipient("later@example.org");
            Recipient ok = pending.addRecipient("ok@example.org");

            session.start();
            server.awaitTranscript(0, WAIT).assertScriptCompleted();
            assertEquals(List.of(true, true, false, true),
                    List.of(done.isComplete(), gone.isComplete(), later.isComplete(), ok.isComplete()));

            session.start();

            server.assertScriptsCompleted(WAIT);
            server.awaitTranscript(1, WAIT).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<later@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(Outcome.DELIVERED, done.outcome());
            assertEquals(Outcome.PERMANENT, gone.outcome());
            assertEquals(Outcome.DELIVERED, later.outcome());
            assertEquals(Outcome.DELIVERED, ok.outcome());
        }
    }

    /**
     * COMPATIBILITY O2 and O3 (facade, both engines): libESMTP 1.1.0 completes nothing on a MAIL
     * 5xx or a 5xx to DATA, so it would resend both messages; esmtp4j records a permanent failure.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void mail5xxAndData5xxArePermanentAndNotRetried(String engine) {
        Script only = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("550 5.7.1 sender refused")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "554 5.6.0 no data for you")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(only); Session session = session(engine, server)) {
            Message mailRefused = addMessage(session);
            Recipient a = mailRefused.addRecipient("a@example.org");
            Message dataRefused = addMessage(session);
            Recipient b = dataRefused.addRecipient("b@example.org");

            session.start();

            server.awaitTranscript(0, WAIT).assertScriptCompleted();
            server.awaitTranscript(0, WAIT).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<b@example.org>\r\nDATA\r\n"
                    + "QUIT\r\n");
            assertEquals(550, mailRefused.reversePathStatus().code());
            assertEquals(554, dataRefused.transferStatus().code());
            assertEquals(List.of(Outcome.PERMANENT, Outcome.PERMANENT), List.of(a.outcome(), b.outcome()));
            assertEquals(List.of(true, true), List.of(a.isComplete(), b.isComplete()));

            StartResult again = session.start();

            assertEquals(SmtpError.NOTHING_TO_DO, again.error(), again.toString());
            assertEquals(0, server.extraConnections(), "nothing is resent");
        }
    }

    /**
     * COMPATIBILITY O4 and O5 (facade, both engines): libESMTP 1.1.0 completes a recipient that
     * got 552 at RCPT, and completes a recipient that got 4xx at RCPT when the end of data gets
     * 5xx; esmtp4j keeps both transient (RFC 5321 §4.5.3.1.10) and retries them.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void rcpt552AndA4xxRecipientOfARefusedMessageAreRetried(String engine) {
        Script first = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<ok@example.org>", "RCPT TO:<many@example.org>", "DATA")
                    .reply("250 ok", "552 5.5.3 too many recipients", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<y@example.org>", "RCPT TO:<z@example.org>", "DATA")
                    .reply("250 ok", "451 try later", "354 go ahead")
                .expectData().reply("554 5.6.0 content refused")
                .expect("QUIT").reply("221 bye").close()
                .build();
        Script second = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<many@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<z@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(first, second); Session session = session(engine, server)) {
            Message m1 = addMessage(session);
            Recipient ok = m1.addRecipient("ok@example.org");
            Recipient many = m1.addRecipient("many@example.org");
            Message m2 = addMessage(session);
            Recipient y = m2.addRecipient("y@example.org");
            Recipient z = m2.addRecipient("z@example.org");

            session.start();
            server.awaitTranscript(0, WAIT).assertScriptCompleted();
            assertEquals(List.of(Outcome.DELIVERED, Outcome.TRANSIENT, Outcome.PERMANENT, Outcome.TRANSIENT),
                    List.of(ok.outcome(), many.outcome(), y.outcome(), z.outcome()));

            session.start();

            server.assertScriptsCompleted(WAIT);
            server.awaitTranscript(1, WAIT).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<many@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<z@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(Outcome.DELIVERED, Outcome.DELIVERED, Outcome.PERMANENT, Outcome.DELIVERED),
                    List.of(ok.outcome(), many.outcome(), y.outcome(), z.outcome()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withEverythingCompleteTheNextStartHasNothingToDoAndDoesNotConnect(String engine) {
        Script only = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(only); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");
            session.start();
            server.awaitTranscript(0, WAIT).assertScriptCompleted();

            StartResult again = session.start();

            assertFalse(again.connected(), again.toString());
            assertEquals(SmtpError.NOTHING_TO_DO, again.error());
            assertEquals(1, server.transcripts().size());
            assertEquals(0, server.extraConnections());
        }
    }
}
