package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Status;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SMTP_EV_MAILSTATUS} after every MAIL reply and {@code SMTP_EV_RCPTSTATUS} after every
 * RCPT reply (libESMTP §2, {@code rsp_mail}, {@code rsp_rcpt}): the objects passed are this
 * session's, and their status is already the reply that triggered the event.
 */
class EnvelopeEventTest {

    /** Records which objects arrived and the status each held at that moment. */
    private static final class ObjectRecorder extends RecordingListener {
        final List<Message> mailMessages = new ArrayList<>();
        final List<Status> mailStatuses = new ArrayList<>();
        final List<Recipient> recipients = new ArrayList<>();
        final List<Status> recipientStatuses = new ArrayList<>();

        @Override
        public void mailStatus(Message message) {
            super.mailStatus(message);
            mailMessages.add(message);
            mailStatuses.add(message.reversePathStatus());
        }

        @Override
        public void recipientStatus(Recipient recipient) {
            super.recipientStatus(recipient);
            recipients.add(recipient);
            recipientStatuses.add(recipient.status());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void mailAndRecipientStatusCarryTheirObjectWithTheReply(String engine) {
        Script script = EventTests.greetAndEhlo("8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250-sender\r\n250 accepted")
                .expect("RCPT TO:<ok@example.org>").reply("250 ok")
                .expect("RCPT TO:<gone@example.org>").reply("550 no such user")
                .expect("RCPT TO:<later@example.org>").reply("451 try later")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        ObjectRecorder listener = new ObjectRecorder();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            Message m = EventTests.addMessage(session, "a@example.org", "Subject: s\r\n\r\nx\r\n",
                    "ok@example.org", "gone@example.org", "later@example.org");
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();

            assertEquals(List.of("connected", "mail#1 250 sender\naccepted",
                    "rcpt ok@example.org 250 ok",
                    "rcpt gone@example.org 550 no such user",
                    "rcpt later@example.org 451 try later",
                    "sent#1 250", "disconnected"), listener.eventsWithoutData());
            assertEquals(1, listener.mailMessages.size());
            assertSame(m, listener.mailMessages.get(0));
            assertEquals(250, listener.mailStatuses.get(0).code());
            assertEquals(3, listener.recipients.size());
            for (int i = 0; i < 3; i++) {
                assertSame(m.recipients().get(i), listener.recipients.get(i));
            }
            assertEquals(List.of(250, 550, 451), listener.recipientStatuses.stream().map(Status::code).toList());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void aRefusedMailStillReportsItsStatusAndNothingElseForThatMessage(String engine) {
        Script script = EventTests.greetAndEhlo("8BITMIME")
                .expect("MAIL FROM:<refused@example.org>").reply("550 sender refused")
                // libESMTP goes straight to the next MAIL, without RSET (§5.2 MAIL).
                .expect("MAIL FROM:<fine@example.org>").reply("250 ok")
                .expect("RCPT TO:<c@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        ObjectRecorder listener = new ObjectRecorder();
        try (ScriptedSmtpServer server = EventTests.serve(script);
                Session session = EventTests.session(engine, server, listener)) {
            Message refused = EventTests.addMessage(session, "refused@example.org", "Subject: 1\r\n\r\nx\r\n",
                    "b@example.org");
            Message fine = EventTests.addMessage(session, "fine@example.org", "Subject: 2\r\n\r\ny\r\n", "c@example.org");
            session.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();

            assertEquals(List.of("connected", "mail#1 550 sender refused", "mail#2 250 ok",
                    "rcpt c@example.org 250 ok", "sent#2 250", "disconnected"), listener.eventsWithoutData());
            assertSame(refused, listener.mailMessages.get(0));
            assertSame(fine, listener.mailMessages.get(1));
            assertEquals(List.of(), listener.dataLengths(1), "no data for the refused message");
        }
    }
}
