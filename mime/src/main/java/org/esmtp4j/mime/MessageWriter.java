package org.esmtp4j.mime;

import jakarta.mail.internet.MimeMessage;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** One pass of {@code MimeMessage.writeTo} into a {@link BoundedPipe}, on a thread of its own. */
final class MessageWriter {

    /**
     * Left out as Jakarta Mail's SMTP transport leaves them out: Bcc would disclose the blind
     * recipients to everyone (RFC 5322 §3.6.3), Content-Length is meaningless on the wire.
     */
    static final String[] IGNORED_HEADERS = {"Bcc", "Content-Length"};

    /** Names the threads, so a test (or a thread dump) can tell them apart. */
    static final String THREAD_NAME_PREFIX = "esmtp4j-mime-writer-";

    private static final AtomicLong THREAD_NUMBERS = new AtomicLong();
    /** Small writes (a header line, a quoted-printable byte) are gathered before taking the pipe's lock. */
    private static final int GATHER_BYTES = 8192;
    private static final long POLITE_STOP_MILLIS = 200;
    private static final long FORCED_STOP_MILLIS = 2000;
    private static final System.Logger LOG = System.getLogger(MessageWriter.class.getName());

    private final BoundedPipe pipe;
    private final Thread thread;

    private MessageWriter(MimeMessage message, BoundedPipe pipe) {
        this.pipe = pipe;
        this.thread = new Thread(() -> writeAll(message, pipe),
                THREAD_NAME_PREFIX + THREAD_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
    }

    static MessageWriter start(MimeMessage message, BoundedPipe pipe) {
        MessageWriter w = new MessageWriter(message, pipe);
        w.thread.start();
        return w;
    }

    BoundedPipe pipe() {
        return pipe;
    }

    /**
     * Cancels the pipe, so the writer's next (or pending) write fails and {@code writeTo}
     * unwinds; interrupts it when it does not end soon (it may be blocked reading an
     * attachment's data source). Waits a bounded time, then leaves a daemon thread behind.
     */
    void stop() {
        pipe.cancel();
        if (join(POLITE_STOP_MILLIS)) {
            return;
        }
        thread.interrupt();
        if (!join(FORCED_STOP_MILLIS)) {
            LOG.log(System.Logger.Level.WARNING, thread.getName()
                    + " did not end after being cancelled and interrupted; left behind as a daemon thread");
        }
    }

    private boolean join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void writeAll(MimeMessage message, BoundedPipe pipe) {
        try {
            OutputStream out = new BufferedOutputStream(new PipeOutputStream(pipe), GATHER_BYTES);
            message.writeTo(out, IGNORED_HEADERS);
            out.flush();
            pipe.finish(null);
        } catch (Throwable t) { // every failure must reach the reader, or the transfer would hang
            pipe.finish(t);
        }
    }
}
