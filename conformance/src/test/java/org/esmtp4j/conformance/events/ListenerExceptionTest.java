package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A listener that throws: the throwable comes out of {@link Session#start()} unchanged on every
 * engine (on the libesmtp engine it must not cross into C: it is caught in the callback and
 * rethrown after libESMTP returns), a message whose end of data was not yet sent is not
 * delivered, and the same engine then runs another session normally.
 *
 * <p>Not asserted, because the specification leaves it open and the engines differ: what goes on
 * the wire after the throw (the java engine closes the connection at once; libESMTP has no way to
 * be stopped, so the libesmtp engine lets it run on, without further events, until its next
 * content read fails the transfer or the dialogue ends), and whether {@code disconnected()} is
 * still delivered after the throw (java: yes; libesmtp: no).
 */
class ListenerExceptionTest {

    /** The events a listener can throw from in {@link #dialogue()}, in the order they fire. */
    private static final List<String> EVENTS = List.of("connected", "extna", "deliverBy", "mail", "rcpt", "data",
            "sent", "disconnected");

    static Stream<Arguments> engineAndEvent() {
        List<Arguments> all = new ArrayList<>();
        EventTests.engines().forEach(engine -> EVENTS.forEach(event -> all.add(Arguments.of(engine, event))));
        return all.stream();
    }

    /** Throws {@code toThrow} from the first event whose record starts with {@code event}. */
    private static final class ThrowingListener extends RecordingListener {
        private final String event;
        private final Throwable toThrow;

        ThrowingListener(String event, Throwable toThrow) {
            this.event = event;
            this.toThrow = toThrow;
        }

        @Override
        protected void record(String line) {
            super.record(line);
            if (line.startsWith(event)) {
                if (toThrow instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) toThrow;
            }
        }
    }

    /** A dialogue that raises every event of {@link #EVENTS}; a client that stops early ends it. */
    private static Script dialogue() {
        return EventTests.greetAndEhlo("DELIVERBY 60", "8BITMIME")
                // libESMTP sends the wrong DELIVERBY letter (§8.3 #6); not this test's subject.
                .expectMatching("MAIL FROM:<a@example.org> BY=10[NR]").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
    }

    private static void addMessage(Session session) {
        Message m = EventTests.addMessage(session, "a@example.org", "Subject: s\r\n\r\nbody\r\n", "b@example.org");
        m.setDsnReturn(DsnReturn.HEADERS);
        m.setDeliverBy(10, ByMode.NOTIFY, false);
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("engineAndEvent")
    void aRuntimeExceptionPropagatesUnchangedAndTheEngineStaysUsable(String engine, String event) {
        assertPropagatesThenNextSessionWorks(engine, event, new IllegalStateException("listener failed at " + event));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void anErrorPropagatesUnchangedToo(String engine) {
        // For example a failed assertion inside a listener: it must reach the caller as itself.
        assertPropagatesThenNextSessionWorks(engine, "rcpt", new AssertionError("assertion in a listener"));
    }

    private static void assertPropagatesThenNextSessionWorks(String engine, String event, Throwable toThrow) {
        ThrowingListener listener = new ThrowingListener(event, toThrow);
        try (ScriptedSmtpServer server = EventTests.serve(dialogue());
                Session session = EventTests.session(engine, server, listener)) {
            addMessage(session);
            Throwable thrown = assertThrows(Throwable.class, session::start);
            assertSame(toThrow, thrown, "the listener's own throwable, not a wrapper");
            assertTrue(listener.events().stream().anyMatch(e -> e.startsWith(event)), listener.events().toString());
            Transcript transcript = server.awaitTranscript(WAIT);
            boolean endOfDataSentBeforeTheThrow = event.equals("sent") || event.equals("disconnected");
            assertEquals(endOfDataSentBeforeTheThrow ? 1 : 0, transcript.messages().size(),
                    "a message is delivered only if its end of data went out before the throw\n" + transcript.dialogue());
        }
        assertAnotherSessionWorks(engine);
    }

    /** A plain session on the same engine afterwards: every event, the message delivered. */
    private static void assertAnotherSessionWorks(String engine) {
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(dialogue());
                Session session = EventTests.session(engine, server, listener)) {
            addMessage(session);
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(List.of("connected", "extna DSN default=false", "deliverBy#1 shortfall=50", "mail#1 250 ok",
                    "rcpt b@example.org 250 ok", "sent#1 250", "disconnected"), listener.eventsWithoutData());
            Recipient r = session.messages().get(0).recipients().get(0);
            assertTrue(r.isComplete(), r.toString());
        }
    }
}
