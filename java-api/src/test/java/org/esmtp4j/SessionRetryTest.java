package org.esmtp4j;

import static org.esmtp4j.Replies.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.esmtp4j.spi.SessionCallbacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * libESMTP's retry rule (§5.4): a later start sends exactly the recipients that are not complete,
 * skips messages that have none, and reports "nothing to do" when nothing is left.
 */
class SessionRetryTest {

    private static final String CONTENT = "Subject: retry\r\n\r\nbody\r\n";

    private Session session;
    private FakeDriver driver;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
        driver = FakeEngineProvider.driverOf(session);
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private Message message(String... recipients) {
        Message m = session.addMessage();
        m.setMessageSource(MessageSource.of(CONTENT));
        for (String r : recipients) {
            m.addRecipient(r);
        }
        return m;
    }

    /**
     * Scripts every start to answer RCPT with the given code per recipient (250 when absent) and
     * to deliver every message that has an accepted recipient.
     */
    private void answer(Map<Recipient, Integer> rcptCodes) {
        driver.script(request -> {
            SessionCallbacks cb = request.callbacks();
            for (Message m : request.messages()) {
                cb.mailReply(m, reply(250));
                boolean accepted = false;
                for (Recipient r : request.recipientsToSend(m)) {
                    int code = rcptCodes.getOrDefault(r, 250);
                    cb.recipientReply(r, reply(code));
                    accepted |= code / 100 == 2;
                }
                if (accepted) {
                    cb.endOfDataSent(m);
                    cb.transferReply(m, reply(250));
                }
            }
            return FakeDriver.CONNECTED;
        });
    }

    @Test
    void secondStartSendsOnlyIncompleteRecipientsAndSkipsFinishedMessages() {
        Message first = message("a@example.org", "b@example.org", "c@example.org");
        Message second = message("d@example.org");
        Recipient delivered = first.recipients().get(0);
        Recipient deferred = first.recipients().get(1);
        Recipient refused = first.recipients().get(2);
        answer(Map.of(deferred, 450, refused, 550));

        session.start();
        assertEquals(Map.of(first, first.recipients(), second, second.recipients()), driver.attempt(0));
        assertEquals(Outcome.DELIVERED, delivered.outcome());
        assertEquals(Outcome.TRANSIENT, deferred.outcome());
        assertEquals(Outcome.PERMANENT, refused.outcome());
        assertEquals(Outcome.DELIVERED, second.recipients().get(0).outcome());

        answer(Map.of());
        StartResult result = session.start();
        assertEquals(SmtpError.NONE, result.error());
        assertEquals(Map.of(first, List.of(deferred)), driver.attempt(1));
        assertEquals(List.of(first), driver.request(1).messages());
        assertEquals(Outcome.DELIVERED, deferred.outcome());
        // Recipients the second start did not attempt keep what the first start found.
        assertEquals(Outcome.DELIVERED, delivered.outcome());
        assertEquals(Outcome.PERMANENT, refused.outcome());
        assertEquals(550, refused.status().code());
    }

    @Test
    void nothingToDoWhenEveryRecipientIsCompleteAndThereAreNoEtrnNodes() {
        message("a@example.org", "b@example.org");
        answer(Map.of());
        session.start();
        assertEquals(1, driver.starts());

        StartResult result = session.start();
        assertFalse(result.connected());
        assertEquals(SmtpError.NOTHING_TO_DO, result.error());
        assertEquals(2, result.libesmtpErrno());
        assertEquals(1, driver.starts(), "the engine must not be called");
    }

    @Test
    void nothingToDoForAnEmptySessionOrAMessageWithoutRecipients() {
        assertEquals(SmtpError.NOTHING_TO_DO, session.start().error());
        message();
        assertEquals(SmtpError.NOTHING_TO_DO, session.start().error());
        assertEquals(0, driver.starts());
    }

    @Test
    void anEtrnNodeIsSentEvenWhenNoRecipientIsLeft() {
        EtrnNode node = session.addEtrnNode("example.net", EtrnNode.Option.SUBDOMAINS);
        driver.script(request -> {
            for (EtrnNode n : request.etrnNodes()) {
                request.callbacks().etrnReply(n, reply(250));
            }
            return FakeDriver.CONNECTED;
        });
        session.start();
        session.start();
        assertEquals(2, driver.starts(), "ETRN nodes have no complete flag: sent at every start");
        assertTrue(driver.request(1).messages().isEmpty());
        assertEquals(List.of(node), driver.request(1).etrnNodes());
        assertEquals(250, node.status().code());
    }

    @Test
    void recipientResetStatusMakesItBeSentAgain() {
        Message m = message("a@example.org", "b@example.org");
        Recipient again = m.recipients().get(1);
        answer(Map.of());
        session.start();
        assertTrue(again.isComplete());

        again.resetStatus();
        assertFalse(again.isComplete());
        assertEquals(Outcome.PENDING, again.outcome());
        assertSame(Status.NONE, again.status());

        session.start();
        assertEquals(Map.of(m, List.of(again)), driver.attempt(1));
        assertEquals(Outcome.DELIVERED, again.outcome());
    }

    @Test
    void messageResetStatusClearsOnlyTheTwoMessageStatuses() {
        Message m = message("a@example.org");
        Recipient r = m.recipients().get(0);
        answer(Map.of());
        session.start();
        assertEquals(250, m.reversePathStatus().code());
        assertEquals(250, m.transferStatus().code());

        m.resetStatus();
        assertSame(Status.NONE, m.reversePathStatus());
        assertSame(Status.NONE, m.transferStatus());
        assertEquals(250, r.status().code());
        assertTrue(r.isComplete());
        assertEquals(Outcome.DELIVERED, r.outcome());
        // libESMTP §1.4: by itself it causes no resend.
        assertEquals(SmtpError.NOTHING_TO_DO, session.start().error());
        assertEquals(1, driver.starts());
    }

    @Test
    void recipientsWithAnUnknownOutcomeAreRetried() {
        Message m = message("a@example.org");
        Recipient r = m.recipients().get(0);
        driver.script(request -> {
            SessionCallbacks cb = request.callbacks();
            cb.mailReply(m, reply(250));
            cb.recipientReply(r, reply(250));
            cb.endOfDataSent(m);
            return new StartResult(true, SmtpError.DROPPED_CONNECTION, 0, "lost after the dot");
        });
        session.start();
        assertEquals(Outcome.UNKNOWN, r.outcome());

        session.start();
        assertEquals(Map.of(m, List.of(r)), driver.attempt(1));
    }
}
