package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_CONNECT} and {@code SMTP_EV_DISCONNECT} (libESMTP §2, §5.1): once each for
 * every address that connects, CONNECT before the greeting is read, DISCONNECT after the socket
 * is closed, also when the server refuses the session and the next address is tried.
 */
class ConnectionEventTest {

    private static final String CONTENT = "Subject: s\r\n\r\nbody\r\n";
    private static final Duration GREETING_DELAY = Duration.ofMillis(300);

    /** One message to b@example.org, delivered. */
    private static Script delivery() {
        return EventTests.greetAndEhlo("8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void connectedComesBeforeTheGreetingAndDisconnectedLast(String engine) {
        Script slowGreeting = Script.builder()
                .stall(GREETING_DELAY)
                .greet("220 test.example ESMTP")
                .expect("EHLO " + EventTests.CLIENT).reply(EventTests.ehloReply("8BITMIME"))
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        long[] connectedAt = new long[1];
        RecordingListener listener = new RecordingListener() {
            @Override
            public void connected() {
                super.connected();
                connectedAt[0] = System.nanoTime();
            }
        };
        try (ScriptedSmtpServer server = EventTests.serve(slowGreeting);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            session.start();
            long returnedAt = System.nanoTime();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertTrue(Duration.ofNanos(returnedAt - connectedAt[0]).compareTo(GREETING_DELAY.minusMillis(50)) >= 0,
                    "CONNECT fires before the delayed greeting is read");
            List<String> events = listener.events();
            assertEquals("connected", events.get(0));
            assertEquals("disconnected", events.get(events.size() - 1));
            assertEquals(1, listener.events("connected").size());
            assertEquals(1, listener.events("disconnected").size());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void eachStartIsOneConnectionWithOneOfEach(String engine) {
        Script first = EventTests.greetAndEhlo("8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("451 try again")
                .expect("RCPT TO:<c@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(first, delivery());
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org", "c@example.org");
            session.start();
            // b got 4xx: the second start retries it alone, on a new connection (§5.4).
            session.start();
            server.assertScriptsCompleted(WAIT);
            assertEquals(List.of("connected", "mail#1 250 ok", "rcpt b@example.org 451 try again",
                    "rcpt c@example.org 250 ok", "sent#1 250", "disconnected",
                    "connected", "mail#1 250 ok", "rcpt b@example.org 250 ok", "sent#1 250", "disconnected"),
                    listener.eventsWithoutData());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void aRefusedGreetingStillGivesOneOfEach(String engine) {
        Script refusal = Script.builder()
                .greet("554 no service")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(refusal);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertFalse(result.connected(), "the only address fell back: " + result);
            assertEquals(List.of("connected", "disconnected"), listener.events());
        }
    }

    /**
     * Two addresses (a name resolving to 127.0.0.1 and ::1): the first refuses the greeting, the
     * client falls back to the second (§5.1) and reports each connection. Runs only where such a
     * name exists; this needs the host's resolver, which a test must not change.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void aFallbackToTheSecondAddressGivesOneOfEachPerConnection(String engine) throws IOException {
        Optional<String> dualName = dualStackLoopbackName();
        Assumptions.assumeTrue(dualName.isPresent(), "no host name resolves to both 127.0.0.1 and ::1 here");
        Script refusal = Script.builder()
                .greet("554 not this address")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(refusal, delivery());
                LoopbackForwarder both = LoopbackForwarder.start(server.socketAddress());
                Session session = EventTests.session(engine, dualName.get() + ":" + both.port(), listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            StartResult result = session.start();
            List<Transcript> transcripts = server.awaitTranscripts(WAIT);
            transcripts.forEach(Transcript::assertScriptCompleted);
            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(List.of("connected", "disconnected",
                    "connected", "mail#1 250 ok", "rcpt b@example.org 250 ok", "sent#1 250", "disconnected"),
                    listener.eventsWithoutData());
        }
    }

    private static Optional<String> dualStackLoopbackName() {
        for (String name : List.of("localhost", "localhost6", "ip6-localhost", "ip6-loopback")) {
            try {
                InetAddress[] all = InetAddress.getAllByName(name);
                boolean v4 = false;
                boolean v6 = false;
                for (InetAddress a : all) {
                    v4 |= a instanceof Inet4Address && a.isLoopbackAddress();
                    v6 |= a instanceof Inet6Address && a.isLoopbackAddress();
                }
                if (v4 && v6 && all.length == 2) {
                    return Optional.of(name);
                }
            } catch (UnknownHostException e) {
                // try the next name
            }
        }
        return Optional.empty();
    }
}
