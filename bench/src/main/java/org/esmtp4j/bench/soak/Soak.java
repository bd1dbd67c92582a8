package org.esmtp4j.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;
import org.esmtp4j.Timeout;

/**
 * The fault soak of issue #6: sends MESSAGES messages (two recipients each, ten messages per
 * session, a second start per session for what is left) through ENGINE to {@link FaultSink}, which
 * injects faults at random at every reply, and compares every recipient's reported outcome with
 * the sink's own log of what it accepted. Nothing may be reported delivered that the sink did not
 * accept, nothing the sink accepted may be reported failed (UNKNOWN is allowed either way), every
 * recipient must have an outcome, and the heap must stay flat.
 *
 * <p>Usage: {@code Soak ENGINE MESSAGES [FAULT_RATE] [SEED]}; exit status 1 on any mismatch.
 */
public final class Soak {

    private static final int MESSAGES_PER_SESSION = 10;
    private static final int RECIPIENTS_PER_MESSAGE = 2;

    private Soak() {
    }

    /**
     * @param args engine, message count, fault rate per reply (default 0.01), seed (default 1)
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        String engineName = args.length > 0 ? args[0] : "java";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        double faultRate = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        SmtpEngine engine = Smtp.engine(engineName);
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        long delivered = 0;
        long mismatchDeliveredNotAccepted = 0;
        long mismatchAcceptedButFailed = 0;
        long noOutcome = 0;
        long unknownAccepted = 0;
        long duplicates = 0;
        long peakHeap = 0;
        long firstHeap = -1;
        long start = System.nanoTime();
        List<String> examples = new ArrayList<>();
        try (FaultSink sink = new FaultSink(faultRate, 0.01, 1300, seed, RECIPIENTS_PER_MESSAGE, engineName.equals("libesmtp"))) {
            System.out.printf("soak: engine %s %s, %d messages x %d recipients, fault rate %.3f per reply, seed %d, sink %s%n",
                    engine.name(), engine.version(), messages, RECIPIENTS_PER_MESSAGE, faultRate, seed, sink.hostPort());
            if (engineName.equals("libesmtp")) {
                System.out.println("(libesmtp: no connection-ending fault while pipelined replies are pending: libESMTP 1.1.0 "
                        + "crashes the process then, COMPATIBILITY.md L6)");
            }
            int sent = 0;
            int report = Math.max(1, messages / 10);
            while (sent < messages) {
                List<Recipient> recipients = new ArrayList<>();
                try (Session session = engine.createSession()) {
                    session.setServer(sink.hostPort());
                    session.setHostname("soak.example");
                    for (Timeout t : Timeout.values()) {
                        session.setTimeout(t, Duration.ofSeconds(1), true);
                    }
                    for (int i = 0; i < MESSAGES_PER_SESSION && sent < messages; i++, sent++) {
                        Message m = session.addMessage();
                        m.setReversePath("soak@example.org");
                        m.setMessageSource(MessageSource.of("Subject: soak " + sent + "\r\n\r\nmessage " + sent + "\r\n"));
                        for (int k = 0; k < RECIPIENTS_PER_MESSAGE; k++) {
                            recipients.add(m.addRecipient("r" + sent + "-" + k + "@example.org"));
                        }
                    }
                    session.start();
                    session.start(); // retries what is not complete (or returns NOTHING_TO_DO)
                }
                for (Recipient r : recipients) {
                    Outcome o = r.outcome();
                    outcomes.merge(o, 1L, Long::sum);
                    boolean accepted = sink.log().wasAccepted(r.mailbox());
                    if (sink.log().acceptedMoreThanOnce(r.mailbox())) {
                        duplicates++;
                    }
                    switch (o) {
                        case DELIVERED:
                            delivered++;
                            if (!accepted) {
                                mismatchDeliveredNotAccepted++;
                                example(examples, r, "reported delivered, not accepted");
                            }
                            break;
                        case PERMANENT:
                        case TRANSIENT:
                            if (accepted) {
                                mismatchAcceptedButFailed++;
                                example(examples, r, "accepted, reported " + o);
                            }
                            break;
                        case UNKNOWN:
                            if (accepted) {
                                unknownAccepted++;
                            }
                            break;
                        default:
                            noOutcome++;
                            example(examples, r, "no outcome");
                    }
                }
                if (sent % report == 0 || sent >= messages) {
                    System.gc();
                    long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024;
                    if (firstHeap < 0) {
                        firstHeap = heap;
                    }
                    peakHeap = Math.max(peakHeap, heap);
                    System.out.printf("  %,8d messages, heap after GC %,d KiB, %,d delivered so far%n", sent, heap, delivered);
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("messages: %,d (%,d recipients) in %.1f s%n", messages, (long) messages * RECIPIENTS_PER_MESSAGE, secs);
            StringBuilder f = new StringBuilder("faults injected:");
            for (Fault kind : Fault.values()) {
                f.append(' ').append(kind.name().toLowerCase()).append(' ').append(sink.log().faults(kind));
            }
            System.out.println(f);
            System.out.println("outcomes: " + outcomes);
            System.out.printf("sink accepted %,d recipients; %,d reported UNKNOWN were accepted; %,d accepted more than once%n",
                    sink.log().acceptedCount(), unknownAccepted, duplicates);
            System.out.printf("mismatches: delivered-but-not-accepted %d, accepted-but-reported-failed %d, without outcome %d%n",
                    mismatchDeliveredNotAccepted, mismatchAcceptedButFailed, noOutcome);
            System.out.printf("heap after GC: first %,d KiB, peak %,d KiB%n", firstHeap, peakHeap);
            for (String e : examples) {
                System.out.println("  e.g. " + e);
            }
        }
        boolean ok = mismatchDeliveredNotAccepted == 0 && mismatchAcceptedButFailed == 0 && noOutcome == 0;
        System.out.println(ok ? "soak: PASS" : "soak: FAIL");
        System.exit(ok ? 0 : 1);
    }

    private static void example(List<String> examples, Recipient r, String what) {
        if (examples.size() < 10) {
            examples.add("<" + r.mailbox() + "> " + what + ": " + r.status() + " / message " + r.message().transferStatus());
        }
    }
}
