package org.esmtp4j.mime;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed-size ring buffer between one writer thread and one reader thread, so that a message
 * pushed out by {@code MimeMessage.writeTo} can be pulled by the engine without ever holding more
 * than the ring's capacity in memory.
 *
 * <p>Each side blocks while the ring is full (writer) or empty (reader), but never longer than
 * the stall timeout without progress from the other side: then it gives up with an
 * {@link IOException}. {@link #cancel()} wakes both sides at once and makes every later call
 * fail, which is how an abandoned writer is made to end.
 */
final class BoundedPipe {

    private final byte[] ring;
    private final long stallNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();

    /** Index of the next byte to read; {@code (head + count) % length} is the next to write. */
    private int head;
    private int count;
    private boolean finished;
    private Throwable failure;
    private boolean cancelled;

    /**
     * @param capacity    the ring's size in bytes
     * @param stallNanos  how long either side waits for the other to make progress
     */
    BoundedPipe(int capacity, long stallNanos) {
        this.ring = new byte[capacity];
        this.stallNanos = stallNanos;
    }

    /**
     * Copies all of {@code source[offset, offset+length)} into the ring, waiting for room.
     *
     * @throws IOException when the pipe was cancelled or the reader stalled too long
     */
    void write(byte[] source, int offset, int length) throws IOException {
        lock.lock();
        try {
            while (length > 0) {
                long left = stallNanos;
                while (count == ring.length && !cancelled) {
                    left = await(writable, left, "the reader");
                }
                if (cancelled) {
                    throw new IOException("the message source was rewound or closed");
                }
                if (finished) {
                    throw new IOException("write after the end of the message");
                }
                int tail = (head + count) % ring.length;
                int n = Math.min(length, Math.min(ring.length - count, ring.length - tail));
                System.arraycopy(source, offset, ring, tail, n);
                count += n;
                offset += n;
                length -= n;
                readable.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the end of the content: the reader gets -1 once the ring is drained, or, when
     * {@code error} is not null, that error as an {@link IOException} (at once, since the
     * content is incomplete and must not be sent as if whole).
     */
    void finish(Throwable error) {
        lock.lock();
        try {
            finished = true;
            failure = error;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads at least one byte, waiting for the writer.
     *
     * @return how many bytes were read, or -1 at the end
     * @throws IOException the writer's failure, a cancelled pipe, or a writer stalled too long
     */
    int read(byte[] target, int offset, int length) throws IOException {
        lock.lock();
        try {
            long left = stallNanos;
            while (count == 0 && !finished && !cancelled) {
                left = await(readable, left, "the MIME writer");
            }
            if (cancelled) {
                throw new IOException("the message source was closed");
            }
            if (failure != null) {
                throw asIOException(failure);
            }
            if (count == 0) {
                return -1;
            }
            int n = Math.min(length, Math.min(count, ring.length - head));
            System.arraycopy(ring, head, target, offset, n);
            head = (head + n) % ring.length;
            count -= n;
            writable.signal();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes and fails both sides; every later call fails too. */
    void cancel() {
        lock.lock();
        try {
            cancelled = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long await(Condition condition, long leftNanos, String other) throws IOException {
        if (leftNanos <= 0) {
            throw new IOException("no progress from " + other + " for "
                    + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
        }
        try {
            return condition.awaitNanos(leftNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + other);
        }
    }

    private static IOException asIOException(Throwable t) {
        if (t instanceof IOException) {
            // a fresh exception, so the reader's stack shows where the read failed
            return new IOException("writing the MIME message failed: " + t.getMessage(), t);
        }
        return new IOException("writing the MIME message failed: " + t, t);
    }
}
