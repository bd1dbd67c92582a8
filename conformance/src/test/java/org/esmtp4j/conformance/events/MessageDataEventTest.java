package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.server.BdatChunk;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_MESSAGEDATA} (libESMTP §2, {@code cmd_data2} and {@code cmd_bdat}): with DATA,
 * once per header as sent and once per body line, lengths counted before dot-stuffing; with BDAT,
 * once per header and once per body chunk; never cumulative.
 */
class MessageDataEventTest {

    private static final String CONTENT = "Subject: data events\r\n"
            + "X-Folded: first\r\n second\r\n"
            + "\r\n"
            + ".leading dot\r\n"
            + "plain\r\n"
            + "..two dots\r\n"
            + ".\r\n";

    private static final Script ONE_MESSAGE_BY_DATA = EventTests.greetAndEhlo("8BITMIME")
            .expect("MAIL FROM:<a@example.org>").reply("250 ok")
            .expect("RCPT TO:<b@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued")
            .expect("QUIT").reply("221 bye").close()
            .build();

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void dataReportsEachHeaderAndEachBodyLineBeforeDotStuffing(String engine) {
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(ONE_MESSAGE_BY_DATA);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            String received = transcript.messages().get(0).contentText();

            List<Integer> expected = new ArrayList<>();
            List<String> fields = EventTests.headerFields(received);
            assertEquals("Subject: data events\r\n", fields.get(0));
            assertEquals("X-Folded: first\r\n second\r\n", fields.get(1), "a folded header is one event");
            for (String field : fields) {
                expected.add(field.length());
            }
            // Body lines as written by the application: ".leading dot" is 14 bytes although
            // "..leading dot" went on the wire.
            expected.addAll(List.of(14, 7, 12, 3));
            assertEquals(expected, listener.dataLengths(1), transcript.dialogue());
            String wire = new String(transcript.messages().get(0).wireBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(wire.contains("\r\n..leading dot\r\n"), "the line was dot-stuffed on the wire: " + wire);
            assertEquals(List.of("sent#1 250"), listener.events("sent#"));
            assertTrue(RecordingListener.sentFollowsLastData(listener.events(), 1), listener.events().toString());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void aBodyLineIsReportedWholeEvenWhereTheContentIsReadInPieces(String engine) {
        // More than one content read (64 KiB): some line straddles two reads. libESMTP
        // assembles lines before reporting them, so every event is one whole line.
        StringBuilder body = new StringBuilder();
        int lineCount = 2000;
        for (int i = 0; i < lineCount; i++) {
            body.append(String.format("line %05d of a body longer than one content read.......\r\n", i));
        }
        int lineLength = body.length() / lineCount;
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(ONE_MESSAGE_BY_DATA);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", "Subject: long\r\n\r\n" + body, "b@example.org");
            session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            int headers = EventTests.headerFields(transcript.messages().get(0).contentText()).size();
            List<Integer> lengths = listener.dataLengths(1);
            List<Integer> bodyLengths = lengths.subList(headers, lengths.size());
            assertEquals(lineCount, bodyLengths.size(), "one event per body line");
            for (int i = 0; i < bodyLengths.size(); i++) {
                assertEquals(lineLength, bodyLengths.get(i), "body line " + i);
            }
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void bdatReportsEachHeaderThenEachBodyChunk(String engine) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            body.append(String.format("chunked line %04d ..............................................\r\n", i));
        }
        Script script = EventTests.greetAndEhlo("PIPELINING", "CHUNKING", "8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 chunk ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", "Subject: chunks\r\nX-Folded: a\r\n b\r\n\r\n" + body,
                    "b@example.org");
            session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            List<BdatChunk> chunks = transcript.bdatChunks();
            assertTrue(chunks.size() >= 4, "headers, at least two body chunks, BDAT 0 LAST: " + chunks);
            String headerChunk = new String(chunks.get(0).bytes(), StandardCharsets.ISO_8859_1);

            List<Integer> expected = new ArrayList<>();
            for (String field : EventTests.headerFields(headerChunk)) {
                expected.add(field.length());
            }
            // libESMTP cmd_bdat reports each processed header as it collects the header chunk;
            // the chunk itself (fields plus the empty line) is not reported again. cmd_bdat2
            // reports each body chunk once with its size; BDAT 0 LAST carries nothing.
            for (BdatChunk chunk : chunks.subList(1, chunks.size())) {
                if (chunk.size() > 0) {
                    expected.add(chunk.size());
                }
            }
            assertEquals(expected, listener.dataLengths(1), chunks.toString());
            assertEquals(List.of("sent#1 250"), listener.events("sent#"));
        }
    }
}
