package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads the client's bytes for one connection and keeps every byte it reads: the read buffer is
 * also the transcript of client bytes, so recording costs no copy.
 *
 * <p>Reads are chunked (the socket is asked for as much as it has), so this reader may hold
 * bytes beyond the step being served; they stay "unconsumed" until a later step takes them. The
 * STARTTLS step hands any unconsumed bytes to the TLS layer instead of interpreting them (see
 * {@link #takeUnconsumed()}).
 *
 * <p>Only the connection thread reads; other threads may call {@link #snapshot()} and
 * {@link #length()} at any time.
 */
final class ClientInput {

    private static final int MIN_FREE = 16 * 1024;
    private static final int EOF = -1;
    private static final int TIMEOUT = -2;
    private static final int ERROR = -3;

    private final Object lock = new Object();
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int readPos;
    private Socket socket;
    private InputStream in;
    private boolean endOfStream;
    private IOException lastError;

    ClientInput(Socket socket) throws IOException {
        use(socket);
    }

    /** Continues reading from another socket layered over the same connection (TLS). */
    void use(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.in = newSocket.getInputStream();
    }

    /** Offset of the first client byte not yet consumed by a step. */
    int readPos() {
        return readPos;
    }

    /** Number of client bytes received so far. */
    int length() {
        synchronized (lock) {
            return length;
        }
    }

    /** Whether the client's EOF has been seen. */
    boolean endOfStream() {
        return endOfStream;
    }

    /** A copy of every client byte received so far. */
    byte[] snapshot() {
        synchronized (lock) {
            return Arrays.copyOf(buffer, length);
        }
    }

    /** A copy of received bytes {@code [from, to)}. */
    byte[] copy(int from, int to) {
        synchronized (lock) {
            return Arrays.copyOfRange(buffer, from, to);
        }
    }

    /** Direct access for parsing on the connection thread; valid up to {@link #length()}. */
    byte[] buffer() {
        return buffer;
    }

    /**
     * Consumes the next line, terminated by LF (a bare LF counts, so that a client's bare-LF line
     * is reported as a mismatch rather than a timeout).
     *
     * @return the end offset (exclusive) of the line; it starts at the previous {@link #readPos()}
     */
    int readLine(String expected, long deadline) throws ScriptFailedException {
        int scan = readPos;
        while (true) {
            for (; scan < length; scan++) {
                if (buffer[scan] == '\n') {
                    readPos = scan + 1;
                    return readPos;
                }
            }
            int status = fill(deadline);
            if (status <= 0) {
                throw shortInput(status, expected, "line incomplete");
            }
        }
    }

    /**
     * Consumes exactly {@code count} bytes.
     *
     * @return the end offset (exclusive); the bytes start at the previous {@link #readPos()}
     */
    int readBytes(int count, String expected, long deadline) throws ScriptFailedException {
        int end = readPos + count;
        while (length < end) {
            int status = fill(deadline);
            if (status <= 0) {
                throw shortInput(status, expected, (length - readPos) + " of " + count + " bytes received");
            }
        }
        readPos = end;
        return end;
    }

    /**
     * Consumes message data through its terminating {@code .CRLF} line. Only the exact sequence
     * CRLF "." CRLF ends the data (RFC 5321 section 4.1.1.4), where the CRLF that ended the DATA
     * command counts as the first CRLF; a {@code .} line after a bare LF does not, which is what
     * makes the SMTP-smuggling cases (catalogue E8) observable.
     *
     * @return the end offset (exclusive), just after the terminator
     */
    int readData(long deadline) throws ScriptFailedException {
        int lineStart = readPos;
        int scan = readPos;
        while (true) {
            while (length - lineStart >= 3) {
                if (buffer[lineStart] == '.' && buffer[lineStart + 1] == '\r' && buffer[lineStart + 2] == '\n') {
                    readPos = lineStart + 3;
                    return readPos;
                }
                int crlf = -1;
                for (int i = Math.max(scan, lineStart); i + 1 < length; i++) {
                    if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                        crlf = i;
                        break;
                    }
                }
                if (crlf < 0) {
                    scan = Math.max(lineStart, length - 1);
                    break;
                }
                lineStart = crlf + 2;
                scan = lineStart;
            }
            int status = fill(deadline);
            if (status <= 0) {
                throw shortInput(status, ".\\r\\n ending the data", "data not terminated");
            }
        }
    }

    /** Moves every byte that has already arrived at the socket into the buffer, without blocking. */
    void drainAvailable() {
        try {
            int available;
            while (!endOfStream && (available = in.available()) > 0) {
                ensureFree(available);
                int n = in.read(buffer, length, Math.min(available, buffer.length - length));
                if (n < 0) {
                    endOfStream = true;
                    return;
                }
                advance(n);
            }
        } catch (IOException e) {
            // A reset or a closed socket: the next blocking read reports it with context.
            lastError = e;
        }
    }

    /**
     * Marks every buffered but unconsumed byte as consumed and returns them. Used when TLS starts:
     * those bytes were read in plaintext and must be given to the handshake, not to a step.
     */
    byte[] takeUnconsumed() {
        byte[] rest = copy(readPos, length);
        readPos = length;
        return rest;
    }

    /** Outcome of waiting for the client to stay silent. */
    enum Silence { QUIET, CLIENT_CLOSED, INPUT_ARRIVED }

    /** Waits until {@code deadline} for input; consumed bytes are whatever arrived. */
    Silence awaitSilence(long deadline) {
        if (readPos < length) {
            readPos = length;
            return Silence.INPUT_ARRIVED;
        }
        int status = fill(deadline);
        if (status > 0) {
            readPos = length;
            return Silence.INPUT_ARRIVED;
        }
        return status == TIMEOUT ? Silence.QUIET : Silence.CLIENT_CLOSED;
    }

    /**
     * Records whatever the client still sends until it closes, resets, or {@code deadline} passes.
     *
     * @return whether the client closed or reset the connection
     */
    boolean recordUntilClientCloses(long deadline) {
        while (true) {
            int status = fill(deadline);
            if (status == TIMEOUT) {
                readPos = length;
                return false;
            }
            if (status < 0) {
                readPos = length;
                return true;
            }
        }
    }

    /** The last I/O error seen by a read, if any. */
    IOException lastError() {
        return lastError;
    }

    private ScriptFailedException shortInput(int status, String expected, String what) {
        byte[] got = copy(readPos, length);
        int at = readPos;
        readPos = length;
        return switch (status) {
            case TIMEOUT -> new ScriptFailedException(ScriptFailure.Kind.TIMEOUT, expected, got, at,
                    what + " when the read timeout expired");
            case EOF -> new ScriptFailedException(ScriptFailure.Kind.CLIENT_CLOSED, expected, got, at,
                    what + " when the client closed the connection");
            default -> new ScriptFailedException(ScriptFailure.Kind.IO_ERROR, expected, got, at,
                    what + ": " + lastError);
        };
    }

    /** Blocks for more bytes: returns the count read, or EOF, TIMEOUT or ERROR. */
    private int fill(long deadline) {
        if (endOfStream) {
            return EOF;
        }
        long remainingMillis = (deadline - System.nanoTime() + 999_999) / 1_000_000;
        if (remainingMillis <= 0) {
            return TIMEOUT;
        }
        try {
            // SO_TIMEOUT 0 would mean "forever"; the deadline is at least 1 ms away here.
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            ensureFree(MIN_FREE);
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                endOfStream = true;
                return EOF;
            }
            advance(n);
            return n;
        } catch (SocketTimeoutException e) {
            return TIMEOUT;
        } catch (IOException e) {
            lastError = e;
            return ERROR;
        }
    }

    private void ensureFree(int free) {
        if (buffer.length - length < free) {
            synchronized (lock) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + free));
            }
        }
    }

    private void advance(int n) {
        synchronized (lock) {
            length += n;
        }
    }
}
