package org.esmtp4j;

import static org.esmtp4j.Replies.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.esmtp4j.spi.SessionCallbacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of {@link OutcomeRules}, driven the way an engine drives it: the fake engine reports
 * protocol facts during {@link Session#start()}, and the test reads the derived outcome, the
 * complete flag and the stored statuses (invariants I1 to I4).
 */
class OutcomeRulesTest {

    private Session session;
    private Message message;
    private Recipient recipient;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
        message = session.addMessage();
        message.setMessageSource(MessageSource.of("Subject: t\r\n\r\nbody\r\n"));
        recipient = message.addRecipient("rcpt@example.org");
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    /** Runs one start whose engine reports the given facts. */
    private void startReporting(Consumer<SessionCallbacks> facts) {
        FakeEngineProvider.driverOf(session).script(request -> {
            facts.accept(request.callbacks());
            return FakeDriver.CONNECTED;
        });
        session.start();
        assertEquals(1, FakeEngineProvider.driverOf(session).starts());
    }

    private void assertOutcome(Recipient r, Outcome expected) {
        assertEquals(expected, r.outcome(), r.toString());
        assertEquals(expected == Outcome.DELIVERED || expected == Outcome.PERMANENT, r.isComplete(),
                "complete flag of " + r);
    }

    @Test
    void anUnattemptedRecipientIsPending() {
        assertOutcome(recipient, Outcome.PENDING);
        assertSame(Status.NONE, recipient.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {550, 551, 553, 554})
    void rcptPermanentFailureIsPermanentAndComplete(int code) {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(code));
        });
        assertOutcome(recipient, Outcome.PERMANENT);
        assertEquals(code, recipient.status().code());
    }

    @Test
    void rcpt552IsTransientBecauseRfc5321SaysTooManyRecipientsIsTemporary() {
        // RFC 5321 §4.5.3.1.10: a 552 to RCPT ("too many recipients") is to be treated as 452.
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(552));
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
        assertEquals(552, recipient.status().code());
    }

    @ParameterizedTest
    @ValueSource(ints = {421, 450, 451, 452})
    void rcptTransientFailureIsTransient(int code) {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(code));
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
        assertEquals(code, recipient.status().code());
    }

    @Test
    void mailPermanentFailureIsPermanent() {
        startReporting(cb -> cb.mailReply(message, reply(550)));
        assertOutcome(recipient, Outcome.PERMANENT);
        assertEquals(550, message.reversePathStatus().code());
        assertSame(Status.NONE, recipient.status());
    }

    @Test
    void mailPermanentFailureWinsOverAPipelinedRcptAcceptance() {
        startReporting(cb -> {
            cb.mailReply(message, reply(553));
            cb.recipientReply(recipient, reply(250));
        });
        assertOutcome(recipient, Outcome.PERMANENT);
    }

    @Test
    void mailTransientFailureIsTransient() {
        startReporting(cb -> cb.mailReply(message, reply(451)));
        assertOutcome(recipient, Outcome.TRANSIENT);
        assertEquals(451, message.reversePathStatus().code());
    }

    @Test
    void dataRefusedPermanentlyIsPermanentAndStoredAsTransferStatus() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.dataRefused(message, reply(554));
        });
        assertOutcome(recipient, Outcome.PERMANENT);
        assertEquals(554, message.transferStatus().code());
    }

    @Test
    void dataRefusedTransientlyIsTransient() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.dataRefused(message, reply(451));
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
        assertEquals(451, message.transferStatus().code());
    }

    @Test
    void positiveReplyToEndOfDataDelivers() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(250));
        });
        assertOutcome(recipient, Outcome.DELIVERED);
        assertEquals(250, message.transferStatus().code());
        assertFalse(message.transferStatus().local());
        assertEquals(250, recipient.status().code());
    }

    @Test
    void permanentReplyToEndOfDataIsPermanent() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(554));
        });
        assertOutcome(recipient, Outcome.PERMANENT);
        assertEquals(554, message.transferStatus().code());
    }

    @Test
    void transientReplyToEndOfDataIsTransient() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(451));
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
        assertEquals(451, message.transferStatus().code());
    }

    @Test
    void endOfDataSentWithoutReplyIsUnknownAndNotComplete() {
        // I3: the server may have taken the message (RFC 5321 §4.5.3.2.6).
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.endOfDataSent(message);
        });
        assertOutcome(recipient, Outcome.UNKNOWN);
        assertSame(Status.NONE, message.transferStatus());
    }

    @Test
    void connectionLostBeforeEndOfDataIsTransient() {
        startReporting(cb -> {
            cb.connected();
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.disconnected();
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
    }

    @Test
    void localPermanentRefusalIsPermanent() {
        Status local = Status.ofClient(552, "5.3.4", "message exceeds the server's SIZE");
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.messageRefusedLocally(message, local);
        });
        assertOutcome(recipient, Outcome.PERMANENT);
        assertEquals(local, message.transferStatus());
        assertTrue(message.transferStatus().local());
    }

    @Test
    void localRefusalBeforeAnyCommandIsPermanent() {
        startReporting(cb -> cb.messageRefusedLocally(message, Status.ofClient(553, "5.6.7", "no SMTPUTF8")));
        assertOutcome(recipient, Outcome.PERMANENT);
    }

    @Test
    void localTransientRefusalIsTransient() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.messageRefusedLocally(message, Status.ofClient(451, "4.3.0", "content source failed"));
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
    }

    @Test
    void recipientNeverAnsweredIsTransient() {
        startReporting(cb -> cb.mailReply(message, reply(250)));
        assertOutcome(recipient, Outcome.TRANSIENT);
    }

    @Test
    void nothingReportedAtAllIsTransient() {
        startReporting(cb -> {
        });
        assertOutcome(recipient, Outcome.TRANSIENT);
    }

    @Test
    void eachRecipientKeepsItsOwnRcptFailureWhenTheMessageIsDelivered() {
        Recipient refused = message.addRecipient("refused@example.org");
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.recipientReply(refused, reply(550));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(250));
        });
        assertOutcome(recipient, Outcome.DELIVERED);
        assertOutcome(refused, Outcome.PERMANENT);
        assertEquals(250, message.transferStatus().code());
        assertFalse(message.transferStatus().local());
    }

    @Test
    void invariantI4PositiveTransferReplyWithNoAcceptedRecipientIsNotStored() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(550));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(250));
        });
        Status stored = message.transferStatus();
        assertEquals(554, stored.code());
        assertTrue(stored.local());
        assertEquals("5.5.0", stored.enhancedCode());
        assertOutcome(recipient, Outcome.PERMANENT);
    }

    @Test
    void invariantI4AlsoWhenNoRcptWasAnsweredAtAll() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(250));
        });
        assertEquals(554, message.transferStatus().code());
        assertTrue(message.transferStatus().local());
        assertOutcome(recipient, Outcome.TRANSIENT);
    }

    @Test
    void invariantI4KeepsANegativeTransferReplyAsItIs() {
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(450));
            cb.endOfDataSent(message);
            cb.transferReply(message, reply(451));
        });
        assertEquals(reply(451), message.transferStatus());
        assertOutcome(recipient, Outcome.TRANSIENT);
    }

    @Test
    void abandonedMessageClearsTheTransferStatusAndLeavesAcceptedRecipientsTransient() {
        Recipient refused = message.addRecipient("refused@example.org");
        session.requireAllRecipients(true);
        startReporting(cb -> {
            cb.mailReply(message, reply(250));
            cb.recipientReply(recipient, reply(250));
            cb.recipientReply(refused, reply(550));
            cb.messageAbandoned(message);
        });
        assertSame(Status.NONE, message.transferStatus());
        assertOutcome(recipient, Outcome.TRANSIENT);
        assertOutcome(refused, Outcome.PERMANENT);
    }

    @Test
    void eventsArriveInEngineOrderWithTheNewStatusAlreadyRecorded() {
        List<String> events = new ArrayList<>();
        session.setEventListener(new SmtpEvents() {
            @Override
            public void connected() {
                events.add("connected");
            }

            @Override
            public void mailStatus(Message m) {
                events.add("mail " + m.reversePathStatus().code());
            }

            @Override
            public void recipientStatus(Recipient r) {
                events.add("rcpt " + r.status().code());
            }

            @Override
            public void messageSent(Message m) {
                events.add("sent " + m.transferStatus().code());
            }

            @Override
            public void disconnected() {
                events.add("disconnected");
            }
        });
        FakeEngineProvider.driverOf(session).script(request -> Replies.everyRecipient(request, 250));
        session.start();
        assertEquals(List.of("connected", "mail 250", "rcpt 250", "sent 250", "disconnected"), events);
    }
}
