package org.esmtp4j.libesmtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.esmtp4j.Monitor;

/**
 * Keeps SASL credentials out of the monitor (hostile case D5). libESMTP's monitor sees the AUTH
 * exchange as sent: base64 user names, passwords and challenge answers. Between the client's
 * {@code AUTH} line and the server's final reply to it (RFC 4954 §4), this rewrites the trace:
 * <ul>
 *   <li>{@code AUTH PLAIN dXNlcg...} becomes {@code AUTH PLAIN <redacted>} (the mechanism stays
 *       visible);</li>
 *   <li>every further client line becomes {@code <redacted>}, except the cancel line {@code *};</li>
 *   <li>every {@code 334} challenge becomes {@code 334 <redacted>};</li>
 *   <li>the final reply (2xx, 4xx, 5xx) passes unchanged and ends the exchange.</li>
 * </ul>
 * Lines are followed across monitor calls, so a line split between two reads is still handled.
 * Outside the exchange, reads are passed on untouched and writes are only scanned for the start
 * of a line.
 */
final class AuthTraceRedactor {

    /** Where the rewritten trace goes. */
    interface Sink {
        void trace(byte[] buffer, int offset, int length, Monitor.Direction direction);
    }

    private static final byte[] AUTH = "AUTH ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDACTED = "<redacted>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHALLENGE = "334 <redacted>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CANCEL = {'*'};

    private enum Write {
        /** At the start of a line outside the exchange, matching {@code AUTH }. */
        LINE_START,
        /** Passing the rest of an ordinary line. */
        PASS,
        /** Passing the mechanism name after {@code AUTH }. */
        MECHANISM,
        /** Dropping the initial response. */
        SKIP,
        /** A client line inside the exchange. */
        EXCHANGE
    }

    private enum Read {
        /** Collecting a reply line's three-digit code. */
        CODE,
        /** Passing the rest of a non-334 reply line. */
        PASS,
        /** Dropping a 334 challenge's text. */
        SKIP
    }

    private final Sink sink;
    private boolean inAuth;
    private Write write = Write.LINE_START;
    private int matched;
    /** The bytes matched against {@code AUTH } so far, as written. */
    private final byte[] head = new byte[AUTH.length];
    /** Bytes of the current exchange line before its CR LF, and whether they are exactly {@code *}. */
    private int exchangeLength;
    private boolean exchangeIsCancel;
    private Read read = Read.CODE;
    private final byte[] code = new byte[3];
    private int codeLength;
    private int lineIndex;
    private boolean finalLine;
    private byte[] out = new byte[256];
    private int count;

    AuthTraceRedactor(Sink sink) {
        this.sink = sink;
    }

    /** A new connection: whatever was in progress is over. */
    void reset() {
        inAuth = false;
        write = Write.LINE_START;
        matched = 0;
        read = Read.CODE;
        codeLength = 0;
    }

    /**
     * @param buffer what libESMTP passed to the monitor
     * @param direction which way
     */
    void trace(byte[] buffer, Monitor.Direction direction) {
        count = 0;
        if (direction == Monitor.Direction.WRITE) {
            written(buffer);
        } else if (direction == Monitor.Direction.READ && inAuth) {
            readInExchange(buffer);
        } else {
            sink.trace(buffer, 0, buffer.length, direction);
            return;
        }
        if (count > 0) {
            sink.trace(out, 0, count, direction);
        }
        Arrays.fill(out, 0, count, (byte) 0);
    }

    private void written(byte[] b) {
        for (byte c : b) {
            switch (write) {
                case LINE_START:
                    if (inAuth) {
                        write = Write.EXCHANGE;
                        exchangeLength = 0;
                        exchangeIsCancel = false;
                        exchangeByte(c);
                    } else if (upper(c) == AUTH[matched]) {
                        head[matched++] = c;
                        if (matched == AUTH.length) {
                            append(head);
                            write = Write.MECHANISM;
                        }
                    } else {
                        append(head, matched);
                        matched = 0;
                        write = Write.PASS;
                        passByte(c);
                    }
                    break;
                case PASS:
                    passByte(c);
                    break;
                case MECHANISM:
                    if (c == ' ') {
                        append(c);
                        append(REDACTED);
                        write = Write.SKIP;
                    } else if (c == '\n') {
                        append(c);
                        startExchange();
                    } else {
                        append(c);
                    }
                    break;
                case SKIP:
                    if (c == '\n') {
                        append(CRLF);
                        startExchange();
                    }
                    break;
                default:
                    exchangeByte(c);
                    break;
            }
        }
    }

    private void passByte(byte c) {
        append(c);
        if (c == '\n') {
            write = Write.LINE_START;
        }
    }

    private void startExchange() {
        inAuth = true;
        matched = 0;
        write = Write.LINE_START;
        read = Read.CODE;
        codeLength = 0;
    }

    /** A client line inside the exchange: {@code *} passes, anything else is a credential. */
    private void exchangeByte(byte c) {
        if (c == '\n') {
            append(exchangeIsCancel ? CANCEL : REDACTED);
            append(CRLF);
            write = Write.LINE_START;
        } else if (c != '\r') {
            exchangeLength++;
            exchangeIsCancel = exchangeLength == 1 && c == '*';
        }
    }

    private void readInExchange(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (!inAuth) {
                appendRange(b, i, b.length - i);
                return;
            }
            byte c = b[i];
            switch (read) {
                case CODE:
                    if (c == '\n') {
                        append(code, codeLength);
                        append(c);
                        codeLength = 0;
                    } else {
                        code[codeLength++] = c;
                        if (codeLength == code.length) {
                            codeLength = 0;
                            if (code[0] == '3' && code[1] == '3' && code[2] == '4') {
                                append(CHALLENGE);
                                read = Read.SKIP;
                            } else {
                                append(code, code.length);
                                read = Read.PASS;
                                lineIndex = code.length;
                                finalLine = true;
                            }
                        }
                    }
                    break;
                case SKIP:
                    if (c == '\n') {
                        append(CRLF);
                        read = Read.CODE;
                    }
                    break;
                default:
                    append(c);
                    if (lineIndex++ == code.length && c == '-') {
                        finalLine = false;
                    }
                    if (c == '\n') {
                        read = Read.CODE;
                        if (finalLine) {
                            // The final reply to AUTH (RFC 4954 §4): the exchange is over.
                            inAuth = false;
                            write = Write.LINE_START;
                        }
                    }
                    break;
            }
        }
    }

    private static byte upper(byte c) {
        return c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
    }

    private void append(byte c) {
        ensure(1);
        out[count++] = c;
    }

    private void append(byte[] bytes) {
        append(bytes, bytes.length);
    }

    private void append(byte[] bytes, int length) {
        appendRange(bytes, 0, length);
    }

    private void appendRange(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, out, count, length);
        count += length;
    }

    private void ensure(int more) {
        if (count + more > out.length) {
            byte[] bigger = Arrays.copyOf(out, Math.max(out.length * 2, count + more));
            Arrays.fill(out, (byte) 0);
            out = bigger;
        }
    }
}
