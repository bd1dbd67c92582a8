package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.esmtp4j.BodyType;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Notify;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_EXTNA_*} (libESMTP §2, §5.2 step 3, {@code report_extensions}): raised after
 * EHLO for each required extension the server does not offer, with libESMTP's default answer;
 * the answer decides whether the session quits (error 8) or continues without the extension.
 */
class ExtensionNotAvailableEventTest {

    private static final String CONTENT = "Subject: s\r\n\r\nbody\r\n";
    private static final Duration QUIET = Duration.ofMillis(300);

    /** The dialogue of a session that quits right after EHLO. */
    private static Script quitAfterEhlo(String... extensions) {
        return EventTests.greetAndEhlo(extensions)
                .expect("QUIT").reply("221 bye")
                .expectNoMoreInput(QUIET)
                .build();
    }

    /** The dialogue of one message sent with this MAIL and RCPT command. */
    private static Script oneMessage(String mail, String rcpt, String... extensions) {
        return EventTests.greetAndEhlo(extensions)
                .expect(mail).reply("250 ok")
                .expect(rcpt).reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
    }

    private static void assertQuitWithExtensionError(StartResult result) {
        assertTrue(result.connected(), result.toString());
        assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error(), result.toString());
        assertEquals(8, result.libesmtpErrno());
    }

    private static Message dsnMessage(Session session) {
        Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
        m.setDsnReturn(DsnReturn.FULL);
        m.recipients().get(0).setDsnNotify(EnumSet.of(Notify.FAILURE));
        return m;
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingDsnByDefaultContinuesWithoutDsnParameters(String engine) {
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(
                    oneMessage("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            dsnMessage(session);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(List.of("connected", "extna DSN default=false", "mail#1 250 ok", "rcpt b@example.org 250 ok",
                    "sent#1 250", "disconnected"), listener.eventsWithoutData());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingDsnAnsweredTrueQuits(String engine) {
        RecordingListener listener = new RecordingListener().answerExtension(Extension.DSN, true);
        try (ScriptedSmtpServer server = EventTests.serve(quitAfterEhlo("8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            Message m = dsnMessage(session);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertQuitWithExtensionError(result);
            assertEquals(List.of("connected", "extna DSN default=false", "disconnected"), listener.events());
            assertFalse(m.recipients().get(0).isComplete());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missing8BitMimeIsFatalWhateverTheAnswer(String engine) {
        RecordingListener listener = new RecordingListener().answerExtension(Extension.EIGHT_BIT_MIME, false);
        try (ScriptedSmtpServer server = EventTests.serve(quitAfterEhlo("PIPELINING"));
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            m.setBodyType(BodyType.EIGHT_BIT_MIME);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertQuitWithExtensionError(result);
            assertEquals(List.of("connected", "extna EIGHT_BIT_MIME default=true", "disconnected"), listener.events());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingEtrnQuitsByDefault(String engine) {
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(quitAfterEhlo("8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            session.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertQuitWithExtensionError(result);
            assertEquals(List.of("connected", "extna ETRN default=true", "disconnected"), listener.events());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingEtrnAnsweredFalseSendsTheMailWithoutEtrn(String engine) {
        RecordingListener listener = new RecordingListener().answerExtension(Extension.ETRN, false);
        try (ScriptedSmtpServer server = EventTests.serve(
                    oneMessage("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            EtrnNode node = session.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(List.of("connected", "extna ETRN default=true", "mail#1 250 ok", "rcpt b@example.org 250 ok",
                    "sent#1 250", "disconnected"), listener.eventsWithoutData());
            assertEquals(0, node.status().code(), "no ETRN was sent");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingBinaryMimeIsFatalWhateverTheAnswer(String engine) {
        RecordingListener listener = new RecordingListener().answerExtension(Extension.BINARY_MIME, false);
        try (ScriptedSmtpServer server = EventTests.serve(quitAfterEhlo("CHUNKING", "8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            m.setBodyType(BodyType.BINARY_MIME);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertQuitWithExtensionError(result);
            assertEquals(List.of("connected", "extna BINARY_MIME default=true", "disconnected"), listener.events());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingChunkingForABinaryBodyContinuesByDefault(String engine) {
        // Without CHUNKING the BINARYMIME body goes by DATA; BODY=BINARYMIME is still declared
        // because the server offers BINARYMIME (libESMTP cmd_mail).
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(oneMessage("MAIL FROM:<a@example.org> BODY=BINARYMIME",
                    "RCPT TO:<b@example.org>", "BINARYMIME", "8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            m.setBodyType(BodyType.BINARY_MIME);
            StartResult result = session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(List.of("connected", "extna CHUNKING default=false", "mail#1 250 ok", "rcpt b@example.org 250 ok",
                    "sent#1 250", "disconnected"), listener.eventsWithoutData());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void missingChunkingAnsweredTrueQuits(String engine) {
        RecordingListener listener = new RecordingListener().answerExtension(Extension.CHUNKING, true);
        try (ScriptedSmtpServer server = EventTests.serve(quitAfterEhlo("BINARYMIME", "8BITMIME"));
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            m.setBodyType(BodyType.BINARY_MIME);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertQuitWithExtensionError(result);
            assertEquals(List.of("connected", "extna CHUNKING default=false", "disconnected"), listener.events());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void everyMissingExtensionIsReportedInLibesmtpOrderBeforeQuitting(String engine) {
        // report_extensions asks about every missing extension, in the order DSN, CHUNKING,
        // BINARYMIME, 8BITMIME, ETRN, and only then quits if any answer (or fatality) says so.
        RecordingListener listener = new RecordingListener().answerExtension(Extension.DSN, true);
        try (ScriptedSmtpServer server = EventTests.serve(quitAfterEhlo("PIPELINING"));
                Session session = EventTests.session(engine, server, listener)) {
            Message eight = dsnMessage(session);
            eight.setBodyType(BodyType.EIGHT_BIT_MIME);
            Message binary = EventTests.addMessage(session, "a@example.org", CONTENT, "c@example.org");
            binary.setBodyType(BodyType.BINARY_MIME);
            session.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertQuitWithExtensionError(result);
            assertEquals(List.of("connected", "extna DSN default=false", "extna CHUNKING default=false",
                    "extna BINARY_MIME default=true", "extna EIGHT_BIT_MIME default=true", "extna ETRN default=true",
                    "disconnected"), listener.events());
        }
    }
}
