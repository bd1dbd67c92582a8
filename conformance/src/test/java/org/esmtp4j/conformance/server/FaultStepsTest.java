package org.esmtp4j.conformance.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault-injection steps, each observed from a plain socket client. */
class FaultStepsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void closeSendsFinAndRecordsWhatTheClientSendsAfterwards() throws IOException {
        Script script = Script.builder().greet("220 x").close().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            assertEquals("220 x\r\n", client.readToEnd());
            client.send("QUIT\r\n");
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            transcript.assertClientSent("QUIT\r\n");
            assertTrue(transcript.clientClosed());
        }
    }

    @Test
    void resetAbortsTheConnection() throws IOException {
        Script script = Script.builder().greet("220 x").expect("EHLO a").reset().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO a\r\n");
            SocketException reset = assertThrows(SocketException.class, client::readOnce);
            assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset.getMessage());
            server.awaitTranscript(WAIT).assertScriptCompleted();
        }
    }

    @Test
    void resetAfterReadingBytesCutsTheDataShort() throws IOException {
        Script script = Script.builder().greet("220 x").expect("DATA").reply("354 go")
                .resetAfterReadingBytes(64 * 1024).build();
        byte[] block = WireText.bytes("x".repeat(1022) + "\r\n");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("DATA\r\n");
            client.readReply();
            OutputStream out = client.socket().getOutputStream();
            IOException writeFailure = null;
            long written = 0;
            try {
                // Keep writing until the RST makes a write fail; bounded at 256 MiB.
                while (written < 256L * 1024 * 1024) {
                    out.write(block);
                    written += block.length;
                }
            } catch (IOException e) {
                writeFailure = e;
            }
            assertTrue(writeFailure != null, "a write must fail after the server's RST");

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertTrue(transcript.clientBytes().length >= "DATA\r\n".length() + 64 * 1024);
        }
    }

    @Test
    void closeAfterReadingBytesHangsUpMidStream() throws IOException {
        Script script = Script.builder().greet("220 x").expect("DATA").reply("354 go")
                .closeAfterReadingBytes(4).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("DATA\r\n");
            client.readReply();
            client.send("Subj");
            assertEquals("", client.readToEnd(), "FIN after the 4 bytes");
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            transcript.assertClientSent("DATA\r\nSubj");
            assertTrue(transcript.messages().isEmpty(), "an unterminated message is not a message");
        }
    }

    @Test
    void stallSaysNothingSoTheClientTimesOutAndCloseInterruptsIt() throws IOException {
        Script script = Script.builder().greet("220 x").expect("EHLO a").stall(Duration.ofSeconds(30))
                .reply("250 too late").build();
        ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
        try (server; RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO a\r\n");
            client.readTimeout(Duration.ofMillis(300));
            assertThrows(SocketTimeoutException.class, client::readOnce);
        }
        long start = System.nanoTime();
        server.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
        Transcript transcript = server.awaitTranscript(WAIT);
        assertEquals(ScriptFailure.Kind.SERVER_STOPPED, transcript.failures().get(0).kind());
        assertEquals("stall PT30S", transcript.failures().get(0).step());
    }

    @Test
    void dripSendsOneBytePerWriteAtTheGivenPace() throws IOException {
        Duration perByte = Duration.ofMillis(25);
        Script script = Script.builder().drip("220 drip", perByte).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            long start = System.nanoTime();
            List<String> reads = new ArrayList<>();
            String piece;
            while ((piece = client.readOnce()) != null) {
                reads.add(piece);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertEquals("220 drip\r\n", String.join("", reads));
            assertTrue(reads.size() >= 5, "bytes must arrive spread out, got " + reads);
            assertTrue(elapsed.compareTo(perByte.multipliedBy(9)) >= 0, "10 bytes took only " + elapsed);
            server.awaitTranscript(WAIT).assertScriptCompleted();
        }
    }

    @Test
    void splitReplyArrivesInTheGivenPieces() throws IOException {
        Script script = Script.builder()
                .splitReply("250-first\r\n250 second", Duration.ofMillis(200), 3, 12).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            assertEquals("250", client.readOnce());
            assertEquals("-first\r\n2", client.readOnce());
            assertEquals("50 second\r\n", client.readOnce());
            server.awaitTranscript(WAIT).assertScriptCompleted();
        }
    }

    @Test
    void unsolicitedLinesArriveBeforeTheClientAsksAnything() throws IOException {
        Script script = Script.builder().greet("220 x").sendUnsolicited("250 surprise")
                .expect("EHLO a").reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            assertEquals("220 x\r\n", client.readReply());
            assertEquals("250 surprise\r\n", client.readReply());
            client.send("EHLO a\r\n");
            assertEquals("250 ok\r\n", client.readReply());
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertEquals("220 x\r\n250 surprise\r\n250 ok\r\n", transcript.serverText());
        }
    }

    @Test
    void rawReplyIsSentWithoutAddingALineEnding() throws IOException {
        Script script = Script.builder().replyRaw("250 O").close().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            assertEquals("250 O", client.readToEnd());
        }
    }

    @Test
    void floodEndsQuietlyWhenTheClientGivesUp() throws IOException {
        long total = 256L * 1024 * 1024;
        Script script = Script.builder().flood("250-endless\r\n", total).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script)) {
            try (RawClient client = RawClient.connect(server)) {
                String start = client.readOnce();
                assertTrue(start.startsWith("250-endless\r\n"), start);
            }
            Transcript transcript = server.awaitTranscript(Duration.ofSeconds(20));
            transcript.assertScriptCompleted();
            assertTrue(transcript.clientClosed());
            assertTrue(transcript.serverBytes().length < total, "the flood must stop when the client leaves");
        }
    }

    @Test
    void expectNoMoreInputPassesOnSilenceAndFailsOnInput() throws IOException {
        Script script = Script.builder().greet("220 x").expectNoMoreInput(Duration.ofMillis(300)).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script, script)) {
            try (RawClient quiet = RawClient.connect(server)) {
                assertEquals("220 x\r\n", quiet.readToEnd());
            }
            server.awaitTranscript(0, WAIT).assertScriptCompleted();

            try (RawClient talkative = RawClient.connect(server)) {
                talkative.readReply();
                talkative.send("NOOP\r\n");
                assertEquals("", talkative.readToEnd());
            }
            ScriptFailure failure = server.awaitTranscript(1, WAIT).failures().get(0);
            assertEquals(ScriptFailure.Kind.UNEXPECTED_INPUT, failure.kind());
            assertEquals("NOOP\r\n", WireText.text(failure.received()));
        }
    }

    @Test
    void expectClientCloseRequiresTheClientToHangUp() throws IOException {
        Script script = Script.builder().greet("421 bye").expectClientClose().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofMillis(300))
                .start(script, script)) {
            try (RawClient polite = RawClient.connect(server)) {
                polite.readReply();
            }
            Transcript closed = server.awaitTranscript(0, WAIT);
            closed.assertScriptCompleted();
            assertTrue(closed.clientClosed());

            try (RawClient lingering = RawClient.connect(server)) {
                lingering.readReply();
                assertEquals("", lingering.readToEnd(), "the server gives up after the read timeout");
            }
            ScriptFailure failure = server.awaitTranscript(1, WAIT).failures().get(0);
            assertEquals(ScriptFailure.Kind.TIMEOUT, failure.kind());
            assertEquals("expectClientClose", failure.step());
        }
    }
}
