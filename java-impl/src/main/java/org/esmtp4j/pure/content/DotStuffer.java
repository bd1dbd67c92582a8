package org.esmtp4j.pure.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.esmtp4j.spi.ByteScan;

/**
 * Writes canonical content (CRLF line ends only, as produced by
 * {@link org.esmtp4j.spi.CanonicalContent}) in the SMTP DATA encoding of RFC 5321 §4.5.2: every
 * line that begins with {@code '.'} gets one more {@code '.'}, the first line included and also
 * when a line starts in a later chunk than the CRLF before it; {@link #finish()} writes the
 * terminator {@code .\r\n}.
 *
 * <p>As a last line of defence against SMTP smuggling (hostile-cases §1.3) it refuses a bare CR
 * or bare LF with an {@link IOException} rather than put it on the wire, where a receiver might
 * take it for a line end (and {@code \n.\n} for the end of data). After such an exception the
 * transfer must be aborted by dropping the connection: the data is unterminated and the server
 * discards it. The stuffer then refuses further calls, {@link #finish()} included, so that a
 * truncated message can never be terminated.
 *
 * <p>Each run of bytes between stuffing points goes to the output with one
 * {@code write(byte[], int, int)}; wrap a socket stream in a buffer. Not thread-safe.
 */
public final class DotStuffer {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] TERMINATOR = {DOT, CR, LF};
    private static final byte[] CRLF_TERMINATOR = {CR, LF, DOT, CR, LF};

    private final OutputStream out;
    /** The next content byte starts a line (true before the first byte). */
    private boolean atLineStart = true;
    /** The last content byte was a CR, so the next must be its LF. */
    private boolean afterCr;
    /** A CR that ended the previous chunk and was not written yet. */
    private boolean crHeld;
    private long contentOffset;
    private boolean finished;
    /** A bare CR or LF was refused: the data must never be terminated. */
    private IOException refused;

    /** @param out where the DATA-encoded bytes go */
    public DotStuffer(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Encodes the next chunk of content.
     *
     * @param b the content bytes
     * @param off the first byte
     * @param len how many bytes
     * @throws IOException from the output, or when the content has a bare CR or bare LF; the
     *     bytes before it may have been written, the bare CR or LF never is
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkUsable();
        if (len == 0) {
            return;
        }
        boolean lineStart = atLineStart;
        boolean cr = afterCr;
        int end = off + len;
        int runStart = off;
        int i = off;
        if (cr) {
            if (b[i] != LF) {
                throw bare("CR", -1);
            }
            cr = false;
            lineStart = true;
            i++;
        }
        // One pass per line: find the line's CR (only a control byte can be CR or LF, so the
        // rest of the line is skipped eight bytes at a time), check its LF, stuff the next line's
        // dot. A line start or a CR that is the last byte of the chunk is settled by the next chunk.
        while (true) {
            if (lineStart) {
                if (i == end) {
                    break;
                }
                lineStart = false;
                if (b[i] == DOT) {
                    // This run ends with the line's leading dot and the next run starts with it
                    // again: the dot goes out twice without a single-byte write.
                    writeRun(b, runStart, i + 1);
                    runStart = i;
                }
            }
            i = ByteScan.indexOfControl(b, i, end);
            if (i == end) {
                break;
            }
            byte x = b[i];
            if (x == CR) {
                if (i + 1 == end) {
                    cr = true;
                    break;
                }
                if (b[i + 1] != LF) {
                    throw bare("CR", i - off);
                }
                i += 2;
                lineStart = true;
            } else if (x == LF) {
                throw bare("LF", i - off);
            } else {
                i++;
            }
        }
        // A CR at the end of the chunk is held back until the next byte shows it is part of
        // CRLF, so that not even a chunk boundary can put a bare CR on the wire.
        if (cr) {
            writeRun(b, runStart, end - 1);
            crHeld = true;
        } else {
            writeRun(b, runStart, end);
        }
        atLineStart = lineStart;
        afterCr = cr;
        contentOffset += len;
    }

    /** Writes {@code b[from, to)}, preceded by the CR held back from the previous chunk. */
    private void writeRun(byte[] b, int from, int to) throws IOException {
        if (crHeld) {
            out.write(CR);
            crHeld = false;
        }
        if (to > from) {
            out.write(b, from, to - from);
        }
    }

    private IOException bare(String what, long chunkIndex) {
        refused = new IOException("refusing to send a bare " + what + " at content offset "
                + (contentOffset + chunkIndex) + ": the content was not canonicalised to CRLF (RFC 5321 §2.3.8)");
        return refused;
    }

    /**
     * After a refusal the data is incomplete: terminating it would make the server accept a
     * truncated message, so nothing more is accepted.
     */
    private void checkUsable() {
        if (refused != null) {
            throw new IllegalStateException("content was refused (" + refused.getMessage()
                    + "); abort the transfer by closing the connection");
        }
        if (finished) {
            throw new IllegalStateException("the data was already terminated");
        }
    }

    /**
     * Writes the end-of-data terminator (RFC 5321 §4.1.1.4). Canonical content is empty or ends
     * in CRLF, so that is {@code .\r\n}. Defensively, content that does not end in CRLF is
     * completed first: {@code \r\n.\r\n} (a final CR held back becomes that CRLF's CR). Does
     * not flush.
     *
     * @throws IOException from the output
     */
    public void finish() throws IOException {
        checkUsable();
        finished = true;
        crHeld = false;
        out.write(atLineStart ? TERMINATOR : CRLF_TERMINATOR);
    }

    /** @return content bytes accepted so far (before stuffing) */
    public long contentBytes() {
        return contentOffset;
    }

    /**
     * The receiver's side, for tests: splits the wire at CRLF, ends at the line {@code "."}, and
     * removes the first dot of every other line that starts with one (RFC 5321 §4.5.2).
     *
     * @param wire the DATA-encoded bytes including the terminator
     * @return the content
     * @throws IllegalArgumentException when the wire has a bare CR or LF, lacks the terminator,
     *     or has bytes after it
     */
    public static byte[] unstuff(byte[] wire) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(wire.length);
        int lineStart = 0;
        while (true) {
            int cr = lineStart;
            while (cr < wire.length && wire[cr] != CR && wire[cr] != LF) {
                cr++;
            }
            if (cr == wire.length) {
                throw new IllegalArgumentException("no terminator: the wire ends without the line \".\"");
            }
            if (wire[cr] == LF || cr + 1 == wire.length || wire[cr + 1] != LF) {
                throw new IllegalArgumentException("bare " + (wire[cr] == LF ? "LF" : "CR") + " at wire offset " + cr);
            }
            boolean dotFirst = cr > lineStart && wire[lineStart] == DOT;
            if (dotFirst && cr == lineStart + 1) {
                if (cr + 2 != wire.length) {
                    throw new IllegalArgumentException((wire.length - cr - 2) + " bytes after the terminator at wire offset "
                            + lineStart);
                }
                return content.toByteArray();
            }
            int from = dotFirst ? lineStart + 1 : lineStart;
            content.write(wire, from, cr + 2 - from);
            lineStart = cr + 2;
        }
    }
}
