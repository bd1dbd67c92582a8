package org.esmtp4j.conformance.realserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.Outcome;
import org.esmtp4j.Pipelining;
import org.esmtp4j.Recipient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Pipelining.FULL} (java engine) against a real server, Postfix's smtp-sink: what arrives
 * is what was queued, and under every fault smtp-sink can inject while it keeps offering
 * PIPELINING ({@code -q}: drop without a reply, {@code -Q}: 421 and drop) the statuses and
 * outcomes are exactly those of libESMTP's batching, with three messages in flight so that a fault
 * lands while the next message's commands are already on the wire.
 */
class FullPipeliningSmtpSinkTest {

    private static final int MESSAGES = 3;
    private static final int RECIPIENTS_EACH = 2;

    @BeforeAll
    static void needsSmtpSinkAndTheJavaEngine() {
        assumeTrue(SmtpSink.unavailableReason() == null, SmtpSink.unavailableReason());
        assumeTrue(SinkRun.engines().anyMatch("java"::equals), "the java engine is not available");
    }

    @Test
    void everyMessageArrivesAsQueued() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            SinkRun run = SinkRun.send("java", sink, MESSAGES, RECIPIENTS_EACH, s -> s.setPipelining(Pipelining.FULL));

            assertEquals("true NONE", run.start(), run.toString());
            for (Recipient r : run.recipients()) {
                assertEquals(Outcome.DELIVERED, r.outcome(), run.toString());
                assertEquals("250 2.1.5", SinkRun.codes(r.status()), run.toString());
            }
            List<SinkTransaction> received = sink.awaitTransactions(MESSAGES);
            assertEquals(MESSAGES, received.size(), () -> "transactions in the dump: " + received);
            for (int i = 0; i < MESSAGES; i++) {
                SinkTransaction t = received.get(i);
                assertEquals("<sender" + i + "@example.org>", t.mailArgs());
                assertEquals(List.of("<rcpt" + i + "a@example.org>", "<rcpt" + i + "b@example.org>"), t.rcptArgs());
                assertTrue(t.content().contains("\nSubject: message " + i + "\n"), t.content());
                assertEquals(SinkRun.body(i) + "\n", t.body(), "body of message " + i);
            }
        }
    }

    static Stream<List<String>> faults() {
        return Stream.of(List.of(), List.of("-q", "mail"), List.of("-q", "rcpt"), List.of("-q", "data"), List.of("-q", "."),
                List.of("-Q", "mail"), List.of("-Q", "rcpt"), List.of("-Q", "data"), List.of("-Q", "."),
                // smtp-sink stops offering PIPELINING with -r and -f: FULL must then wait like the default
                List.of("-r", "mail"), List.of("-f", "."));
    }

    @ParameterizedTest(name = "smtp-sink {0}")
    @MethodSource("faults")
    void theOutcomesAreThoseOfLibesmtpBatching(List<String> flags) throws Exception {
        List<SinkRun> runs = new ArrayList<>();
        for (Pipelining mode : List.of(Pipelining.LIBESMTP, Pipelining.FULL)) {
            try (SmtpSink sink = SmtpSink.start(flags.toArray(String[]::new))) {
                runs.add(SinkRun.send("java", sink, MESSAGES, RECIPIENTS_EACH, s -> s.setPipelining(mode)));
            }
        }
        assertEquals(runs.get(0).comparable(), runs.get(1).comparable(), "LIBESMTP and FULL batching differ");
    }
}
