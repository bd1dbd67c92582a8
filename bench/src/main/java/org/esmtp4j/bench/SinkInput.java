package org.esmtp4j.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * The null sink's view of one connection's input: a receive buffer scanned in place for command
 * lines, the DATA terminator and BDAT chunks. DATA content is skipped by looking for CRLF.CRLF
 * five bytes at a time wherever the byte four ahead cannot belong to it, so the sink reads
 * faster than any client writes.
 */
final class SinkInput {

    private final InputStream stream;
    private final Runnable afterRead;
    private final byte[] buf;
    private int pos;
    private int end;

    /**
     * @param stream the connection's input
     * @param afterRead run after every read from it (re-arms TCP_QUICKACK)
     * @param bufferSize the receive buffer's size
     */
    SinkInput(InputStream stream, Runnable afterRead, int bufferSize) {
        this.stream = stream;
        this.afterRead = afterRead;
        this.buf = new byte[bufferSize];
    }

    /**
     * @param stream the connection's input
     * @param afterRead run after every read from it
     */
    SinkInput(InputStream stream, Runnable afterRead) {
        this(stream, afterRead, 256 * 1024);
    }

    /** Refills the empty buffer; false at EOF. */
    private boolean fill() throws IOException {
        int n = stream.read(buf, 0, buf.length);
        afterRead.run();
        if (n < 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    /** @return whether more input is already here (buffered or in the socket) */
    boolean moreWaiting() throws IOException {
        return pos < end || stream.available() > 0;
    }

    /**
     * Reads a line up to LF into line, keeping at most line.length bytes of it.
     *
     * @return its length without CRLF, or -1 at EOF
     */
    int readLine(byte[] line) throws IOException {
        int n = 0;
        while (true) {
            if (pos == end && !fill()) {
                return n == 0 ? -1 : n;
            }
            while (pos < end) {
                byte c = buf[pos++];
                if (c == '\n') {
                    return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                }
                if (n < line.length) {
                    line[n++] = c;
                }
            }
        }
    }

    /** Discards exactly count bytes (a BDAT chunk). */
    void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (pos == end && !fill()) {
                throw new IOException("EOF in BDAT");
            }
            int n = (int) Math.min(left, end - pos);
            pos += n;
            left -= n;
        }
    }

    /**
     * Discards DATA content up to and including CRLF.CRLF. The state is how much of CRLF.CRLF
     * ends at the last byte seen; DATA starts at a line start, as if after CRLF (RFC 5321
     * §4.1.1.4: an empty message is just ".CRLF").
     *
     * @return the bytes read, terminator included
     */
    long skipData() throws IOException {
        long count = 0;
        int state = 2;
        while (true) {
            if (pos == end && !fill()) {
                throw new IOException("EOF in DATA");
            }
            byte[] b = buf;
            int i = pos;
            int e = end;
            while (i < e) {
                if (state == 0) {
                    // a terminator ending anywhere in [i, i+4] would include b[i+4]
                    while (i + 4 < e && !terminatorByte(b[i + 4])) {
                        i += 5;
                    }
                    if (i == e) {
                        break;
                    }
                }
                state = next(state, b[i++]);
                if (state == 5) {
                    count += i - pos;
                    pos = i;
                    return count;
                }
            }
            count += e - pos;
            pos = e;
        }
    }

    private static boolean terminatorByte(byte c) {
        return c == '\r' || c == '\n' || c == '.';
    }

    /** States: 0 nothing, 1 CR, 2 CRLF, 3 CRLF., 4 CRLF.CR, 5 CRLF.CRLF. */
    private static int next(int state, byte c) {
        switch (state) {
            case 1:
                return c == '\n' ? 2 : c == '\r' ? 1 : 0;
            case 2:
                return c == '.' ? 3 : c == '\r' ? 1 : 0;
            case 3:
                return c == '\r' ? 4 : 0;
            case 4:
                return c == '\n' ? 5 : c == '\r' ? 1 : 0;
            default:
                return c == '\r' ? 1 : 0;
        }
    }
}
