package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT_AS_DATA;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.plainTransaction;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.InvalidContentException;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that libESMTP 1.1.0 would put on the wire is refused before anything is sent
 * (COMPATIBILITY F1, F4, F6; hostile cases E1, E12, E10), checked on the server side: the call
 * throws and the scripted server sees no connection.
 */
class BadInputRefusedTest {

    /** The transaction a server would run if the client connected; it must never run. */
    private static final Script NEVER_RUN = plainTransaction("250-mx.example\r\n250 DSN",
            "MAIL FROM:<sender@example.org>", "RCPT TO:<v@x>");

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    static Stream<Arguments> enginesAndInjectedRecipients() {
        return TranscriptSupport.engines().flatMap(engine -> Stream.of(
                Arguments.of(engine, "CRLF", "v@x>\r\nRCPT TO:<evil@y"),
                Arguments.of(engine, "LF", "v@x>\nRCPT TO:<evil@y"),
                Arguments.of(engine, "CR", "v@x>\rRCPT TO:<evil@y")));
    }

    private static void assertNoConnection(ScriptedSmtpServer server) {
        assertEquals(List.of(), server.transcripts(), "the server saw a connection");
        assertEquals(0, server.extraConnections());
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("enginesAndInjectedRecipients")
    void aRecipientWithALineBreakIsRefusedAndNothingIsSent(String engine, String lineBreak, String mailbox) {
        try (ScriptedSmtpServer server = serve(NEVER_RUN); Session session = session(engine, server)) {
            Message m = addMessage(session);

            assertThrows(InvalidArgumentException.class, () -> m.addRecipient(mailbox));

            assertEquals(List.of(), m.recipients(), "the refused recipient is not kept");
            StartResult result = session.start();
            assertEquals(SmtpError.NOTHING_TO_DO, result.error(), result.toString());
            assertNoConnection(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aReversePathWithALineBreakIsRefused(String engine) {
        try (ScriptedSmtpServer server = serve(NEVER_RUN); Session session = session(engine, server)) {
            Message m = session.addMessage();

            assertThrows(InvalidArgumentException.class, () -> m.setReversePath("s@x>\r\nRCPT TO:<evil@y"));

            assertFalse(m.hasReversePath());
            assertNoConnection(server);
        }
    }

    /** The session stays usable: a valid recipient added after the refusal goes out alone. */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void afterTheRefusalOnlyTheValidRecipientReachesTheWire(String engine) {
        Script script = plainTransaction("250 mx.example", "MAIL FROM:<sender@example.org>", "RCPT TO:<v@x>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            assertThrows(InvalidArgumentException.class, () -> m.addRecipient("v@x>\r\nRCPT TO:<evil@y"));
            Recipient valid = m.addRecipient("v@x");

            session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\n"
                    + "MAIL FROM:<sender@example.org>\r\n"
                    + "RCPT TO:<v@x>\r\n"
                    + "DATA\r\n"
                    + CONTENT_AS_DATA
                    + "QUIT\r\n");
            assertEquals(List.of(valid), m.recipients());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void anEnvidOf300CharactersIsRefused(String engine) {
        try (ScriptedSmtpServer server = serve(NEVER_RUN); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.addRecipient("v@x");

            // libESMTP 1.1.0 overflows its 256-byte xtext buffer or sends "ENVID=(null)" (E12).
            assertThrows(InvalidArgumentException.class, () -> m.setDsnEnvelopeId("e".repeat(300)));

            assertNull(m.dsnEnvelopeId());
            assertNoConnection(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void anOrcptOf600CharactersIsRefused(String engine) {
        try (ScriptedSmtpServer server = serve(NEVER_RUN); Session session = session(engine, server)) {
            Recipient r = addMessage(session).addRecipient("v@x");

            assertThrows(InvalidArgumentException.class,
                    () -> r.setDsnOriginalRecipient("rfc822", "o".repeat(590) + "@example.org"));

            assertNull(r.dsnOriginalRecipientType());
            assertNoConnection(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aMessageWithA2000OctetLineIsRefusedByStartBeforeConnecting(String engine) {
        try (ScriptedSmtpServer server = serve(NEVER_RUN); Session session = session(engine, server)) {
            addMessage(session, CONTENT + "x".repeat(2000) + "\r\nlast line\r\n").addRecipient("v@x");

            InvalidContentException refused = assertThrows(InvalidContentException.class, session::start);

            assertEquals(7, refused.lineNumber(), refused.getMessage());
            assertNoConnection(server);
        }
    }
}
