package org.esmtp4j.conformance.realserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.Message;
import org.esmtp4j.Notify;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Delivery into Postfix's smtp-sink on every available engine. smtp-sink offers PIPELINING,
 * ENHANCEDSTATUSCODES and DSN and ends its EHLO reply with a {@code 250 } line whose text is
 * empty; what it received is read back from its {@code -D} dump.
 */
class SmtpSinkDeliveryTest {

    private static final int MESSAGES = 3;
    private static final int RECIPIENTS_EACH = 3;

    private SmtpSink sink;

    @BeforeAll
    static void needsSmtpSink() {
        assumeTrue(SmtpSink.unavailableReason() == null, SmtpSink.unavailableReason());
    }

    @AfterEach
    void stopSink() {
        if (sink != null) {
            sink.close();
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.realserver.SinkRun#engines")
    void severalMessagesToSeveralRecipientsAreDeliveredInOnePipelinedSession(String engine) throws Exception {
        sink = SmtpSink.start();
        SinkRun run = SinkRun.send(engine, sink, MESSAGES, RECIPIENTS_EACH, s -> { });

        assertEquals("true NONE", run.start(), run.toString());
        for (Message m : run.messages()) {
            assertEquals("250 2.1.0", SinkRun.codes(m.reversePathStatus()), run.toString());
            assertEquals("250 2.0.0", SinkRun.codes(m.transferStatus()), run.toString());
        }
        for (Recipient r : run.recipients()) {
            assertEquals(Outcome.DELIVERED, r.outcome(), run.toString());
            assertTrue(r.isComplete(), run.toString());
            assertEquals("250 2.1.5", SinkRun.codes(r.status()), run.toString());
            assertEquals("Ok", r.status().text(), "the enhanced code is stripped from the text (ENHANCEDSTATUSCODES)");
        }

        List<SinkTransaction> received = sink.awaitTransactions(MESSAGES);
        assertEquals(MESSAGES, received.size(), () -> "transactions in the dump: " + received);
        for (int i = 0; i < MESSAGES; i++) {
            SinkTransaction t = received.get(i);
            assertEquals("<sender" + i + "@example.org>", t.mailArgs(), "no MAIL parameters unless asked for");
            List<String> expectedRcpts = new ArrayList<>();
            for (int r = 0; r < RECIPIENTS_EACH; r++) {
                expectedRcpts.add("<rcpt" + i + (char) ('a' + r) + "@example.org>");
            }
            assertEquals(expectedRcpts, t.rcptArgs());
            assertTrue(t.content().contains("\nSubject: message " + i + "\n"), t.content());
            // smtp-sink stores the content dot-unstuffed: every line exactly as queued.
            assertEquals(SinkRun.body(i) + "\n", t.body(), "body of message " + i);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.realserver.SinkRun#engines")
    void dsnParametersAreSentAndAccepted(String engine) throws Exception {
        sink = SmtpSink.start();
        SinkRun run = SinkRun.send(engine, sink, 1, 2, withDsn());

        assertEquals("true NONE", run.start(), run.toString());
        assertEquals(List.of(Outcome.DELIVERED, Outcome.DELIVERED), run.outcomes(), run.toString());
        List<SinkTransaction> received = sink.awaitTransactions(1);
        assertEquals(1, received.size(), () -> "transactions in the dump: " + received);
        SinkTransaction t = received.get(0);
        assertEquals("<sender0@example.org> RET=HDRS ENVID=env-0", t.mailArgs());
        assertEquals(List.of("<rcpt0a@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;original+2Ba@example.org",
                "<rcpt0b@example.org> NOTIFY=NEVER"), t.rcptArgs());
    }

    @Test
    void theEnginesAgreeOnAPipelinedSessionWithDsn() throws Exception {
        List<String> engines = SinkRun.engines().toList();
        assumeTrue(engines.size() > 1, "only one engine is available here: " + engines);
        List<SinkRun> runs = new ArrayList<>();
        for (String engine : engines) {
            try (SmtpSink one = SmtpSink.start()) {
                runs.add(SinkRun.send(engine, one, MESSAGES, RECIPIENTS_EACH, withDsn()));
            }
        }
        for (SinkRun run : runs.subList(1, runs.size())) {
            assertEquals(runs.get(0).comparable(), run.comparable(), runs.get(0).engine() + " and " + run.engine() + " differ");
        }
    }

    /** DSN on the first message: RET, ENVID, and NOTIFY/ORCPT on its recipients (RFC 3461). */
    private static Consumer<Session> withDsn() {
        return s -> {
            Message m = s.messages().get(0);
            m.setDsnReturn(DsnReturn.HEADERS);
            m.setDsnEnvelopeId("env-0");
            m.recipients().get(0).setDsnNotify(EnumSet.of(Notify.SUCCESS, Notify.FAILURE));
            // '+' must be xtext-encoded as +2B (RFC 3461 §4).
            m.recipients().get(0).setDsnOriginalRecipient("rfc822", "original+a@example.org");
            m.recipients().get(1).setDsnNotify(EnumSet.of(Notify.NEVER));
        };
    }
}
