package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_MESSAGESENT} (libESMTP §2, §5.2, §5.4): after the end-of-data reply, after a
 * refused DATA, after the last BDAT reply; never for a message whose MAIL failed or that
 * require-all abandoned.
 */
class MessageSentEventTest {

    private static final String CONTENT = "Subject: s\r\n\r\nbody\r\n";

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void firesAfterTheEndOfDataReplyAndAfterARefusedData(String engine) {
        Script script = EventTests.greetAndEhlo("8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("554 no data today")
                // §5.2 DATA: 4xx/5xx to DATA -> MESSAGESENT, then RSET before the next message.
                .expect("RSET").reply("250 reset")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<c@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            EventTests.addMessage(session, "a@example.org", CONTENT, "c@example.org");
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();

            assertEquals(List.of("connected", "mail#1 250 ok", "rcpt b@example.org 250 ok", "sent#1 554",
                    "mail#2 250 ok", "rcpt c@example.org 250 ok", "sent#2 250", "disconnected"),
                    listener.eventsWithoutData());
            assertEquals(List.of(), listener.dataLengths(1), "nothing was written for the refused DATA");
            assertTrue(RecordingListener.sentFollowsLastData(listener.events(), 2), listener.events().toString());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void firesAfterTheLastBdatReply(String engine) {
        Script script = EventTests.greetAndEhlo("CHUNKING", "8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 chunk ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            EventTests.addMessage(session, "a@example.org", CONTENT, "b@example.org");
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(List.of("connected", "mail#1 250 ok", "rcpt b@example.org 250 ok", "sent#1 250", "disconnected"),
                    listener.eventsWithoutData());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void neverFiresForAFailedMailOrAMessageAbandonedByRequireAll(String engine) {
        Script script = EventTests.greetAndEhlo("8BITMIME")
                .expect("MAIL FROM:<first@example.org>").reply("451 not now")
                .expect("MAIL FROM:<second@example.org>").reply("250 ok")
                .expect("RCPT TO:<yes@example.org>").reply("250 ok")
                .expect("RCPT TO:<no@example.org>").reply("550 unknown")
                // require-all: the second message is abandoned with RSET, no DATA (§5.4).
                .expect("RSET").reply("250 reset")
                .expect("MAIL FROM:<third@example.org>").reply("250 ok")
                .expect("RCPT TO:<yes@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            session.requireAllRecipients(true);
            EventTests.addMessage(session, "first@example.org", CONTENT, "yes@example.org");
            EventTests.addMessage(session, "second@example.org", CONTENT, "yes@example.org", "no@example.org");
            EventTests.addMessage(session, "third@example.org", CONTENT, "yes@example.org");
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();

            assertEquals(List.of("connected", "mail#1 451 not now",
                    "mail#2 250 ok", "rcpt yes@example.org 250 ok", "rcpt no@example.org 550 unknown",
                    "mail#3 250 ok", "rcpt yes@example.org 250 ok", "sent#3 250", "disconnected"),
                    listener.eventsWithoutData());
            assertEquals(0, session.messages().get(1).transferStatus().code(), "require-all clears the status");
        }
    }
}
