package org.esmtp4j.pure.engine;

import org.esmtp4j.Timeout;
import org.esmtp4j.pure.protocol.Reply;

/**
 * The replies a connection still awaits, oldest first: one entry per command written (or per
 * end of data or BDAT chunk). The entries are reused, so queueing a command allocates nothing
 * once the queue has grown to the largest batch of the connection.
 */
final class ExpectedReplies {

    /** What a reply answers, and so what handling it gets. */
    enum Expect {
        /** A reply whose content does not matter (RSET, XUSR, QUIT, the dot after a refused MAIL). */
        NOTHING,
        /** A reply the caller reads back with {@link Conversation}'s single-command helpers. */
        RETURN,
        /** The reply to one ETRN, matched to its node by position. */
        ETRN,
        /** The transaction's MAIL. */
        MAIL,
        /** One RCPT, matched to its recipient by position. */
        RCPT,
        /** DATA (354 expected). */
        DATA,
        /** The end of data, the message's status. */
        END_OF_DATA,
        /** One BDAT chunk, the last one included. */
        CHUNK
    }

    /** Handles the replies of the entries it queued. */
    @FunctionalInterface
    interface Handler {
        void handle(Expect expect, Reply reply) throws ProtocolAbort, java.io.IOException;
    }

    /** One awaited reply; reused once answered. */
    static final class Entry {
        /** The command line, a label such as {@code "AUTH"}, or null for message content. */
        String command;
        Timeout phase;
        Expect expect;
        Handler handler;
    }

    private Entry[] ring = newEntries(16);
    private int head;
    private int size;

    /** Adds an entry at the end. */
    void add(String command, Timeout phase, Expect expect, Handler handler) {
        if (size == ring.length) {
            grow();
        }
        Entry e = ring[(head + size) % ring.length];
        e.command = command;
        e.phase = phase;
        e.expect = expect;
        e.handler = handler;
        size++;
    }

    /** @return the oldest entry; valid until {@link #removeFirst()} */
    Entry first() {
        return ring[head];
    }

    void removeFirst() {
        ring[head].handler = null;
        head = (head + 1) % ring.length;
        size--;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        while (size > 0) {
            removeFirst();
        }
    }

    private void grow() {
        Entry[] bigger = new Entry[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        for (int i = size; i < bigger.length; i++) {
            bigger[i] = new Entry();
        }
        ring = bigger;
        head = 0;
    }

    private static Entry[] newEntries(int n) {
        Entry[] entries = new Entry[n];
        for (int i = 0; i < n; i++) {
            entries[i] = new Entry();
        }
        return entries;
    }
}
