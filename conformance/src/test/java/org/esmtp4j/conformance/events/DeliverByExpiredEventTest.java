package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.esmtp4j.ByMode;
import org.esmtp4j.Message;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_DELIVERBY_EXPIRED} (libESMTP §2, {@code cmd_mail}): raised while MAIL is built
 * when the requested BY time is below the server's advertised minimum, with the shortfall; a
 * positive answer sends {@code minimum + adjust}, 0 sends the requested time.
 *
 * <p>The mode letter is a known divergence: libESMTP 1.1.0 indexes its letter table with the
 * enum value (§8.3 #6), so {@code By_NOTIFY} goes out as {@code R}; the java engine sends RFC
 * 2852's {@code N}.
 */
class DeliverByExpiredEventTest {

    private static final String CONTENT = "Subject: s\r\n\r\nbody\r\n";

    /** The letter each engine sends for {@link ByMode#NOTIFY}. */
    private static char notifyLetter(String engine) {
        return "libesmtp".equals(engine) ? 'R' : ByMode.NOTIFY.letter();
    }

    private static Script oneMessageWithBy(String by) {
        return EventTests.greetAndEhlo("DELIVERBY 60", "8BITMIME")
                .expect("MAIL FROM:<a@example.org> BY=" + by).reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
    }

    private static void runOneMessage(String engine, RecordingListener listener, String expectedBy) {
        try (ScriptedSmtpServer server = EventTests.serve(oneMessageWithBy(expectedBy));
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            m.setDeliverBy(10, ByMode.NOTIFY, false);
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void aPositiveAdjustmentSendsTheMinimumPlusTheAdjustment(String engine) {
        RecordingListener listener = new RecordingListener().adjustDeliverBy(5);
        runOneMessage(engine, listener, "65" + notifyLetter(engine));
        // Raised while MAIL is built, so before its reply.
        assertEquals(List.of("connected", "deliverBy#1 shortfall=50", "mail#1 250 ok", "rcpt b@example.org 250 ok",
                "sent#1 250", "disconnected"), listener.eventsWithoutData());
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void noAdjustmentSendsTheRequestedTime(String engine) {
        RecordingListener listener = new RecordingListener();
        runOneMessage(engine, listener, "10" + notifyLetter(engine));
        assertEquals(List.of("deliverBy#1 shortfall=50"), listener.events("deliverBy"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void eachMessageIsAskedAboutWithItsOwnShortfall(String engine) {
        char n = notifyLetter(engine);
        Script script = EventTests.greetAndEhlo("DELIVERBY 60", "8BITMIME")
                .expect("MAIL FROM:<a@example.org> BY=10" + n).reply("550 BY time too short")
                .expect("MAIL FROM:<a@example.org> BY=120" + n + "T").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("MAIL FROM:<a@example.org> BY=66" + n).reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener() {
            @Override
            public long deliverByExpired(Message message, long shortfall) {
                super.deliverByExpired(message, shortfall);
                return message.index() == 3 ? 6 : 0;
            }
        };
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org").setDeliverBy(10, ByMode.NOTIFY, false);
            // At or above the minimum: no event.
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org").setDeliverBy(120, ByMode.NOTIFY, true);
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org").setDeliverBy(30, ByMode.NOTIFY, false);
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(List.of("connected", "deliverBy#1 shortfall=50", "mail#1 550 BY time too short",
                    "mail#2 250 ok", "rcpt b@example.org 250 ok", "sent#2 250",
                    "deliverBy#3 shortfall=30", "mail#3 250 ok", "rcpt b@example.org 250 ok", "sent#3 250",
                    "disconnected"), listener.eventsWithoutData());
        }
    }
}
