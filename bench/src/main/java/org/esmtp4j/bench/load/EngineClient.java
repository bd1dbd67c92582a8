package org.esmtp4j.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Pipelining;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;
import org.esmtp4j.StartResult;

/**
 * Benchmark client for an esmtp4j engine: queues the messages in one or more sessions, then
 * times {@code Session.start()} (connect, the whole dialogue, QUIT) and prints a
 * {@link ResultLine}. Options: {@code --engine java|libesmtp --server HOST:PORT
 * [--messages N] [--recipients R] [--size BYTES] [--sessions S] [--no-prescan] [--pipelining OFF|LIBESMTP|FULL]
 * [--warmup W]}. With S sessions
 * the N messages are split evenly and the sessions start together, one thread each; the time
 * runs from their start to the end of the last. {@code --warmup W} (a diagnostic, which
 * {@code bin/bench} does not use) first runs W sessions of the same shape unmeasured.
 */
public final class EngineClient {

    /** Above this size a message is generated while it is read, never held in memory. */
    private static final long IN_MEMORY_LIMIT = 1 << 20;

    private EngineClient() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the benchmark cannot run
     */
    public static void main(String[] args) throws Exception {
        ClientArgs a = new ClientArgs(args);
        SmtpEngine engine = Smtp.engine(a.text("engine"));
        String server = a.text("server");
        int messages = (int) a.number("messages", 5000);
        int recipients = (int) a.number("recipients", 1);
        long size = a.number("size", 2048);
        int sessionCount = (int) a.number("sessions", 1);
        if (messages % sessionCount != 0) {
            throw new IllegalArgumentException("--messages must be a multiple of --sessions");
        }
        byte[] shared = size <= IN_MEMORY_LIMIT ? BenchContent.message((int) size) : null;
        Pipelining pipelining = Pipelining.valueOf(a.text("pipelining", "LIBESMTP"));
        Shape shape = new Shape(server, messages / sessionCount, recipients, size, shared, !a.flag("no-prescan"),
                pipelining);

        // Diagnostics only (bin/bench never warms up): sessions run first and not measured, to
        // tell the JIT's warm-up apart from the steady state.
        for (int w = 0; w < a.number("warmup", 0); w++) {
            List<Session> warm = shape.build(engine, sessionCount, new ArrayList<>());
            long w0 = System.nanoTime();
            runAll(warm);
            System.err.printf("warm-up session %d: %.3f s%n", w + 1, (System.nanoTime() - w0) / 1e9);
            warm.forEach(Session::close);
        }

        List<Recipient> all = new ArrayList<>();
        List<Session> sessions = shape.build(engine, sessionCount, all);

        HeapWatch heap = HeapWatch.start();
        double cpu0 = ProcessCpu.seconds();
        long t0 = System.nanoTime();
        List<StartResult> results = runAll(sessions);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcessCpu.seconds() - cpu0;
        long growth = heap.growth();
        heap.close();

        long delivered = all.stream().filter(r -> r.outcome() == Outcome.DELIVERED).count();
        long messagesDelivered = sessions.stream().flatMap(s -> s.messages().stream())
                .filter(m -> m.recipients().stream().allMatch(r -> r.outcome() == Outcome.DELIVERED)).count();
        new ResultLine().add("session_s", seconds).add("session_cpu_s", cpu).add("messages", messages)
                .add("delivered", messagesDelivered).add("recipients_ok", delivered)
                .add("content_bytes", size * messages).add("heap_growth_kib", growth / 1024)
                .add("gcs", heap.collections()).print();
        if (messagesDelivered != messages) {
            System.err.println(engine.name() + ": " + (messages - messagesDelivered) + " messages not delivered; start results "
                    + results + "; first recipient status " + all.get(0).status());
        }
        for (Session s : sessions) {
            s.close();
        }
        System.exit(messagesDelivered == messages ? 0 : 1);
    }

    /** What every session of a run looks like. */
    private record Shape(String server, int messagesPerSession, int recipients, long size, byte[] shared,
            boolean prescan, Pipelining pipelining) {

        List<Session> build(SmtpEngine engine, int count, List<Recipient> all) {
            List<Session> sessions = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                Session session = engine.createSession();
                session.setServer(server);
                session.setHostname("bench.example");
                session.setContentPrescan(prescan);
                if (pipelining != Pipelining.LIBESMTP) {
                    session.setPipelining(pipelining);
                }
                for (int i = 0; i < messagesPerSession; i++) {
                    Message m = session.addMessage();
                    m.setReversePath("sender@bench.example");
                    m.setMessageSource(shared != null ? MessageSource.of(shared)
                            : MessageSource.ofStreams(() -> new GeneratedContent(size)));
                    for (int r = 1; r <= recipients; r++) {
                        all.add(m.addRecipient("rcpt" + r + "@bench.example"));
                    }
                }
                sessions.add(session);
            }
            return sessions;
        }
    }

    private static List<StartResult> runAll(List<Session> sessions) throws InterruptedException {
        List<StartResult> results = new ArrayList<>();
        if (sessions.size() == 1) {
            results.add(sessions.get(0).start());
            return results;
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<StartResult>> slots = new ArrayList<>();
        for (Session s : sessions) {
            AtomicReference<StartResult> slot = new AtomicReference<>();
            slots.add(slot);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    slot.set(s.start());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-session");
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        slots.forEach(slot -> results.add(slot.get()));
        return results;
    }
}
