package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.normaliseDateAndMessageId;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.server.BdatChunk;
import org.esmtp4j.conformance.server.ReceivedMessage;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.esmtp4j.conformance.server.WireText;
import org.esmtp4j.spi.StartRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BDAT framing whenever the server offers CHUNKING (spec §4.3, RFC 3030): one {@code BDAT <n>}
 * chunk with the processed headers and the blank line, then one chunk per content read (the
 * rest of the read that held the headers, then each further read of
 * {@link StartRequest#CONTENT_READ_SIZE} bytes), then {@code BDAT 0 LAST}. There is no
 * dot-stuffing in BDAT.
 */
class BdatFramingTest {

    private static final String EHLO_CHUNKING = "250-mx.example\r\n250 CHUNKING";
    /** libESMTP's {@code "%ld.%ld.%d@%s"}: seconds, microseconds (not zero-padded), pid, EHLO name. */
    private static final Pattern GENERATED_MESSAGE_ID = Pattern.compile(
            "\r\nMessage-Id: <\\d+\\.\\d{1,6}\\.\\d+@client\\.example>\r\n");
    /** A body with lines that DATA would dot-stuff, and a lone dot. */
    private static final String DOTTED_BODY = "Body line\r\n.leading dot\r\n.\r\n";

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    private static Script chunkedTransaction() {
        return Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_CHUNKING)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 2.0.0 chunk ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
    }

    private static List<String> commandLines(Transcript t) {
        return t.bdatChunks().stream().map(BdatChunk::commandLine).toList();
    }

    private static String text(BdatChunk chunk) {
        return WireText.text(chunk.bytes());
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void headerChunkThenBodyChunkThenBdat0LastWithoutDotStuffing(String engine) {
        try (ScriptedSmtpServer server = serve(chunkedTransaction()); Session session = session(engine, server)) {
            Message m = addMessage(session, "Subject: chunked\r\n\r\n" + DOTTED_BODY);
            m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            List<BdatChunk> chunks = t.bdatChunks();
            assertEquals(3, chunks.size(), chunks.toString());
            // The header chunk: the message's headers, then the generated Date, From, Message-Id
            // (spec §3.4), then the blank line.
            String headers = text(chunks.get(0));
            assertEquals("BDAT " + headers.length(), chunks.get(0).commandLine());
            assertEquals("Subject: chunked\r\n"
                    + "Date: <date>\r\n"
                    + "From: sender@example.org\r\n"
                    + "Message-Id: <message-id>\r\n"
                    + "\r\n", normaliseDateAndMessageId(headers));
            assertTrue(GENERATED_MESSAGE_ID.matcher(headers).find(), headers);
            // The body as is: no dot-stuffing, the lone dot is content.
            assertEquals("BDAT 28", chunks.get(1).commandLine());
            assertEquals(DOTTED_BODY, text(chunks.get(1)));
            assertEquals("BDAT 0 LAST", chunks.get(2).commandLine());
            assertEquals(0, chunks.get(2).bytes().length);
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\n"
                    + "BDAT " + headers.length() + "\r\n" + headers
                    + "BDAT 28\r\n" + DOTTED_BODY
                    + "BDAT 0 LAST\r\n"
                    + "QUIT\r\n");
            ReceivedMessage received = t.messages().get(0);
            assertEquals(ReceivedMessage.Transfer.BDAT, received.transfer());
            assertEquals(headers + DOTTED_BODY, received.contentText());
            assertEquals(250, m.transferStatus().code());
            assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aMessageWithItsOwnDateFromAndMessageIdPassesThroughByteForByte(String engine) {
        try (ScriptedSmtpServer server = serve(chunkedTransaction()); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of("BDAT 131", "BDAT 8", "BDAT 0 LAST"), commandLines(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\n"
                    + "BDAT 131\r\n" + CONTENT.substring(0, 131)
                    + "BDAT 8\r\nHello.\r\n"
                    + "BDAT 0 LAST\r\n"
                    + "QUIT\r\n");
        }
    }

    /**
     * With XEXCH50 offered (Microsoft Exchange) libESMTP ends with {@code BDAT 2 LAST} and an
     * empty line instead of {@code BDAT 0 LAST} (spec §4.3), which adds CRLF to the message.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withXexch50TheLastChunkIsBdat2LastWithACrlf(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-CHUNKING", "250 XEXCH50")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of("BDAT 131", "BDAT 8", "BDAT 2 LAST"), commandLines(t));
            t.assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<a@example.org>\r\n"
                    + "BDAT 131\r\n" + CONTENT.substring(0, 131)
                    + "BDAT 8\r\nHello.\r\n"
                    + "BDAT 2 LAST\r\n\r\n"
                    + "QUIT\r\n");
        }
    }

    /** A refused chunk stops the transfer: no further chunk, not even the LAST one (spec §5.2). */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aRefusedHeaderChunkStopsTheTransfer(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(EHLO_CHUNKING)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expectBdat().reply("554 5.6.0 headers refused")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of("BDAT 131"), commandLines(t));
            assertEquals(554, m.transferStatus().code());
            assertEquals(Outcome.PERMANENT, m.recipients().get(0).outcome());
        }
    }

    /**
     * COMPATIBILITY F7 (facade, both engines): libESMTP's BDAT path does not repair a missing
     * final CRLF (its DATA path does); esmtp4j appends it on both paths.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aBodyWithoutFinalCrlfGetsOneInTheBodyChunk(String engine) {
        try (ScriptedSmtpServer server = serve(chunkedTransaction()); Session session = session(engine, server)) {
            addMessage(session, CONTENT.replace("Hello.\r\n", "no final crlf")).addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of("BDAT 131", "BDAT 15", "BDAT 0 LAST"), commandLines(t));
            assertEquals("no final crlf\r\n", text(t.bdatChunks().get(1)));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aBodyOver64KibIsSentInOneChunkPerContentRead(String engine) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1600; i++) {
            body.append(String.format("line %04d %s\r\n", i, "x".repeat(52))); // 64 octets
        }
        String content = CONTENT.replace("Hello.\r\n", body.toString());
        try (ScriptedSmtpServer server = serve(chunkedTransaction()); Session session = session(engine, server)) {
            addMessage(session, content).addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            // 131 header octets + 102,400 body octets, read 65,536 at a time: the first read holds
            // the headers and the first 65,405 body octets, the second read the remaining 36,995.
            int firstRead = StartRequest.CONTENT_READ_SIZE;
            assertEquals(65_536, firstRead);
            assertEquals(List.of("BDAT 131", "BDAT " + (firstRead - 131), "BDAT " + (102_400 - (firstRead - 131)),
                    "BDAT 0 LAST"), commandLines(t));
            List<BdatChunk> chunks = t.bdatChunks();
            assertEquals(CONTENT.substring(0, 131), text(chunks.get(0)));
            assertEquals(body.substring(0, firstRead - 131), text(chunks.get(1)));
            assertEquals(body.substring(firstRead - 131), text(chunks.get(2)));
            assertEquals(content, t.messages().get(0).contentText());
        }
    }
}
