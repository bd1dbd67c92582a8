package org.esmtp4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Shows how much of a large message has been sent, and how fast, on one terminal line that is
 * rewritten at most {@link #UPDATES_PER_SECOND} times a second. Fed by the MESSAGEDATA event, whose
 * lengths are counted before dot-stuffing, so the total can differ slightly from the file size.
 */
final class ProgressMeter implements IntConsumer {

    /** Messages larger than this get a progress line (when standard error is a terminal). */
    static final long THRESHOLD_BYTES = 10L * 1024 * 1024;

    /** The most updates printed per second. */
    static final int UPDATES_PER_SECOND = 4;

    private static final long INTERVAL_NANOS = 1_000_000_000L / UPDATES_PER_SECOND;
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream out;
    private final long total;
    private final LongSupplier nanoClock;
    private long startNanos;
    private long sent;
    private long lastPrintNanos;
    private boolean printed;

    /**
     * @param out where the line goes (standard error)
     * @param total the message size in bytes
     * @param nanoClock the clock ({@code System::nanoTime})
     */
    ProgressMeter(PrintStream out, long total, LongSupplier nanoClock) {
        this.out = out;
        this.total = total;
        this.nanoClock = nanoClock;
    }

    /**
     * @param size the message size
     * @param terminal whether standard error is a terminal
     * @return whether a message of this size gets a progress line
     */
    static boolean wanted(long size, boolean terminal) {
        return terminal && size > THRESHOLD_BYTES;
    }

    /** @param length bytes of content just written */
    @Override
    public void accept(int length) {
        long now = nanoClock.getAsLong();
        if (sent == 0) {
            // The rate counts from the first content byte, not from connecting.
            startNanos = now;
            lastPrintNanos = now;
        }
        sent += length;
        if (now - lastPrintNanos >= INTERVAL_NANOS) {
            lastPrintNanos = now;
            out.print("\r" + line(now));
            out.flush();
            printed = true;
        }
    }

    /** Prints the final figures and ends the line, if anything was shown. */
    void finish() {
        if (printed) {
            out.println("\r" + line(nanoClock.getAsLong()));
            printed = false;
        }
    }

    /** @return bytes counted so far */
    long sent() {
        return sent;
    }

    /**
     * @param now the clock's current value
     * @return the progress text, for example {@code "sent 12.0 of 48.0 MiB (25%), 6.0 MiB/s"}
     */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        long percent = total > 0 ? Math.min(100, sent * 100 / total) : 100;
        return String.format(Locale.ROOT, "sent %.1f of %.1f MiB (%d%%), %.1f MiB/s   ",
                sent / MIB, total / MIB, percent, sent / MIB / seconds);
    }
}
