package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.plainTransaction;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.Extension;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.Message;
import org.esmtp4j.Notify;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DSN parameters (spec §1.7, RFC 3461): {@code RET=} and {@code ENVID=<xtext>} on MAIL,
 * {@code NOTIFY=} (NEVER, or SUCCESS,FAILURE,DELAY in that fixed order) then
 * {@code ORCPT=<type>;<xtext>} on RCPT; all of them only when the server offers DSN. Without
 * DSN the parameters are left out and {@code SMTP_EV_EXTNA_DSN} fires, by default letting the
 * session continue.
 */
class DsnParametersTest {

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    /** Sets RET, ENVID and, on three recipients, NOTIFY NEVER / all three / FAILURE and ORCPT. */
    private static List<Recipient> requestDsn(Message m) {
        m.setDsnReturn(DsnReturn.FULL);
        m.setDsnEnvelopeId("env=id+1");
        Recipient never = m.addRecipient("never@example.org");
        never.setDsnNotify(Set.of(Notify.NEVER));
        Recipient all = m.addRecipient("all@example.org");
        all.setDsnNotify(EnumSet.of(Notify.DELAY, Notify.FAILURE, Notify.SUCCESS));
        all.setDsnOriginalRecipient("rfc822", "a+b=c d@example.org");
        Recipient failure = m.addRecipient("failure@example.org");
        failure.setDsnNotify(Set.of(Notify.FAILURE));
        return List.of(never, all, failure);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void dsnParametersAreSentWhenOffered(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 DSN",
                "MAIL FROM:<sender@example.org> RET=FULL ENVID=env+3Did+2B1",
                "RCPT TO:<never@example.org> NOTIFY=NEVER",
                "RCPT TO:<all@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+2Bb+3Dc+20d@example.org",
                "RCPT TO:<failure@example.org> NOTIFY=FAILURE");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            ExtensionEvents events = new ExtensionEvents(false);
            session.setEventListener(events);
            Message m = addMessage(session);
            List<Recipient> r = requestDsn(m);

            session.start();

            completedTranscript(server);
            assertEquals(List.of(), events.missing);
            r.forEach(x -> assertEquals(Outcome.DELIVERED, x.outcome(), x.toString()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void retHeadersAndOrcptAlone(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 DSN",
                "MAIL FROM:<sender@example.org> RET=HDRS",
                "RCPT TO:<a@example.org> ORCPT=rfc822;orig@example.org");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setDsnReturn(DsnReturn.HEADERS);
            m.addRecipient("a@example.org").setDsnOriginalRecipient("rfc822", "orig@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutDsnOfferedTheParametersAreLeftOutAndTheEventFires(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 8BITMIME",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<never@example.org>", "RCPT TO:<all@example.org>", "RCPT TO:<failure@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            ExtensionEvents events = new ExtensionEvents(false);
            session.setEventListener(events);
            Message m = addMessage(session);
            List<Recipient> r = requestDsn(m);

            StartResult result = session.start();

            completedTranscript(server);
            assertEquals(List.of(Extension.DSN), events.missing);
            assertEquals(List.of(false), events.defaults, "libESMTP's default for DSN is to continue");
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            r.forEach(x -> assertEquals(Outcome.DELIVERED, x.outcome(), x.toString()));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void withoutDsnOfferedAListenerCanQuit(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 8BITMIME")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            ExtensionEvents events = new ExtensionEvents(true);
            session.setEventListener(events);
            Message m = addMessage(session);
            List<Recipient> r = requestDsn(m);

            StartResult result = session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\nQUIT\r\n");
            assertEquals(List.of(Extension.DSN), events.missing);
            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error(), result.toString());
            r.forEach(x -> assertEquals(Outcome.TRANSIENT, x.outcome(), x.toString()));
        }
    }

    /**
     * RFC 3461 §4.4: the ENVID before xtext encoding must be printable US-ASCII, so a space is
     * refused at the call on both engines; libESMTP 1.1.0 would encode it as {@code +20}.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void anEnvidWithASpaceIsRefused(String engine) {
        try (ScriptedSmtpServer server = serve(plainTransaction("250 DSN", "unused"));
                Session session = session(engine, server)) {
            Message m = addMessage(session);

            assertThrows(InvalidArgumentException.class, () -> m.setDsnEnvelopeId("env id+1"));

            assertNull(m.dsnEnvelopeId());
            assertEquals(0, server.transcripts().size());
        }
    }

    /** Records every SMTP_EV_EXTNA_* event and answers each with a fixed {@code quit_now}. */
    private static final class ExtensionEvents implements SmtpEvents {
        final List<Extension> missing = new ArrayList<>();
        final List<Boolean> defaults = new ArrayList<>();
        private final boolean quit;

        ExtensionEvents(boolean quit) {
            this.quit = quit;
        }

        @Override
        public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
            missing.add(extension);
            defaults.add(libesmtpDefault);
            return quit;
        }
    }
}
