package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT_AS_DATA;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.commandBatches;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Session;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which commands go out together (spec §5.3, RFC 2920). With PIPELINING, MAIL is always flushed
 * and its reply awaited; the RCPTs and DATA go in one write (without DATA under
 * require-all-recipients); RSET and the next MAIL go together; with CHUNKING the RCPTs and every
 * BDAT chunk go together. Without PIPELINING every command waits for its reply.
 *
 * <p>Each script expects a pipelined group with {@code expectBatch}, so a client that waits
 * inside a group stalls the script; {@link TranscriptSupport#commandBatches} then shows the
 * grouping that actually arrived.
 */
class PipeliningBatchesTest {

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void mailWaitsThenRcptsAndDataGoInOneBatch(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("250 2.1.5 ok", "250 2.1.5 ok", "354 go ahead")
                .expectData().reply("250 2.0.0 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.addRecipient("a@example.org");
            m.addRecipient("b@example.org");

            StartResult result = session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(CONTENT, t.messages().get(0).contentText());
            assertTrue(result.connected(), result.toString());
            assertEquals(250, m.transferStatus().code());
            m.recipients().forEach(r -> assertEquals(Outcome.DELIVERED, r.outcome(), r.toString()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void requireAllRecipientsSendsDataAloneAfterTheRcptReplies(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>").reply("250 ok", "250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.requireAllRecipients(true);
            Message m = addMessage(session);
            m.addRecipient("a@example.org");
            m.addRecipient("b@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"
                    + "DATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            m.recipients().forEach(r -> assertEquals(Outcome.DELIVERED, r.outcome(), r.toString()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void rsetAndTheNextMailGoInOneBatchAfterAFailedTransaction(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<first@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("451 4.3.0 try again later")
                .expectBatch("RSET", "MAIL FROM:<sender@example.org>").reply("250 reset", "250 ok")
                .expectBatch("RCPT TO:<second@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message first = addMessage(session);
            first.addRecipient("first@example.org");
            Message second = addMessage(session);
            second.addRecipient("second@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<first@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("RSET", "MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<second@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<first@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "RSET\r\nMAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<second@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(451, first.transferStatus().code());
            assertEquals(Outcome.TRANSIENT, first.recipients().get(0).outcome());
            assertEquals(250, second.transferStatus().code());
            assertEquals(Outcome.DELIVERED, second.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void dataRefusedIsFollowedByRsetAndTheNextMailInOneBatch(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<first@example.org>", "DATA").reply("250 ok", "451 4.3.1 no room now")
                .expectBatch("RSET", "MAIL FROM:<sender@example.org>").reply("250 reset", "250 ok")
                .expectBatch("RCPT TO:<second@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message first = addMessage(session);
            first.addRecipient("first@example.org");
            Message second = addMessage(session);
            second.addRecipient("second@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<first@example.org>", "DATA"),
                    List.of("RSET", "MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<second@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            assertEquals(451, first.transferStatus().code());
            assertEquals(Outcome.TRANSIENT, first.recipients().get(0).outcome());
            assertEquals(Outcome.DELIVERED, second.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void mailRefusedGoesStraightToTheNextMailWithoutRset(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("550 5.7.1 sender refused")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<second@example.org>", "DATA").reply("250 ok", "354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message first = addMessage(session);
            first.addRecipient("first@example.org");
            Message second = addMessage(session);
            second.addRecipient("second@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<second@example.org>", "DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<second@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(550, first.reversePathStatus().code());
            assertEquals(0, first.recipients().get(0).status().code(), "no RCPT was sent for the first message");
            assertEquals(Outcome.DELIVERED, second.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withChunkingTheRcptsAndEveryBdatChunkGoInOneBatch(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250 CHUNKING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>")
                .expectBdat().expectBdat().expectBdat()
                .reply("250 ok", "250 ok", "250 2.0.0 header chunk", "250 2.0.0 body chunk", "250 2.0.0 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.addRecipient("a@example.org");
            m.addRecipient("b@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>",
                            "BDAT 131", "<content>", "BDAT 8", "<content>", "BDAT 0 LAST"),
                    List.of("QUIT")), commandBatches(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"
                    + "BDAT 131\r\n" + CONTENT.substring(0, 131)
                    + "BDAT 8\r\n" + "Hello.\r\n"
                    + "BDAT 0 LAST\r\n"
                    + "QUIT\r\n");
            assertEquals(250, m.transferStatus().code());
            assertEquals("2.0.0 queued", m.transferStatus().text(), "no ENHANCEDSTATUSCODES: the triplet is text");
            m.recipients().forEach(r -> assertEquals(Outcome.DELIVERED, r.outcome(), r.toString()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withChunkingAndRequireAllTheBdatChunksWaitForTheRcptReplies(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-PIPELINING", "250 CHUNKING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>").reply("250 ok", "250 ok")
                .expectBdat().expectBdat().expectBdat().reply("250 ok", "250 ok", "250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            session.requireAllRecipients(true);
            Message m = addMessage(session);
            m.addRecipient("a@example.org");
            m.addRecipient("b@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>"),
                    List.of("BDAT 131", "<content>", "BDAT 8", "<content>", "BDAT 0 LAST"),
                    List.of("QUIT")), commandBatches(t));
            m.recipients().forEach(r -> assertEquals(Outcome.DELIVERED, r.outcome(), r.toString()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutPipeliningEveryCommandWaitsForItsReply(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 8BITMIME")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.addRecipient("a@example.org");
            m.addRecipient("b@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>"),
                    List.of("RCPT TO:<b@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            m.recipients().forEach(r -> assertEquals(Outcome.DELIVERED, r.outcome(), r.toString()));
        }
    }

    /** Without PIPELINING the RSET after a failed transaction waits for its reply too (§5.3). */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutPipeliningRsetWaitsForItsReplyBeforeTheNextMail(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 8BITMIME")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<first@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("451 4.3.0 try again later")
                .expect("RSET").reply("250 reset")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<second@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session).addRecipient("first@example.org");
            Message second = addMessage(session);
            second.addRecipient("second@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\nRCPT TO:<first@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "RSET\r\n"
                    + "MAIL FROM:<sender@example.org>\r\nRCPT TO:<second@example.org>\r\nDATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<first@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("RSET"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<second@example.org>"),
                    List.of("DATA"),
                    List.of("<content>"),
                    List.of("QUIT")), commandBatches(t));
            assertEquals(Outcome.DELIVERED, second.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutPipeliningEveryBdatChunkWaitsForItsReply(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 CHUNKING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of(
                    List.of("EHLO client.example"),
                    List.of("MAIL FROM:<sender@example.org>"),
                    List.of("RCPT TO:<a@example.org>"),
                    List.of("BDAT 131", "<content>"),
                    List.of("BDAT 8", "<content>"),
                    List.of("BDAT 0 LAST"),
                    List.of("QUIT")), commandBatches(t));
            assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome());
        }
    }
}
