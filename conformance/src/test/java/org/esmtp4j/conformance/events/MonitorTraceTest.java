package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.esmtp4j.Monitor.Direction;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protocol monitor (libESMTP §4.5, {@code siobuf.c}, {@code cmd_data2}, {@code rsp_data2}):
 * every byte written at a flush and every byte read, except the message payload, which is never
 * traced; with headers enabled each processed header once as {@link Direction#HEADERS}.
 */
class MonitorTraceTest {

    private static final String SUBJECT = "Subject: secret subject\r\n";
    private static final String BODY_LINE = "secret body line\r\n";
    private static final String CONTENT = SUBJECT + "X-Folded: a\r\n b\r\n\r\n" + BODY_LINE + ".dotted\r\n";

    private static final Script DATA_DIALOGUE = EventTests.greetAndEhlo("PIPELINING", "8BITMIME")
            .expect("MAIL FROM:<a@example.org>").reply("250 sender ok")
            .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 recipient ok", "354 go ahead")
            .expectData().reply("250 queued as 1")
            .expect("QUIT").reply("221 bye").close()
            .build();

    /**
     * The client's bytes without the DATA payload: from after the 354 to the terminating dot
     * line inclusive, which libESMTP writes with the monitor detached.
     */
    private static String clientTextWithoutPayload(Transcript transcript) {
        String client = transcript.clientText();
        int start = transcript.messages().get(0).clientOffset();
        int end = client.indexOf("\r\n.\r\n", start) + 5;
        return client.substring(0, start) + client.substring(end);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void readAndWriteTracesHoldTheWholeDialogueButNotTheMessage(String engine) {
        TraceRecorder monitor = new TraceRecorder();
        try (ScriptedSmtpServer server = EventTests.serve(DATA_DIALOGUE);
                Session session = EventTests.session(engine, server, new RecordingListener())) {
            session.setMonitor(monitor, false);
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();

            assertEquals(clientTextWithoutPayload(transcript), monitor.joined(Direction.WRITE),
                    "every command, as flushed, and nothing of the message");
            // The end-of-data reply is traced: rsp_data2 re-attaches the monitor before reading it.
            assertEquals(transcript.serverText(), monitor.joined(Direction.READ), "every reply byte");
            assertEquals(List.of(), monitor.texts(Direction.HEADERS), "headers only when asked for");
            String all = monitor.joined(Direction.WRITE) + monitor.joined(Direction.READ);
            assertFalse(all.contains("secret"), "message content never traced: " + all);
            assertTrue(monitor.texts(Direction.WRITE).contains("RCPT TO:<b@example.org>\r\nDATA\r\n"),
                    "one WRITE per flush: the pipelined batch is one call " + monitor.texts(Direction.WRITE));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void withHeadersEachProcessedHeaderIsTracedOnceInOrder(String engine) {
        TraceRecorder monitor = new TraceRecorder();
        try (ScriptedSmtpServer server = EventTests.serve(DATA_DIALOGUE);
                Session session = EventTests.session(engine, server, new RecordingListener())) {
            session.setMonitor(monitor, true);
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();

            // Each header as sent (folded ones whole), the generated Date, From and Message-Id
            // included, and nothing of the body.
            List<String> fields = EventTests.headerFields(transcript.messages().get(0).contentText());
            assertEquals(SUBJECT, fields.get(0));
            assertEquals(fields, monitor.texts(Direction.HEADERS));
            String readWrite = monitor.joined(Direction.WRITE) + monitor.joined(Direction.READ);
            assertFalse(readWrite.contains("secret"), readWrite);
            assertFalse(monitor.joined(Direction.HEADERS).contains(BODY_LINE));
            // HEADERS calls come between DATA's 354 and the end-of-data reply.
            List<TraceRecorder.Trace> traces = monitor.traces();
            int firstHeader = indexOf(traces, Direction.HEADERS);
            assertTrue(traces.subList(0, firstHeader).stream().anyMatch(t -> t.text().contains("354 go ahead")));
            assertFalse(traces.subList(0, firstHeader).stream().anyMatch(t -> t.text().contains("250 queued")));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void bdatChunksAreNeverTraced(String engine) {
        Script script = EventTests.greetAndEhlo("CHUNKING", "8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 sender ok")
                .expect("RCPT TO:<b@example.org>").reply("250 recipient ok")
                .expectBdatUntilLast("250 chunk ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
        TraceRecorder monitor = new TraceRecorder();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, new RecordingListener())) {
            session.setMonitor(monitor, true);
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();

            String written = monitor.joined(Direction.WRITE);
            String read = monitor.joined(Direction.READ);
            assertFalse((written + read).contains("secret"), written + read);
            assertFalse(written.contains("BDAT"), written);
            String headerChunk = new String(transcript.bdatChunks().get(0).bytes(), StandardCharsets.ISO_8859_1);
            assertEquals(EventTests.headerFields(headerChunk), monitor.texts(Direction.HEADERS));
            String beforeBdat = "EHLO client.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n";
            if ("libesmtp".equals(engine)) {
                // §8.3 #15: libESMTP never re-attaches the monitor after BDAT.
                assertEquals(beforeBdat, written);
                assertFalse(read.contains("221 bye"), read);
            } else {
                // COMPATIBILITY.md P12: re-attached after the last BDAT reply.
                assertEquals(beforeBdat + "QUIT\r\n", written);
                assertTrue(read.endsWith("250 recipient ok\r\n221 bye\r\n"), read);
            }
        }
    }

    private static int indexOf(List<TraceRecorder.Trace> traces, Direction direction) {
        for (int i = 0; i < traces.size(); i++) {
            if (traces.get(i).direction() == direction) {
                return i;
            }
        }
        return -1;
    }
}
