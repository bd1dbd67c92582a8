package org.esmtp4j.pure.io;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.esmtp4j.Monitor;
import org.esmtp4j.pure.protocol.Reply;
import org.esmtp4j.pure.protocol.ReplyException;
import org.esmtp4j.pure.protocol.ReplyLimits;
import org.esmtp4j.pure.protocol.ReplyParser;

/**
 * The socket of one SMTP connection: a non-blocking channel with a selector, so that every wait
 * (connect, each write, each reply) is bounded, and the server cannot stall the client by
 * refusing to read (hostile case A8) or by dripping a reply (F4: the timeout bounds the whole
 * reply, not each read).
 *
 * <p>Commands are collected in a write buffer and go out at {@link #flush()}, so a pipelined
 * batch is one write. While a write waits for the socket, whatever the server sends is read into
 * the reply parser, so that a long BDAT batch cannot deadlock against the server's replies.
 *
 * <p>After {@link #startTls(SSLEngine, Duration)} the same methods run over TLS: the
 * conversation never sees the difference. The monitor always sees plaintext, and lines marked
 * secret ({@link #writeSecretLine}, {@link #redactReplies}) reach it redacted.
 */
public final class SmtpChannel implements AutoCloseable {

    private static final int OUT_CAPACITY = 64 * 1024;
    private static final int IN_CAPACITY = 16 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ReplyParser parser;
    /**
     * Direct, so that the socket writes straight from it: from a heap buffer the JDK first copies
     * into a temporary direct buffer, and again, from the start of what is left, after every
     * partial write of a non-blocking socket.
     */
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUT_CAPACITY);
    private final ByteBuffer in = ByteBuffer.allocate(IN_CAPACITY);
    private final ByteArrayOutputStream traced = new ByteArrayOutputStream();

    private Tracer tracer;
    private boolean traceWrites;
    private boolean traceReads;
    private long writeTimeoutNanos = Duration.ofMinutes(5).toNanos();
    private boolean eof;
    private long bytesSent;
    private long sessionDeadline = Long.MAX_VALUE;
    private TlsLayer tls;
    private boolean redactReplies;

    /** What the monitor sees in place of a secret. */
    private static final byte[] REDACTED = "<redacted>".getBytes(StandardCharsets.US_ASCII);

    /** Receives traced bytes (the session's monitor). */
    @FunctionalInterface
    public interface Tracer {
        /**
         * @param buffer the bytes
         * @param offset where they start
         * @param length how many
         * @param direction which way
         */
        void trace(byte[] buffer, int offset, int length, Monitor.Direction direction);
    }

    private SmtpChannel(SocketChannel channel, Selector selector, ReplyLimits limits) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
        this.parser = new ReplyParser(limits);
    }

    /**
     * Connects with a bound on the time taken.
     *
     * @param address where to connect
     * @param timeout the bound
     * @param limits the reply limits
     * @return the connected channel
     * @throws IOException when the connection fails; {@link SocketTimeoutException} on timeout
     */
    public static SmtpChannel connect(InetSocketAddress address, Duration timeout, ReplyLimits limits)
            throws IOException {
        SocketChannel ch = SocketChannel.open();
        Selector sel = null;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sel = Selector.open();
            if (!ch.connect(address)) {
                SelectionKey k = ch.register(sel, SelectionKey.OP_CONNECT);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!ch.finishConnect()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("connect to " + address + " timed out after " + timeout.toMillis() + " ms");
                    }
                    sel.select(Math.max(1, left / 1_000_000));
                    sel.selectedKeys().clear();
                }
                k.interestOps(0);
            }
            SmtpChannel c = new SmtpChannel(ch, sel, limits);
            sel = null;
            return c;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        } finally {
            if (sel != null) {
                sel.close();
            }
        }
    }

    /**
     * Sets where traced bytes go, and whether writes and reads are traced now. The caller turns
     * tracing off while message content is written (libESMTP never traces content).
     *
     * @param tracer the tracer, or null for none
     */
    public void setTracer(Tracer tracer) {
        this.tracer = tracer;
        this.traceWrites = tracer != null;
        this.traceReads = tracer != null;
    }

    /**
     * @param on whether the following writes are traced (content is not)
     */
    public void traceWrites(boolean on) {
        this.traceWrites = on && tracer != null;
        if (!on) {
            // libESMTP hands its monitor the write buffer when it flushes; commands queued but not
            // yet flushed when the monitor is detached (RCPTs pipelined with BDAT) are never traced.
            traced.reset();
        }
    }

    /**
     * @param on whether the following reads are traced
     */
    public void traceReads(boolean on) {
        this.traceReads = on && tracer != null;
    }

    /**
     * Bounds every later wait by an absolute deadline for the whole session.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value, or {@link Long#MAX_VALUE} for none
     */
    public void setSessionDeadline(long deadlineNanos) {
        sessionDeadline = deadlineNanos;
    }

    private long deadline(long timeoutNanos) {
        long now = System.nanoTime();
        long d = timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
        return sessionDeadline - d < 0 ? sessionDeadline : d;
    }

    /**
     * @param timeout the bound on each wait for the socket to accept more bytes
     */
    public void setWriteTimeout(Duration timeout) {
        writeTimeoutNanos = timeout.toNanos();
    }

    /**
     * Queues a command line; it goes out at the next flush (or earlier if the buffer fills).
     *
     * @param line the command without CRLF; ASCII or, for SMTPUTF8 addresses, UTF-8
     * @throws IOException when a write fails
     */
    public void writeLine(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
        write(CRLF, 0, 2);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Queues a command line part of which is a secret (SASL credentials): the server gets the
     * whole line, the monitor gets {@code visible + "<redacted>"} (hostile case D5).
     *
     * @param visible the part the monitor may see, for example {@code "AUTH PLAIN "}; may be empty
     * @param secret the part it must not see
     * @throws IOException when a write fails
     */
    public void writeSecretLine(String visible, String secret) throws IOException {
        boolean tracing = traceWrites;
        traceWrites = false;
        try {
            writeLine(visible + secret);
        } finally {
            traceWrites = tracing;
        }
        if (tracing) {
            byte[] v = visible.getBytes(StandardCharsets.UTF_8);
            traced.write(v, 0, v.length);
            traced.write(REDACTED, 0, REDACTED.length);
            traced.write(CRLF, 0, 2);
        }
    }

    /**
     * While on, the monitor gets each reply as it is returned, with the text of {@code 334}
     * challenges replaced by {@code <redacted>} (they may echo credentials), instead of the raw
     * bytes as they arrive. The conversation turns it on for the AUTH exchange only; nothing is
     * pipelined there, so no reply straddles the switch.
     *
     * @param on whether replies are traced redacted
     */
    public void redactReplies(boolean on) {
        redactReplies = on;
    }

    /**
     * Queues bytes; whenever the buffer fills it goes to the socket, so large writes pass
     * through it in buffer-sized pieces (one copy, into native memory).
     *
     * @param b the bytes
     * @param off where they start
     * @param len how many
     * @throws IOException when a write fails
     */
    public void write(byte[] b, int off, int len) throws IOException {
        if (traceWrites) {
            traced.write(b, off, len);
        }
        int o = off;
        int left = len;
        while (left > out.remaining()) {
            int n = out.remaining();
            out.put(b, o, n);
            o += n;
            left -= n;
            drainOut();
        }
        out.put(b, o, left);
    }

    /**
     * Sends everything queued and reports the traced part of it to the monitor.
     *
     * @throws IOException when a write fails or times out
     */
    public void flush() throws IOException {
        if (traced.size() > 0 && tracer != null) {
            byte[] t = traced.toByteArray();
            traced.reset();
            tracer.trace(t, 0, t.length, Monitor.Direction.WRITE);
        }
        drainOut();
    }

    private void drainOut() throws IOException {
        if (out.position() == 0) {
            return;
        }
        out.flip();
        try {
            writeFully(out);
        } finally {
            out.clear();
        }
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        long deadline = deadline(writeTimeoutNanos);
        while (buf.hasRemaining() || (tls != null && tls.pendingOutput())) {
            int n = tls == null ? channel.write(buf) : tls.write(buf);
            if (n > 0) {
                bytesSent += n;
                deadline = deadline(writeTimeoutNanos);
                continue;
            }
            if (!buf.hasRemaining() && (tls == null || !tls.pendingOutput())) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("the server stopped reading: write timed out");
            }
            // Wait for room; meanwhile take in whatever the server says, so that pipelined
            // replies cannot fill both directions and deadlock the connection.
            key.interestOps(SelectionKey.OP_WRITE | (eof ? 0 : SelectionKey.OP_READ));
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            key.interestOps(0);
            if (!eof && key.isValid()) {
                readAvailable();
            }
        }
    }

    /**
     * Reads the next complete reply, waiting at most {@code timeout} for all of it.
     *
     * @param timeout the bound on the whole reply
     * @return the reply
     * @throws IOException on EOF ({@link EOFException}), timeout ({@link SocketTimeoutException})
     *     or a socket error
     * @throws ReplyException when the reply is malformed or exceeds the limits
     */
    public Reply readReply(Duration timeout) throws IOException, ReplyException {
        Reply r = parser.next();
        if (r != null) {
            return traced(r);
        }
        long deadline = deadline(timeout.toNanos());
        while (true) {
            if (eof) {
                throw new EOFException(parser.hasPartialReply()
                        ? "the server closed the connection in the middle of a reply"
                        : "the server closed the connection");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no complete reply within " + timeout.toMillis() + " ms");
            }
            key.interestOps(SelectionKey.OP_READ);
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            key.interestOps(0);
            readAvailable();
            r = parser.next();
            if (r != null) {
                return traced(r);
            }
        }
    }

    /** In redaction mode, traces the reply as returned, with 334 texts hidden. */
    private Reply traced(Reply r) {
        if (redactReplies && traceReads) {
            StringBuilder b = new StringBuilder();
            List<String> lines = r.lines();
            for (int i = 0; i < lines.size(); i++) {
                b.append(r.code()).append(i + 1 < lines.size() ? '-' : ' ')
                        .append(r.code() == 334 ? "<redacted>" : lines.get(i)).append("\r\n");
            }
            byte[] t = b.toString().getBytes(StandardCharsets.UTF_8);
            tracer.trace(t, 0, t.length, Monitor.Direction.READ);
        }
        return r;
    }

    /**
     * Whether the server has sent bytes that no command asked for yet: buffered in the parser,
     * or waiting on the socket. Used to detect a desynchronised server (hostile case B9) and
     * plaintext injected after STARTTLS's 220 (C1).
     *
     * @return true when unsolicited input is present
     * @throws IOException on a socket error
     */
    public boolean hasUnreadInput() throws IOException {
        if (parser.bufferedBytes() > 0) {
            return true;
        }
        if (eof) {
            return false;
        }
        readAvailable();
        return parser.bufferedBytes() > 0;
    }

    private void readAvailable() throws IOException {
        while (!eof) {
            int n;
            if (tls == null) {
                in.clear();
                n = channel.read(in);
            } else {
                n = tls.read(in.array(), 0, in.capacity());
            }
            if (n < 0) {
                eof = true;
                return;
            }
            if (n == 0) {
                return;
            }
            if (traceReads && !redactReplies) {
                tracer.trace(in.array(), 0, n, Monitor.Direction.READ);
            }
            try {
                parser.feed(in.array(), 0, n);
            } catch (ReplyException e) {
                // The parser keeps the error and raises it from next(); nothing more to read.
                return;
            }
            if (tls == null && n < in.capacity()) {
                // The socket had no more at this moment: another read would only return 0.
                return;
            }
        }
    }

    /**
     * Turns the connection into a TLS connection (RFC 3207, or implicit TLS right after connect):
     * runs the handshake with {@code engine}, every wait bounded by {@code timeout} and the
     * session deadline. Afterwards every read and write goes through TLS.
     *
     * <p>The caller must first make sure the server sent nothing after the reply to STARTTLS
     * ({@link #hasUnreadInput()}, hostile case C1): plaintext read before the handshake must never
     * be taken as a reply from inside TLS. Plaintext the server sends inside TLS before the next
     * command shows up in {@link #hasUnreadInput()} afterwards (C9).
     *
     * @param engine a client-mode engine, not yet used
     * @param timeout the bound on each wait
     * @throws IOException when the handshake fails ({@link javax.net.ssl.SSLException}), times out
     *     ({@link SocketTimeoutException}) or the server closes the connection
     * @throws IllegalStateException when unread plaintext or unsent commands remain
     */
    public void startTls(SSLEngine engine, Duration timeout) throws IOException {
        if (tls != null) {
            throw new IllegalStateException("TLS is already active");
        }
        if (parser.bufferedBytes() > 0 || out.position() > 0) {
            throw new IllegalStateException("plaintext is buffered: it must not cross into TLS");
        }
        TlsLayer layer = new TlsLayer(channel, engine);
        engine.beginHandshake();
        long deadline = deadline(timeout.toNanos());
        while (true) {
            TlsLayer.Wait wait;
            try {
                wait = layer.handshake();
            } catch (IOException | RuntimeException e) {
                // Let the server see the alert the engine produced, if the socket takes it now.
                layer.closeQuietly();
                throw e;
            }
            if (wait == TlsLayer.Wait.DONE) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("TLS handshake not complete within " + timeout.toMillis() + " ms");
            }
            key.interestOps(wait == TlsLayer.Wait.READ ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            key.interestOps(0);
        }
        tls = layer;
    }

    /** @return whether TLS is active */
    public boolean isTls() {
        return tls != null;
    }

    /**
     * Whether bytes that no reply has consumed are already buffered, without asking the socket
     * (no system call).
     *
     * @return true when the parser holds unconsumed input
     */
    public boolean hasBufferedInput() {
        return parser.bufferedBytes() > 0;
    }

    /** @return how many bytes (plaintext, inside TLS) have been handed to the socket so far */
    public long bytesSent() {
        return bytesSent;
    }

    /** @return the remote address, for messages */
    public String remote() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    /** Closes the socket; safe to call twice. */
    @Override
    public void close() {
        if (tls != null) {
            tls.closeQuietly();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to do: closing
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: closing
        }
    }
}
