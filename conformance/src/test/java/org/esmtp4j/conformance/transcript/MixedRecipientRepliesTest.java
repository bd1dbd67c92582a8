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
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.Status;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Four recipients answered 250, 550, 451, 250 (spec §5.2 "RCPT", §5.6). Without
 * require-all-recipients the message goes to the two accepted ones: 5xx is permanent and
 * complete, 4xx transient and retried. With require-all-recipients the transaction is abandoned:
 * no DATA, RSET before the next message (QUIT when it was the last), no transfer status, and
 * the accepted recipients stay incomplete.
 */
class MixedRecipientRepliesTest {

    private static final String EHLO_REPLY = "250-mx.example\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES";

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    private static List<Recipient> addFourRecipients(Message m) {
        return List.of(m.addRecipient("ok1@example.org"), m.addRecipient("unknown@example.org"),
                m.addRecipient("later@example.org"), m.addRecipient("ok2@example.org"));
    }

    private static void assertStatus(int code, String enhanced, String text, Status actual) {
        assertEquals(code, actual.code(), actual.toString());
        assertEquals(enhanced, actual.enhancedCode(), actual.toString());
        assertEquals(text, actual.text(), actual.toString());
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutRequireAllTheMessageGoesToTheAcceptedRecipients(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 sender ok")
                .expectBatch("RCPT TO:<ok1@example.org>", "RCPT TO:<unknown@example.org>",
                        "RCPT TO:<later@example.org>", "RCPT TO:<ok2@example.org>", "DATA")
                    .reply("250 2.1.5 ok", "550 5.1.1 no such user", "451 4.2.0 try later", "250 2.1.5 ok",
                            "354 go ahead")
                .expectData().reply("250 2.0.0 queued as X1")
                .expect("QUIT").reply("221 2.0.0 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            MessageSentCounter sent = new MessageSentCounter();
            session.setEventListener(sent);
            Message m = addMessage(session);
            List<Recipient> r = addFourRecipients(m);

            session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<ok1@example.org>\r\nRCPT TO:<unknown@example.org>\r\n"
                    + "RCPT TO:<later@example.org>\r\nRCPT TO:<ok2@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertStatus(250, "2.1.0", "sender ok", m.reversePathStatus());
            assertStatus(250, "2.1.5", "ok", r.get(0).status());
            assertStatus(550, "5.1.1", "no such user", r.get(1).status());
            assertStatus(451, "4.2.0", "try later", r.get(2).status());
            assertStatus(250, "2.1.5", "ok", r.get(3).status());
            assertEquals(List.of(Outcome.DELIVERED, Outcome.PERMANENT, Outcome.TRANSIENT, Outcome.DELIVERED),
                    r.stream().map(Recipient::outcome).toList());
            assertEquals(List.of(true, true, false, true), r.stream().map(Recipient::isComplete).toList());
            assertStatus(250, "2.0.0", "queued as X1", m.transferStatus());
            assertEquals(List.of(m), sent.messages);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withChunkingTheMessageGoesToTheAcceptedRecipientsToo(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example")
                    .reply("250-mx.example", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 CHUNKING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 sender ok")
                .expectBatch("RCPT TO:<ok1@example.org>", "RCPT TO:<unknown@example.org>",
                        "RCPT TO:<later@example.org>", "RCPT TO:<ok2@example.org>")
                .expectBdat().expectBdat().expectBdat()
                    .reply("250 2.1.5 ok", "550 5.1.1 no such user", "451 4.2.0 try later", "250 2.1.5 ok",
                            "250 2.0.0 headers", "250 2.0.0 body", "250 2.0.0 queued as X3")
                .expect("QUIT").reply("221 2.0.0 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            List<Recipient> r = addFourRecipients(m);

            session.start();

            completedTranscript(server);
            assertEquals(List.of(Outcome.DELIVERED, Outcome.PERMANENT, Outcome.TRANSIENT, Outcome.DELIVERED),
                    r.stream().map(Recipient::outcome).toList());
            assertStatus(250, "2.0.0", "queued as X3", m.transferStatus());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void requireAllAbandonsTheLastMessageWithQuitAndNoData(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 sender ok")
                .expectBatch("RCPT TO:<ok1@example.org>", "RCPT TO:<unknown@example.org>",
                        "RCPT TO:<later@example.org>", "RCPT TO:<ok2@example.org>")
                    .reply("250 2.1.5 ok", "550 5.1.1 no such user", "451 4.2.0 try later", "250 2.1.5 ok")
                .expect("QUIT").reply("221 2.0.0 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.requireAllRecipients(true);
            MessageSentCounter sent = new MessageSentCounter();
            session.setEventListener(sent);
            Message m = addMessage(session);
            List<Recipient> r = addFourRecipients(m);

            session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<ok1@example.org>\r\nRCPT TO:<unknown@example.org>\r\n"
                    + "RCPT TO:<later@example.org>\r\nRCPT TO:<ok2@example.org>\r\n"
                    + "QUIT\r\n");
            assertEquals(List.of(250, 550, 451, 250), r.stream().map(x -> x.status().code()).toList());
            // Accepted but abandoned: nothing was delivered, so they are retried.
            assertEquals(List.of(Outcome.TRANSIENT, Outcome.PERMANENT, Outcome.TRANSIENT, Outcome.TRANSIENT),
                    r.stream().map(Recipient::outcome).toList());
            assertEquals(List.of(false, true, false, false), r.stream().map(Recipient::isComplete).toList());
            assertEquals(Status.NONE, m.transferStatus(), "libESMTP clears the message status");
            assertEquals(List.of(), sent.messages, "no MESSAGESENT for an abandoned message");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void requireAllAbandonsWithRsetPipelinedWithTheNextMail(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 sender ok")
                .expectBatch("RCPT TO:<ok1@example.org>", "RCPT TO:<unknown@example.org>",
                        "RCPT TO:<later@example.org>", "RCPT TO:<ok2@example.org>")
                    .reply("250 2.1.5 ok", "550 5.1.1 no such user", "451 4.2.0 try later", "250 2.1.5 ok")
                .expectBatch("RSET", "MAIL FROM:<sender@example.org>").reply("250 2.0.0 reset", "250 2.1.0 ok")
                .expect("RCPT TO:<next@example.org>").reply("250 2.1.5 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 2.0.0 queued as X2")
                .expect("QUIT").reply("221 2.0.0 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.requireAllRecipients(true);
            MessageSentCounter sent = new MessageSentCounter();
            session.setEventListener(sent);
            Message first = addMessage(session);
            List<Recipient> r = addFourRecipients(first);
            Message second = addMessage(session);
            Recipient next = second.addRecipient("next@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<ok1@example.org>", "RCPT TO:<unknown@example.org>",
                            "RCPT TO:<later@example.org>", "RCPT TO:<ok2@example.org>"),
                    List.of("RSET", "MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<next@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<ok1@example.org>\r\nRCPT TO:<unknown@example.org>\r\n"
                    + "RCPT TO:<later@example.org>\r\nRCPT TO:<ok2@example.org>\r\n"
                    + "RSET\r\nMAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<next@example.org>\r\n"
                    + "DATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(false, true, false, false), r.stream().map(Recipient::isComplete).toList());
            assertEquals(Status.NONE, first.transferStatus());
            assertEquals(Outcome.DELIVERED, next.outcome());
            assertEquals(250, second.transferStatus().code());
            assertEquals(List.of(second), sent.messages);
        }
    }

    /**
     * RFC 2920 §3.1: DATA was pipelined, every RCPT failed and the server still said 354, so the
     * client sends only the terminating dot. COMPATIBILITY O6 (facade, both engines): the server's
     * 250 to that empty data is not stored as the message status; a local 554 is.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void noRecipientAcceptedButDataAcceptedSendsALoneDot(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_REPLY)
                .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 sender ok")
                .expectBatch("RCPT TO:<unknown@example.org>", "RCPT TO:<later@example.org>", "DATA")
                    .reply("550 5.1.1 no such user", "451 4.2.0 try later", "354 go ahead")
                .expect(".").reply("250 2.0.0 ok, nothing")
                .expect("QUIT").reply("221 2.0.0 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            MessageSentCounter sent = new MessageSentCounter();
            session.setEventListener(sent);
            Message m = addMessage(session);
            Recipient unknown = m.addRecipient("unknown@example.org");
            Recipient later = m.addRecipient("later@example.org");

            session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<unknown@example.org>\r\nRCPT TO:<later@example.org>\r\nDATA\r\n"
                    + ".\r\n"
                    + "QUIT\r\n");
            assertEquals(List.of(Outcome.PERMANENT, Outcome.TRANSIENT), List.of(unknown.outcome(), later.outcome()));
            assertEquals(554, m.transferStatus().code(), m.transferStatus().toString());
            assertTrue(m.transferStatus().local(), m.transferStatus().toString());
            assertEquals(List.of(m), sent.messages);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void requireAllWithoutPipeliningWaitsForEachRcptThenRsetsAlone(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250 mx.example")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<ok1@example.org>").reply("250 ok")
                .expect("RCPT TO:<unknown@example.org>").reply("550 no such user")
                .expect("RCPT TO:<later@example.org>").reply("451 try later")
                .expect("RCPT TO:<ok2@example.org>").reply("250 ok")
                .expect("RSET").reply("250 reset")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<next@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.requireAllRecipients(true);
            Message first = addMessage(session);
            List<Recipient> r = addFourRecipients(first);
            Message second = addMessage(session);
            Recipient next = second.addRecipient("next@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<ok1@example.org>"),
                    List.of("RCPT TO:<unknown@example.org>"),
                    List.of("RCPT TO:<later@example.org>"),
                    List.of("RCPT TO:<ok2@example.org>"),
                    List.of("RSET"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<next@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            assertEquals(List.of(false, true, false, false), r.stream().map(Recipient::isComplete).toList());
            assertEquals(Outcome.DELIVERED, next.outcome());
        }
    }

    /** Records the messages of every MESSAGESENT event. */
    private static final class MessageSentCounter implements SmtpEvents {
        final List<Message> messages = new ArrayList<>();

        @Override
        public void messageSent(Message message) {
            messages.add(message);
        }
    }
}
