package org.esmtp4j.conformance.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every wait is bounded: reads by the read timeout, close() by a join limit. */
class TimeoutTest {

    @Test
    void aLineThatNeverComesFailsWithinTheReadTimeout() throws IOException {
        Script script = Script.builder().greet("220 x").expect("EHLO a").reply("250 ok").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofMillis(300))
                .start(script); RawClient client = RawClient.connect(server)) {
            long start = System.nanoTime();
            client.readReply();
            client.send("EHLO");
            Transcript transcript = server.awaitTranscript(Duration.ofSeconds(5));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(elapsed.compareTo(Duration.ofMillis(250)) >= 0, "gave up too early: " + elapsed);
            assertTrue(elapsed.compareTo(Duration.ofSeconds(3)) < 0, "gave up too late: " + elapsed);
            ScriptFailure failure = transcript.failures().get(0);
            assertEquals(ScriptFailure.Kind.TIMEOUT, failure.kind());
            assertEquals("expect \"EHLO a\"", failure.step());
            assertEquals("EHLO a\r\n", failure.expected());
            assertEquals("EHLO", WireText.text(failure.received()), "the partial line is reported");
            assertEquals(1, failure.stepIndex());
        }
    }

    @Test
    void theClientClosingMidLineIsReportedAsSuch() throws IOException {
        Script script = Script.builder().greet("220 x").expect("EHLO a").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script)) {
            try (RawClient client = RawClient.connect(server)) {
                client.readReply();
                client.send("EH");
            }
            ScriptFailure failure = server.awaitTranscript(Duration.ofSeconds(5)).failures().get(0);
            assertEquals(ScriptFailure.Kind.CLIENT_CLOSED, failure.kind());
            assertEquals("EH", WireText.text(failure.received()));
        }
    }

    @Test
    void closeReturnsPromptlyWhileAScriptWaitsForInput() throws IOException {
        Script script = Script.builder().greet("220 x").expect("EHLO a").build();
        ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(60)).start(script);
        try (server; RawClient client = RawClient.connect(server)) {
            client.readReply();
            long start = System.nanoTime();
            server.close();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
            assertEquals("", client.readToEnd());
        }
        assertEquals(ScriptFailure.Kind.SERVER_STOPPED,
                server.awaitTranscript(Duration.ofSeconds(1)).failures().get(0).kind());
    }

    @Test
    void awaitingAConnectionThatIsNeverMadeFailsAtTheTimeout() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Script.builder().greet("220 x").build())) {
            long start = System.nanoTime();
            AssertionError error = assertThrows(AssertionError.class,
                    () -> server.awaitTranscript(Duration.ofMillis(200)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
            assertTrue(error.getMessage().contains("connection 0 was not made"), error.getMessage());
            AssertionError unmet = assertThrows(AssertionError.class,
                    () -> server.assertScriptsCompleted(Duration.ofMillis(100)));
            assertTrue(unmet.getMessage().contains("was not made"), unmet.getMessage());
        }
    }
}
