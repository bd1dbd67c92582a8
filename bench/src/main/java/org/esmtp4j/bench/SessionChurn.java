package org.esmtp4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;

/**
 * Creates, runs and closes many sessions in one JVM against the loopback null sink, sampling the
 * process's resident set size, to show that a session leaves nothing behind (native memory,
 * callbacks, threads). Usage: {@code SessionChurn ENGINE COUNT}.
 */
public final class SessionChurn {

    private SessionChurn() {
    }

    /**
     * @param args engine name (default libesmtp) and session count (default 10000)
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        String engineName = args.length > 0 ? args[0] : "libesmtp";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        SmtpEngine engine = Smtp.engine(engineName);
        byte[] content = ("Subject: churn\r\n\r\n" + "x".repeat(70) + "\r\n").repeat(25).getBytes();
        long undelivered = 0;
        long warm = 0;
        long peak = 0;
        try (NullSink sink = NullSink.start(false)) {
            System.out.printf("engine %s %s, %d sessions to %s%n", engine.name(), engine.version(), count, sink.hostPort());
            System.out.printf("%8s %10s %12s%n", "sessions", "RSS KiB", "heap KiB");
            long start = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                try (Session session = engine.createSession()) {
                    session.setServer(sink.hostPort());
                    session.setHostname("churn.example");
                    Message m = session.addMessage();
                    m.setReversePath("a@example.org");
                    m.setMessageSource(MessageSource.of(content));
                    Recipient r = m.addRecipient("b@example.org");
                    session.start();
                    if (r.outcome() != Outcome.DELIVERED) {
                        undelivered++;
                    }
                }
                if (i % (count / 10) == 0) {
                    System.gc();
                    long rss = rssKiB();
                    long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024;
                    if (i == count / 10) {
                        warm = rss;
                    }
                    peak = Math.max(peak, rss);
                    System.out.printf("%8d %10d %12d%n", i, rss, heap);
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("done: %d sessions in %.1f s, %d not delivered, sink counted %d messages%n",
                    count, secs, undelivered, sink.messages());
            System.out.printf("RSS after the first %d sessions: %d KiB; peak: %d KiB; growth: %d KiB%n",
                    count / 10, warm, peak, peak - warm);
        }
        System.exit(undelivered == 0 ? 0 : 1);
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
