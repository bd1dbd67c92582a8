package org.esmtp4j.conformance.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Round trips, exact recording, and reading of lines, messages and chunks. */
class ScriptedSmtpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final Script EHLO_QUIT = Script.builder()
            .greet("220 test ESMTP")
            .expect("EHLO client.example").reply("250-test\r\n250-PIPELINING\r\n250 8BITMIME")
            .expect("QUIT").reply("221 bye").close()
            .build();

    @Test
    void greetExpectReplyRoundTripRecordsBothDirectionsExactly() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(EHLO_QUIT);
                RawClient client = RawClient.connect(server)) {
            assertEquals("220 test ESMTP\r\n", client.readReply());
            client.send("EHLO client.example\r\n");
            assertEquals("250-test\r\n250-PIPELINING\r\n250 8BITMIME\r\n", client.readReply());
            client.send("QUIT\r\n");
            assertEquals("221 bye\r\n", client.readReply());
            assertEquals("", client.readToEnd(), "close() sends a FIN");
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            transcript.assertClientSentLines("EHLO client.example", "QUIT");
            assertEquals("220 test ESMTP\r\n250-test\r\n250-PIPELINING\r\n250 8BITMIME\r\n221 bye\r\n",
                    transcript.serverText());
            assertTrue(transcript.clientClosed());
            server.assertScriptsCompleted();
        }
    }

    @Test
    void hostPortNamesTheIpv4Loopback() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(EHLO_QUIT)) {
            assertEquals("127.0.0.1:" + server.port(), server.hostPort());
            assertTrue(server.port() > 0);
        }
    }

    @Test
    void canBindTheIpv6Loopback() throws IOException {
        Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not configured on this host");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().ipv6Loopback().start(EHLO_QUIT);
                RawClient client = RawClient.connect(server)) {
            assertEquals("[::1]:" + server.port(), server.hostPort());
            assertEquals("220 test ESMTP\r\n", client.readReply());
        }
    }

    @Test
    void bareLfAndHighBytesAreRecordedExactly() throws IOException {
        Script script = Script.builder().greet("220 x").expectAny().reply("250 ok").expectAny().reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("NOOP\n");
            client.readReply();
            client.send("X \u00e9\u0000\r\r\n");
            client.readReply();
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertEquals("NOOP\nX \u00e9\u0000\r\r\n", transcript.clientText());
            assertEquals(List.of((byte) 'N', (byte) 0xE9), List.of(transcript.clientBytes()[0],
                    transcript.clientBytes()[7]));
        }
    }

    @Test
    void bareLfWhereCrlfIsExpectedIsReportedAsMismatchWithVisibleBytes() throws IOException {
        Script script = Script.builder().greet("220 x").expect("NOOP").reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("NOOP\n");
            assertEquals("", client.readToEnd(), "a failed script closes the connection without a reply");

            Transcript transcript = server.awaitTranscript(WAIT);
            ScriptFailure failure = transcript.failures().get(0);
            assertEquals(ScriptFailure.Kind.MISMATCH, failure.kind());
            assertEquals(1, failure.stepIndex());
            assertEquals("NOOP\r\n", failure.expected());
            assertEquals("NOOP\n", WireText.text(failure.received()));
            AssertionError error = assertThrows(AssertionError.class, transcript::assertScriptCompleted);
            assertTrue(error.getMessage().contains("expected: NOOP\\r\\n"), error.getMessage());
            assertTrue(error.getMessage().contains("received: NOOP\\n"), error.getMessage());
            assertThrows(AssertionError.class, server::assertScriptsCompleted);
        }
    }

    @Test
    void unexpectedLineFailsTheStepThatExpectedAnother() throws IOException {
        Script script = Script.builder().greet("220 x")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expectMatching("RCPT TO:<[a-z]+@example\\.org>").reply("250 ok")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script, script);
                RawClient good = RawClient.connect(server)) {
            good.readReply();
            good.send("MAIL FROM:<a@example.org>\r\n");
            good.readReply();
            good.send("RCPT TO:<bob@example.org>\r\n");
            assertEquals("250 ok\r\n", good.readReply());
            server.awaitTranscript(0, WAIT).assertScriptCompleted();

            try (RawClient bad = RawClient.connect(server)) {
                bad.readReply();
                bad.send("MAIL FROM:<a@example.org>\r\n");
                bad.readReply();
                bad.send("RCPT TO:<BOB@example.org>\r\n");
                assertEquals("", bad.readToEnd());
            }
            ScriptFailure failure = server.awaitTranscript(1, WAIT).failures().get(0);
            assertEquals(ScriptFailure.Kind.MISMATCH, failure.kind());
            assertEquals("expectMatching /RCPT TO:<[a-z]+@example\\.org>/", failure.step());
            assertEquals("RCPT TO:<BOB@example.org>\r\n", WireText.text(failure.received()));
            assertEquals("MAIL FROM:<a@example.org>\r\n".length(), failure.clientOffset());
        }
    }

    @Test
    void linesWrittenInOneGoFormOneBatchEvenWhenRepliedOneByOne() throws IOException {
        Script script = Script.builder().greet("220 x")
                .expect("MAIL FROM:<a@x>").reply("250 a")
                .expect("RCPT TO:<b@x>").reply("250 b")
                .expect("DATA").reply("354 c")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("MAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nDATA\r\n");
            assertEquals("250 a\r\n", client.readReply());
            assertEquals("250 b\r\n", client.readReply());
            assertEquals("354 c\r\n", client.readReply());
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            List<ClientBatch> batches = transcript.batches();
            assertEquals(1, batches.size(), transcript.dialogue());
            assertEquals(List.of("MAIL FROM:<a@x>", "RCPT TO:<b@x>", "DATA"), batches.get(0).lines());
            assertEquals("250 a\r\n", batches.get(0).serverTextAfter());
        }
    }

    @Test
    void linesSentAfterWaitingForRepliesFormOneBatchEach() throws IOException {
        Script script = Script.builder().greet("220 x")
                .expect("MAIL FROM:<a@x>").reply("250 a")
                .expect("RCPT TO:<b@x>").reply("250 b")
                .expect("DATA").reply("354 c")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            for (String command : List.of("MAIL FROM:<a@x>", "RCPT TO:<b@x>", "DATA")) {
                client.send(command + "\r\n");
                client.readReply();
            }
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            List<ClientBatch> batches = transcript.batches();
            assertEquals(3, batches.size(), transcript.dialogue());
            assertEquals(List.of("RCPT TO:<b@x>"), transcript.batchContaining("RCPT TO:<b@x>").lines());
            assertEquals("250 b\r\n", transcript.batchContaining("RCPT TO:<b@x>").serverTextAfter());
            assertEquals("354 c\r\n", batches.get(2).serverTextAfter());
        }
    }

    @Test
    void expectBatchReadsAllLinesBeforeTheCombinedReply() throws IOException {
        Script script = Script.builder().greet("220 x")
                .expectBatch("RCPT TO:<b@x>", "RCPT TO:<c@x>", "DATA").reply("250 ok", "550 no", "354 go")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("RCPT TO:<b@x>\r\nRCPT TO:<c@x>\r\nDATA\r\n");
            assertEquals("250 ok\r\n550 no\r\n354 go\r\n", client.readOnce(),
                    "the three replies leave in one write");
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertEquals(List.of("RCPT TO:<b@x>", "RCPT TO:<c@x>", "DATA"),
                    transcript.batchContaining("DATA").lines());
        }
    }

    @Test
    void expectBatchAgainstAClientThatWaitsTimesOutWithAHint() throws IOException {
        Script script = Script.builder().greet("220 x")
                .expectBatch("RCPT TO:<b@x>", "RCPT TO:<c@x>").reply("250 ok", "250 ok")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofMillis(300))
                .start(script); RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("RCPT TO:<b@x>\r\n");
            assertEquals("", client.readToEnd(), "no reply comes; the script fails and closes");

            ScriptFailure failure = server.awaitTranscript(WAIT).failures().get(0);
            assertEquals(ScriptFailure.Kind.TIMEOUT, failure.kind());
            assertEquals("expect \"RCPT TO:<c@x>\"", failure.step());
            assertTrue(failure.detail().contains("not pipelining"), failure.detail());
        }
    }

    @Test
    void expectDataRecordsStuffedWireAndUnstuffedContent() throws IOException {
        String wire = "..leading dot\r\n"
                + "..\r\n"
                + "bare lf then dot\n.\r\n"
                + "end\r\n"
                + ".\r\n";
        Script script = Script.builder().greet("220 x")
                .expect("DATA").reply("354 go").expectData().reply("250 queued")
                .expect("DATA").reply("354 go").expectData().reply("250 empty")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("DATA\r\n");
            client.readReply();
            client.send(wire);
            assertEquals("250 queued\r\n", client.readReply());
            client.send("DATA\r\n");
            client.readReply();
            client.send(".\r\n");
            assertEquals("250 empty\r\n", client.readReply());
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            List<ReceivedMessage> messages = transcript.messages();
            assertEquals(2, messages.size());
            assertEquals(".leading dot\r\n.\r\nbare lf then dot\n.\r\nend\r\n", messages.get(0).contentText(),
                    "a dot line after a bare LF neither ends the data nor is un-stuffed");
            assertEquals(wire, WireText.text(messages.get(0).wireBytes()));
            assertEquals("DATA\r\n".length(), messages.get(0).clientOffset());
            assertEquals(ReceivedMessage.Transfer.DATA, messages.get(0).transfer());
            assertEquals("", messages.get(1).contentText());
        }
    }

    @Test
    void dataSentInManySmallWritesIsReassembled() throws IOException {
        Script script = Script.builder().greet("220 x").expect("DATA").reply("354 go").expectData()
                .reply("250 ok").build();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            body.append("line ").append(i).append(" of a longer message\r\n");
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("DATA\r\n");
            client.readReply();
            String wire = body + ".\r\n";
            for (int at = 0; at < wire.length(); at += 7) {
                client.send(wire.substring(at, Math.min(wire.length(), at + 7)));
            }
            assertEquals("250 ok\r\n", client.readReply());
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertEquals(body.toString(), transcript.messages().get(0).contentText());
        }
    }

    @Test
    void bdatChunksAreReadByDeclaredSizeWithoutStuffing() throws IOException {
        Script script = Script.builder().greet("220 x")
                .expectBdat().reply("250 first")
                .expectBdatUntilLast("250 chunk ok")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("BDAT 7\r\nA\r\n.\r\nB");
            assertEquals("250 first\r\n", client.readReply());
            client.send("BDAT 3\r\nC\r\n");
            assertEquals("250 chunk ok\r\n", client.readReply());
            client.send("BDAT 0 LAST\r\n");
            assertEquals("250 chunk ok\r\n", client.readReply());
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            List<BdatChunk> chunks = transcript.bdatChunks();
            assertEquals(List.of("BDAT 7", "BDAT 3", "BDAT 0 LAST"), chunks.stream().map(BdatChunk::commandLine).toList());
            assertEquals("A\r\n.\r\nB", WireText.text(chunks.get(0).bytes()));
            assertTrue(chunks.get(2).last());
            assertEquals(1, transcript.messages().size());
            assertEquals("A\r\n.\r\nBC\r\n", transcript.messages().get(0).contentText());
            assertEquals(ReceivedMessage.Transfer.BDAT, transcript.messages().get(0).transfer());
        }
    }

    @Test
    void malformedBdatCommandIsAMismatch() throws IOException {
        Script script = Script.builder().greet("220 x").expectBdat().reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("BDAT ten\r\n");
            assertEquals("", client.readToEnd());

            ScriptFailure failure = server.awaitTranscript(WAIT).failures().get(0);
            assertEquals(ScriptFailure.Kind.MISMATCH, failure.kind());
            assertEquals("BDAT ten\r\n", WireText.text(failure.received()));
        }
    }

    @Test
    void connectionsRunTheirScriptsInOrderAndExtraOnesAreClosed() throws IOException {
        Script first = Script.builder().greet("220 first").build();
        Script second = Script.builder().greet("220 second").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(first, second)) {
            for (String expected : List.of("220 first\r\n", "220 second\r\n")) {
                try (RawClient client = RawClient.connect(server)) {
                    assertEquals(expected, client.readToEnd());
                }
            }
            try (RawClient extra = RawClient.connect(server)) {
                assertEquals("", extra.readToEnd());
            }
            assertEquals(2, server.awaitTranscripts(WAIT).size());
            assertEquals(1, server.extraConnections());
            AssertionError error = assertThrows(AssertionError.class, server::assertScriptsCompleted);
            assertTrue(error.getMessage().contains("1 connection(s) beyond the 2 script(s)"), error.getMessage());
        }
    }

    @Test
    void transcriptsShowsARunningScript() throws IOException {
        Script script = Script.builder().greet("220 x").expect("NOOP").reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("NO");
            AssertionError error = assertThrows(AssertionError.class,
                    () -> server.awaitTranscript(Duration.ofMillis(200)));
            assertTrue(error.getMessage().contains("step 1 (expect \"NOOP\")"), error.getMessage());
            Transcript running = server.transcripts().get(0);
            assertFalse(running.finished());
            assertEquals("220 x\r\n", running.serverText());
        }
    }

    @Test
    void assertClientSentShowsTheFirstDifferenceWithVisibleLineEndings() throws IOException {
        Script script = Script.builder().greet("220 x").expectAny().reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("MAIL FROM:<a@x>\n");
            client.readReply();
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertClientSent("MAIL FROM:<a@x>\n");
            AssertionError error = assertThrows(AssertionError.class,
                    () -> transcript.assertClientSent("MAIL FROM:<a@x>\r\n"));
            assertTrue(error.getMessage().contains("differ at byte offset 15"), error.getMessage());
            assertTrue(error.getMessage().contains("expected line: MAIL FROM:<a@x>\\r\\n"), error.getMessage());
            assertTrue(error.getMessage().contains("actual line:   MAIL FROM:<a@x>\\n"), error.getMessage());
        }
    }

    @Test
    void scriptCannotContinueAfterItEndsTheConnection() {
        ScriptBuilder builder = Script.builder().greet("220 x").close();
        assertThrows(IllegalStateException.class, () -> builder.reply("250 ok"));
        assertThrows(IllegalArgumentException.class, () -> Script.builder().expect("EHLO x\r\n"));
        assertThrows(IllegalArgumentException.class, () -> Script.builder().reply("250 \u0100"));
        assertThrows(IllegalArgumentException.class, () -> Script.builder().splitReply("250 ok", 3, 2));
    }

    @Test
    void describesEachStepAsWritten() {
        Script script = Script.builder().greet("220 x").expect("QUIT").reply("221 bye").close().build();
        assertEquals("0: greet \"220 x\\r\\n\"\n1: expect \"QUIT\"\n2: reply \"221 bye\\r\\n\"\n3: close\n",
                script.toString());
        assertNull(WireText.difference("same", new byte[] {1}, new byte[] {1}));
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
