package org.esmtp4j.pure.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The TLS record layer of one connection: an {@link SSLEngine} with its network and plaintext
 * buffers over the non-blocking socket. Nothing here waits: each method does what it can and
 * says what it needs; {@link SmtpChannel} does the bounded waiting, so every TLS operation obeys
 * the same deadlines as plaintext I/O (libESMTP bounds TLS by the poll timeout, §6.4).
 */
final class TlsLayer {

    /** What the handshake waits for. */
    enum Wait {
        /** Bytes from the server. */
        READ,
        /** Room in the socket for bytes to the server. */
        WRITE,
        /** Nothing: the handshake is complete. */
        DONE
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Encrypted bytes from the server not yet decrypted; fill mode. */
    private ByteBuffer netIn;
    /** Encrypted bytes for the server not yet written; read mode. */
    private final ByteBuffer netOut;
    /** Decrypted bytes not yet handed out; read mode. */
    private ByteBuffer appIn;
    private boolean closed;

    TlsLayer(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.netOut.flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.appIn.flip();
    }

    SSLEngine engine() {
        return engine;
    }

    /**
     * Advances the handshake as far as it goes without waiting.
     *
     * @return what it waits for, or {@link Wait#DONE}
     * @throws IOException when the handshake fails or the server closes the connection
     */
    Wait handshake() throws IOException {
        while (true) {
            if (!flushNet()) {
                return Wait.WRITE;
            }
            switch (engine.getHandshakeStatus()) {
                case NOT_HANDSHAKING:
                case FINISHED:
                    if (engine.isOutboundDone() || engine.isInboundDone()) {
                        throw new SSLException("the TLS connection closed during the handshake");
                    }
                    return Wait.DONE;
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_WRAP:
                    wrap(EMPTY);
                    break;
                default:
                    if (!unwrapHandshake()) {
                        return Wait.READ;
                    }
                    break;
            }
        }
    }

    /** Unwraps one handshake record; returns false when more bytes must arrive first. */
    private boolean unwrapHandshake() throws IOException {
        SSLEngineResult r = unwrap();
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW:
                return readNet(true) > 0;
            case CLOSED:
                throw new SSLException("the server closed TLS during the handshake");
            default:
                return true;
        }
    }

    /** @return true when encrypted bytes still wait for the socket */
    boolean pendingOutput() {
        return netOut.hasRemaining();
    }

    /**
     * Writes pending encrypted bytes as far as the socket takes them.
     *
     * @return true when none remain
     */
    boolean flushNet() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encrypts the next record of {@code src} once the previous one has left, and starts sending it.
     *
     * @return the plaintext bytes consumed; 0 when the socket has no room for the previous record
     */
    int write(ByteBuffer src) throws IOException {
        if (!flushNet()) {
            return 0;
        }
        if (!src.hasRemaining()) {
            return 0;
        }
        int consumed = wrap(src);
        flushNet();
        return consumed;
    }

    private int wrap(ByteBuffer src) throws IOException {
        netOut.compact();
        SSLEngineResult r;
        try {
            r = engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
            throw new SSLException("the TLS connection is closed");
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("TLS record larger than the packet buffer");
        }
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        return r.bytesConsumed();
    }

    /**
     * Hands out decrypted bytes, decrypting buffered records and reading the socket as needed.
     *
     * @return bytes copied; 0 when nothing is available now; -1 at the end of the stream
     * @throws IOException on a socket or TLS error
     */
    int read(byte[] dst, int off, int len) throws IOException {
        if (!appIn.hasRemaining() && !fill()) {
            return closed ? -1 : 0;
        }
        int n = Math.min(len, appIn.remaining());
        appIn.get(dst, off, n);
        return n;
    }

    /** @return true when decrypted bytes are now available */
    private boolean fill() throws IOException {
        while (!closed) {
            SSLEngineResult r = unwrap();
            switch (r.getStatus()) {
                case CLOSED:
                    closed = true;
                    break;
                case BUFFER_UNDERFLOW:
                    if (readNet(false) <= 0) {
                        return appIn.hasRemaining();
                    }
                    break;
                default:
                    afterPostHandshakeRecord(r);
                    if (appIn.hasRemaining()) {
                        return true;
                    }
                    if (r.bytesConsumed() == 0 && readNet(false) <= 0) {
                        return false;
                    }
                    break;
            }
        }
        return appIn.hasRemaining();
    }

    /** TLS 1.3 post-handshake messages (key update) may need an answer. */
    private void afterPostHandshakeRecord(SSLEngineResult r) throws IOException {
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            wrap(EMPTY);
            flushNet();
        }
    }

    private SSLEngineResult unwrap() throws IOException {
        netIn.flip();
        appIn.compact();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
            netIn.compact();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize(), true);
            return unwrap();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && netIn.position() == netIn.capacity()) {
            netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
        }
        return r;
    }

    /**
     * Reads encrypted bytes from the socket.
     *
     * @param duringHandshake whether the end of the stream is an error (it is, mid-handshake)
     * @return bytes read, 0 if none now, -1 at the end of the stream (only outside the handshake)
     */
    private int readNet(boolean duringHandshake) throws IOException {
        int n = channel.read(netIn);
        if (n < 0) {
            if (duringHandshake) {
                throw new EOFException("the server closed the connection during the TLS handshake");
            }
            // A close without close_notify: the stream ends here (a truncation the reply parser
            // notices if it cuts a reply).
            closed = true;
        }
        return n;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast, boolean readMode) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
        if (readMode) {
            bigger.put(buffer).flip();
        } else {
            buffer.flip();
            bigger.put(buffer);
        }
        return bigger;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Sends close_notify if the socket takes it now; never waits. */
    void closeQuietly() {
        try {
            engine.closeOutbound();
            wrap(EMPTY);
            flushNet();
        } catch (IOException | RuntimeException e) {
            // the connection is ending anyway
        }
    }
}
