package org.esmtp4j.bench.soak;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The sink's own record of what it accepted: a recipient counts as accepted only when the sink
 * sent a complete 2xx reply to the end of the data of a transaction in which that recipient got a
 * 2xx RCPT reply. Recipients are the soak's {@code r<message>-<k>@...} mailboxes, kept as bits so
 * that the record itself does not grow the heap the soak watches. Also counts faults by kind.
 */
final class SinkLog {

    private final int recipientsPerMessage;
    private final BitSet accepted = new BitSet();
    private final BitSet acceptedTwice = new BitSet();
    private final AtomicLongArray faults = new AtomicLongArray(Fault.values().length);

    SinkLog(int recipientsPerMessage) {
        this.recipientsPerMessage = recipientsPerMessage;
    }

    synchronized void accepted(String mailbox) {
        int i = index(mailbox);
        if (accepted.get(i)) {
            acceptedTwice.set(i);
        }
        accepted.set(i);
    }

    void fault(Fault f) {
        faults.incrementAndGet(f.ordinal());
    }

    synchronized boolean wasAccepted(String mailbox) {
        return accepted.get(index(mailbox));
    }

    synchronized boolean acceptedMoreThanOnce(String mailbox) {
        return acceptedTwice.get(index(mailbox));
    }

    long faults(Fault f) {
        return faults.get(f.ordinal());
    }

    synchronized long acceptedCount() {
        return accepted.cardinality();
    }

    /** {@code r<message>-<k>@domain} → message * recipientsPerMessage + k. */
    private int index(String mailbox) {
        int dash = mailbox.indexOf('-');
        int at = mailbox.indexOf('@');
        if (!mailbox.startsWith("r") || dash < 0 || at < dash) {
            throw new IllegalArgumentException("not a soak recipient: " + mailbox);
        }
        return Integer.parseInt(mailbox.substring(1, dash)) * recipientsPerMessage + Integer.parseInt(mailbox.substring(dash + 1, at));
    }
}
