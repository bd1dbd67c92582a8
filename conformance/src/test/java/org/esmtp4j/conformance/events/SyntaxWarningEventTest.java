package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.esmtp4j.Message;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_SYNTAXWARNING} (libESMTP §2, §5.7 {@code read_smtp_response}): the server
 * advertised ENHANCEDSTATUSCODES but a 2xx/4xx/5xx reply lacks the triplet. By default the reply
 * is accepted; answering true fails that reply with INVALID_RESPONSE_SYNTAX and the session quits.
 */
class SyntaxWarningEventTest {

    private static final String CONTENT = "Subject: s\r\n\r\nbody\r\n";

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void byDefaultTheReplyIsAcceptedAndTheMessageSent(String engine) {
        Script script = EventTests.greetAndEhlo("ENHANCEDSTATUSCODES", "8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 2.1.0 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 recipient ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 2.0.0 queued")
                // libESMTP also asks about the QUIT reply [verified, §2].
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();

            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(List.of("connected", "mail#1 250 ok", "syntaxWarning",
                    "rcpt b@example.org 250 recipient ok", "sent#1 250", "syntaxWarning", "disconnected"),
                    listener.eventsWithoutData());
            assertEquals(1, transcript.messages().size());
            assertEquals(0, m.recipients().get(0).status().enhancedClass(), "the triplet is ignored for that reply");
            assertEquals("2.0.0", m.transferStatus().enhancedCode());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void answeringTrueAbortsTheReplyAndQuits(String engine) {
        Script script = EventTests.greetAndEhlo("ENHANCEDSTATUSCODES", "8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 sender ok")
                .expect("QUIT").reply("221 2.0.0 bye")
                .expectNoMoreInput(Duration.ofMillis(300))
                .build();
        RecordingListener listener = new RecordingListener().answerSyntaxWarning(true);
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();

            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.INVALID_RESPONSE_SYNTAX, result.error(), result.toString());
            // The MAIL reply is the one refused: no MAILSTATUS, no RCPT, nothing sent.
            assertEquals(List.of("connected", "syntaxWarning", "disconnected"), listener.events());
            transcript.assertClientSentLines("EHLO " + EventTests.CLIENT, "MAIL FROM:<a@example.org>", "QUIT");
            assertTrue(transcript.messages().isEmpty());
            assertEquals(0, m.transferStatus().code());
            assertFalse(m.recipients().get(0).isComplete(), "the recipient stays to be retried");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void theQuitReplyAfterTheAbortIsAskedAboutToo(String engine) {
        // libESMTP reads the QUIT reply with read_smtp_response like every other reply, so a
        // QUIT reply without a triplet raises the event again (§2: "also fires on the 221 bye
        // QUIT reply"); the session error stays the first one.
        Script script = EventTests.greetAndEhlo("ENHANCEDSTATUSCODES", "8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 sender ok")
                .expect("QUIT").reply("221 bye")
                .expectNoMoreInput(Duration.ofMillis(300))
                .build();
        RecordingListener listener = new RecordingListener().answerSyntaxWarning(true);
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.INVALID_RESPONSE_SYNTAX, result.error(), result.toString());
            assertEquals(List.of("connected", "syntaxWarning", "syntaxWarning", "disconnected"), listener.events());
        }
    }
}
