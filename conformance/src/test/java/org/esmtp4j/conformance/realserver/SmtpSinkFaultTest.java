package org.esmtp4j.conformance.realserver;

import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.esmtp4j.Outcome.UNKNOWN;
import static org.esmtp4j.conformance.realserver.SinkFault.Faulted.MAIL;
import static org.esmtp4j.conformance.realserver.SinkFault.Faulted.NONE;
import static org.esmtp4j.conformance.realserver.SinkFault.Faulted.RCPT;
import static org.esmtp4j.conformance.realserver.SinkFault.Faulted.TRANSFER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * smtp-sink's fault flags against every available engine: {@code -r} (4xx, default
 * {@code 450 4.3.0}), {@code -f} (5xx, default {@code 500 5.3.0}), {@code -q} (disconnect
 * without a reply) and {@code -Q} ({@code 421 4.0.0}, then disconnect). Each engine must give the
 * expected start result, outcomes and statuses, and all engines must agree.
 *
 * <p>smtp-sink stops offering PIPELINING when given {@code -r} or {@code -f}, so those faults
 * run lock-step. {@code -q} and {@code -Q} keep PIPELINING; where several replies would still be
 * outstanding when the connection drops, {@code -p} turns PIPELINING off: libESMTP 1.1.0 kills
 * the process when the server drops the connection with three or more pipelined replies
 * outstanding (COMPATIBILITY.md L6, asserted in a child JVM by {@code crash/PipelinedDropTest}),
 * and with MAIL, two RCPTs and DATA pipelined a drop at MAIL leaves four. {@code -q .} drops with
 * only the end of data's reply outstanding, and {@code -Q data} / {@code -Q .} answer the last
 * command sent before closing, so these run pipelined; they queue a single message so that
 * nothing else can be in flight behind the end of data.
 *
 * <p>Every engine runs against its own smtp-sink process, so a fault never leaks into the next run.
 */
class SmtpSinkFaultTest {

    private static final List<SinkFault> FAULTS = List.of(
        new SinkFault(List.of("-r", "mail"), 2, "true NONE", TRANSIENT, MAIL, "450 4.3.0"),
        new SinkFault(List.of("-r", "rcpt"), 2, "true NONE", TRANSIENT, RCPT, "450 4.3.0"),
        new SinkFault(List.of("-r", "data"), 2, "true NONE", TRANSIENT, TRANSFER, "450 4.3.0"),
        new SinkFault(List.of("-r", "."), 2, "true NONE", TRANSIENT, TRANSFER, "450 4.3.0"),
        // COMPATIBILITY.md O2: a 5xx to MAIL fails the recipients permanently.
        new SinkFault(List.of("-f", "mail"), 2, "true NONE", PERMANENT, MAIL, "500 5.3.0"),
        new SinkFault(List.of("-f", "rcpt"), 2, "true NONE", PERMANENT, RCPT, "500 5.3.0"),
        // COMPATIBILITY.md O3: a 5xx to DATA itself fails the accepted recipients permanently.
        new SinkFault(List.of("-f", "data"), 2, "true NONE", PERMANENT, TRANSFER, "500 5.3.0"),
        new SinkFault(List.of("-f", "."), 2, "true NONE", PERMANENT, TRANSFER, "500 5.3.0"),
        new SinkFault(List.of("-p", "-q", "mail"), 1, "true DROPPED_CONNECTION", TRANSIENT, NONE, null),
        // The end of data went out and no reply came: it may have been delivered (O1).
        new SinkFault(List.of("-q", "."), 1, "true DROPPED_CONNECTION", UNKNOWN, NONE, null),
        // After a 421 both engines still send QUIT, as libESMTP does, and find the connection
        // closed: the 421 is stored where it came, and the session reports the dropped connection.
        new SinkFault(List.of("-p", "-Q", "mail"), 1, "true DROPPED_CONNECTION", TRANSIENT, MAIL, "421 4.0.0"),
        new SinkFault(List.of("-Q", "data"), 1, "true DROPPED_CONNECTION", TRANSIENT, TRANSFER, "421 4.0.0"),
        new SinkFault(List.of("-Q", "."), 1, "true DROPPED_CONNECTION", TRANSIENT, TRANSFER, "421 4.0.0"));

    private final List<SmtpSink> sinks = new ArrayList<>();

    @BeforeAll
    static void needsSmtpSink() {
        assumeTrue(SmtpSink.unavailableReason() == null, SmtpSink.unavailableReason());
    }

    @AfterEach
    void stopSinks() {
        sinks.forEach(SmtpSink::close);
    }

    static Stream<Arguments> faultsOnEveryEngine() {
        return FAULTS.stream().flatMap(f -> SinkRun.engines().map(e -> Arguments.of(f, e)));
    }

    static Stream<SinkFault> faults() {
        return FAULTS.stream();
    }

    @ParameterizedTest(name = "smtp-sink {0} [{1}]")
    @MethodSource("faultsOnEveryEngine")
    void eachEngineReportsTheFault(SinkFault fault, String engine) throws Exception {
        SinkRun run = runOn(engine, fault);
        assertEquals(fault.start(), run.start(), run.toString());
        assertEquals(Collections.nCopies(fault.messages() * 2, fault.outcome()), run.outcomes(), run.toString());
        for (Message m : run.messages()) {
            if (fault.faulted() == RCPT) {
                for (Recipient r : m.recipients()) {
                    assertEquals(fault.codes(), SinkRun.codes(r.status()), run.toString());
                }
            } else if (fault.faulted() != NONE) {
                assertEquals(fault.codes(), SinkRun.codes(fault.faulted().of(m)), run.toString());
            }
        }
    }

    @ParameterizedTest(name = "smtp-sink {0}")
    @MethodSource("faults")
    void theEnginesAgree(SinkFault fault) throws Exception {
        List<String> engines = SinkRun.engines().toList();
        assumeTrue(engines.size() > 1, "only one engine is available here: " + engines);
        List<SinkRun> runs = new ArrayList<>();
        for (String engine : engines) {
            runs.add(runOn(engine, fault));
        }
        for (SinkRun run : runs.subList(1, runs.size())) {
            assertEquals(runs.get(0).comparable(), run.comparable(), runs.get(0).engine() + " and " + run.engine() + " differ");
        }
    }

    private SinkRun runOn(String engine, SinkFault fault) throws Exception {
        SmtpSink sink = SmtpSink.start(fault.flags().toArray(String[]::new));
        sinks.add(sink);
        return SinkRun.send(engine, sink, fault.messages(), 2, s -> { });
    }
}
