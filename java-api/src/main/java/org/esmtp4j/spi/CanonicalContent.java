package org.esmtp4j.spi;

import java.io.IOException;
import java.util.Objects;

import org.esmtp4j.InvalidContentException;
import org.esmtp4j.LineEndings;
import org.esmtp4j.MessageSource;

/**
 * A message's content as both engines send it: a {@link MessageSource} read through the
 * facade's line-ending policy, so that identical bytes go on the wire whichever engine runs.
 *
 * <p>In text mode (everything but a BINARYMIME body):
 * <ul>
 *   <li>CRLF stays CRLF, also when the CR and the LF come from different source reads.</li>
 *   <li>Every bare LF and every bare CR (including a CR that is the last byte of the content) is
 *       turned into CRLF under {@link LineEndings#CANONICALIZE}, or refused with an
 *       {@link InvalidContentException} under {@link LineEndings#REJECT}. RFC 5321 §2.3.8: a
 *       client must not send CR or LF except as CRLF; libESMTP 1.1.0 passed them through, which
 *       allows SMTP smuggling (hostile-cases §1.3). CR CR LF becomes CRLF CRLF.</li>
 *   <li>Content whose last line lacks its CRLF gets one appended (RFC 5321 §4.1.1.4; libESMTP
 *       does the same on its DATA path). Empty content stays empty: the DATA terminator alone
 *       then forms an empty message.</li>
 *   <li>A line longer than {@value #MAX_LINE_OCTETS} octets before its CRLF (RFC 5321
 *       §4.5.3.1.6) is refused with an {@link InvalidContentException} naming the 1-based line.
 *       libESMTP enforced no limit.</li>
 * </ul>
 * In binary mode (BINARYMIME, RFC 3030) the bytes pass through exactly as read.
 *
 * <p>Either way it counts what it produced since the last {@link #rewind()}: the size, the
 * number of lines (text mode only), whether a byte of 0x80 or above was seen and whether a NUL
 * was seen. After reading to the end these describe the whole canonical content; this is what
 * {@link #prescan} returns.
 *
 * <p>Not thread-safe. {@link #close()} does not close the underlying source.
 */
public final class CanonicalContent implements MessageSource {

    /** RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets including its CRLF. */
    public static final int MAX_LINE_OCTETS = 998;

    private static final int BUFFER_SIZE = 8192;
    /** What {@link #countToEnd()} counts per call: any bound that keeps the output offset an int. */
    private static final int COUNT_STEP = 1 << 30;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /**
     * What one complete pass over the content found.
     *
     * @param size the canonical size in octets
     * @param lines the number of lines (each ends in CRLF); 0 in binary mode
     * @param eightBit whether a byte of 0x80 or above occurs
     * @param hasNul whether a NUL byte occurs
     */
    public record Prescan(long size, long lines, boolean eightBit, boolean hasNul) {
    }

    private final MessageSource source;
    private final LineEndings mode;
    private final boolean binary;
    private final String argumentName;
    /** Source bytes not yet consumed: {@code input[inputPosition, inputEnd)}. Text mode only. */
    private final byte[] input;
    /** Where the input buffer is borrowed from, or null when this content owns it. */
    private final Buffers lender;
    private int inputPosition;
    private int inputEnd;

    private boolean sourceEnded;
    private boolean finished;
    /** The last source byte was a CR whose line end is decided by the next byte. */
    private boolean crPending;
    /** The CR of a line end was produced but its LF did not fit in the caller's buffer. */
    private boolean lfOwed;
    /** Octets of the current line so far, excluding its line end. */
    private int lineLength;

    private long lines;
    private long size;
    private boolean eightBit;
    private boolean nul;

    /**
     * @param source the application's content
     * @param mode what to do with bare CR and bare LF (text mode only)
     * @param binary true for a BINARYMIME body: bytes pass through unchanged and unchecked
     * @param argumentName names the content in exceptions, for example {@code "message 1 content"}
     */
    public CanonicalContent(MessageSource source, LineEndings mode, boolean binary, String argumentName) {
        this(source, mode, binary, argumentName, binary ? null : new byte[BUFFER_SIZE], null);
    }

    private CanonicalContent(MessageSource source, LineEndings mode, boolean binary, String argumentName, byte[] input,
                             Buffers lender) {
        this.source = Objects.requireNonNull(source, "source");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.binary = binary;
        this.argumentName = Objects.requireNonNull(argumentName, "argumentName");
        this.input = input;
        this.lender = lender;
        if (lender != null) {
            lender.holder = this;
        }
    }

    /**
     * Buffers that the contents of one session run use in turn, so that checking and sending a
     * session's small messages does not allocate 8 to 24 KiB per message. A content created
     * with them ({@link #open(MessageSource, LineEndings, boolean, String, Buffers)}, or a
     * {@link #prescan(MessageSource, LineEndings, boolean, String, Buffers) prescan}) takes them
     * over: the content created before it through the same buffers refuses any further use
     * with an {@link IllegalStateException}. Engines transfer one message at a time, so this
     * costs them nothing. Not thread-safe: one per session run.
     */
    public static final class Buffers {
        private final byte[] input = new byte[BUFFER_SIZE];
        private byte[] scratch;
        private CanonicalContent holder;

        private byte[] scratch() {
            if (scratch == null) {
                scratch = new byte[BUFFER_SIZE * 2];
            }
            return scratch;
        }
    }

    /**
     * A content that reads through {@code buffers} (see {@link Buffers}); otherwise as the
     * constructor. Not rewound.
     *
     * @param source the application's content
     * @param mode what to do with bare CR and bare LF (text mode only)
     * @param binary true for a BINARYMIME body
     * @param argumentName names the content in exceptions
     * @param buffers the buffers to take over
     * @return the content
     */
    public static CanonicalContent open(MessageSource source, LineEndings mode, boolean binary, String argumentName,
                                        Buffers buffers) {
        return binary ? new CanonicalContent(source, mode, true, argumentName, null, null)
                : new CanonicalContent(source, mode, false, argumentName, buffers.input, buffers);
    }

    /**
     * Reads the whole content once from the start, checking it and measuring it.
     *
     * @param source the application's content; it is rewound first
     * @param mode what to do with bare CR and bare LF
     * @param binary true for a BINARYMIME body
     * @param argumentName names the content in exceptions
     * @return what the pass found
     * @throws IOException when the source fails
     * @throws InvalidContentException when the content is refused
     */
    public static Prescan prescan(MessageSource source, LineEndings mode, boolean binary, String argumentName)
            throws IOException {
        return prescan(source, mode, binary, argumentName, new Buffers());
    }

    /**
     * {@link #prescan(MessageSource, LineEndings, boolean, String)} through reused buffers
     * (which it takes over, see {@link Buffers}).
     *
     * @param source the application's content; it is rewound first
     * @param mode what to do with bare CR and bare LF
     * @param binary true for a BINARYMIME body
     * @param argumentName names the content in exceptions
     * @param buffers the buffers to use
     * @return what the pass found
     * @throws IOException when the source fails
     * @throws InvalidContentException when the content is refused
     */
    public static Prescan prescan(MessageSource source, LineEndings mode, boolean binary, String argumentName,
                                  Buffers buffers) throws IOException {
        CanonicalContent content = open(source, mode, binary, argumentName, buffers);
        content.rewind();
        if (binary) {
            byte[] scratch = buffers.scratch();
            while (content.read(scratch, 0, scratch.length) >= 0) {
                // drain: the counters are updated as a side effect
            }
        } else {
            content.countToEnd();
        }
        return new Prescan(content.size, content.lines, content.eightBit, content.nul);
    }

    /**
     * Text mode: reads to the end exactly as {@link #read} would, checking and counting, but
     * copies nothing: the output buffer is {@code null} (see {@link #put}).
     */
    private void countToEnd() throws IOException {
        checkHolder();
        int produced;
        while ((produced = readText(null, 0, COUNT_STEP)) > 0) {
            size += produced;
        }
    }

    /** A content whose borrowed input buffer went to a later content must not touch it. */
    private void checkHolder() {
        if (lender != null && lender.holder != this) {
            throw new IllegalStateException(this + " was superseded: its buffers now serve a content opened later");
        }
    }

    /**
     * Rewinds the source and forgets all state and counters.
     *
     * @throws IOException when the source cannot be rewound
     */
    @Override
    public void rewind() throws IOException {
        checkHolder();
        source.rewind();
        inputPosition = 0;
        inputEnd = 0;
        sourceEnded = false;
        finished = false;
        crPending = false;
        lfOwed = false;
        lineLength = 0;
        lines = 0;
        size = 0;
        eightBit = false;
        nul = false;
    }

    /**
     * Reads canonical bytes, filling as much of the buffer as the source allows without waiting
     * for more than one source read per internal buffer.
     *
     * @return the number of bytes read (at least 1), or -1 at the end, also on later calls
     * @throws IOException when the source fails or breaks its contract
     * @throws InvalidContentException when the content is refused
     */
    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        checkHolder();
        int produced = binary ? readBinary(buffer, offset, length) : readText(buffer, offset, length);
        if (produced <= 0) {
            return -1;
        }
        size += produced;
        return produced;
    }

    private int readBinary(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        int n = readSource(buffer, offset, length);
        if (n < 0) {
            finished = true;
            return -1;
        }
        scanFlags(buffer, offset, offset + n);
        return n;
    }

    private void scanFlags(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte x = b[i];
            if (x < 1) {
                if (x < 0) {
                    eightBit = true;
                } else {
                    nul = true;
                }
            }
        }
    }

    /** Text mode; {@code buffer} is {@code null} when only counting ({@link #countToEnd()}). */
    private int readText(byte[] buffer, int offset, int length) throws IOException {
        int o = offset;
        int limit = offset + length;
        if (lfOwed) {
            o = put(buffer, o, LF);
            lfOwed = false;
        }
        while (o < limit && !finished) {
            if (inputPosition == inputEnd && !fill()) {
                o = endOfSource(buffer, o, limit);
                continue;
            }
            if (crPending) {
                crPending = false;
                if (input[inputPosition] == LF) {
                    inputPosition++;
                } else {
                    bareLineEnd("bare CR (a carriage return not followed by a line feed)");
                }
                o = lineEnd(buffer, o, limit);
                continue;
            }
            o = copyRun(buffer, o, limit);
        }
        return o - offset;
    }

    /**
     * Copies the bytes up to the next line end that needs work (a bare CR or LF, a CR whose LF
     * is not in the input buffer or does not fit the output), or to the end of the input or of
     * the output room, then consumes that line end. CRLF line ends inside the run are copied as
     * they are, so canonical content goes out in one copy per buffer; each such line is still
     * counted and held to {@value #MAX_LINE_OCTETS} octets. {@link ByteScan} skips the printable
     * bytes eight at a time, stopping also at the first 8-bit byte until one has been seen, so
     * that one pass both finds the line ends and sets the 8-bit flag.
     */
    private int copyRun(byte[] buffer, int o, int limit) {
        byte[] in = input;
        int start = inputPosition;
        int end = Math.min(inputEnd, start + (limit - o));
        int p = start;
        int lineStart = start;
        int length = lineLength;
        boolean stoppedAtLineEnd = false;
        boolean eight = eightBit;
        while ((p = eight ? ByteScan.indexOfControl(in, p, end) : ByteScan.indexOfControlOrEightBit(in, p, end)) < end) {
            byte x = in[p];
            if (x < 0) {
                // The first 8-bit byte: from here on only control bytes stop the scan.
                eight = true;
                p++;
                continue;
            }
            if (x == CR) {
                if (p + 1 < end && in[p + 1] == LF) {
                    checkLineLength(length + (p - lineStart));
                    lines++;
                    length = 0;
                    p += 2;
                    lineStart = p;
                    continue;
                }
                stoppedAtLineEnd = true;
                break;
            }
            if (x == LF) {
                stoppedAtLineEnd = true;
                break;
            }
            if (x == 0) {
                nul = true;
            }
            p++;
        }
        lineLength = length + (p - lineStart);
        checkLineLength(lineLength);
        eightBit = eight;
        if (buffer != null) {
            System.arraycopy(in, start, buffer, o, p - start);
        }
        o += p - start;
        inputPosition = p;
        if (stoppedAtLineEnd) {
            inputPosition++;
            if (in[p] == CR) {
                if (inputPosition < inputEnd && in[inputPosition] == LF) {
                    // CRLF within the input whose LF does not fit the output: lineEnd owes it
                    inputPosition++;
                    o = lineEnd(buffer, o, limit);
                } else {
                    crPending = true;
                }
            } else {
                bareLineEnd("bare LF (a line feed not preceded by a carriage return)");
                o = lineEnd(buffer, o, limit);
            }
        }
        return o;
    }

    private void checkLineLength(int octets) {
        if (octets > MAX_LINE_OCTETS) {
            throw new InvalidContentException(argumentName, lines + 1, "longer than " + MAX_LINE_OCTETS
                    + " octets before its CRLF (RFC 5321 §4.5.3.1.6); wrap it, encode it, or send it as BINARYMIME");
        }
    }

    /** The source has ended: settle a pending CR, complete an unterminated last line. */
    private int endOfSource(byte[] buffer, int o, int limit) {
        finished = true;
        if (crPending) {
            crPending = false;
            bareLineEnd("bare CR at the end of the content");
            return lineEnd(buffer, o, limit);
        }
        if (lineLength > 0) {
            // RFC 5321 §4.1.1.4: the last line must end in CRLF; add it.
            return lineEnd(buffer, o, limit);
        }
        return o;
    }

    /** Produces CRLF; the LF is owed to the next read when only one byte of room is left. */
    private int lineEnd(byte[] buffer, int o, int limit) {
        o = put(buffer, o, CR);
        if (o < limit) {
            o = put(buffer, o, LF);
        } else {
            lfOwed = true;
        }
        lines++;
        lineLength = 0;
        return o;
    }

    /**
     * Stores one produced byte at {@code o}, unless the buffer is {@code null} (counting only).
     *
     * @return the next offset
     */
    private static int put(byte[] buffer, int o, byte b) {
        if (buffer != null) {
            buffer[o] = b;
        }
        return o + 1;
    }

    private void bareLineEnd(String what) {
        if (mode == LineEndings.REJECT) {
            throw new InvalidContentException(argumentName, lines + 1,
                    what + "; RFC 5321 §2.3.8 allows CR and LF only together as CRLF");
        }
    }

    private boolean fill() throws IOException {
        if (sourceEnded) {
            return false;
        }
        int n = readSource(input, 0, input.length);
        if (n < 0) {
            sourceEnded = true;
            return false;
        }
        inputPosition = 0;
        inputEnd = n;
        return true;
    }

    /** One source read, holding the source to its contract: -1 at the end, else 1..length. */
    private int readSource(byte[] buffer, int offset, int length) throws IOException {
        int n = source.read(buffer, offset, length);
        if (n < 0) {
            return -1;
        }
        if (n == 0 || n > length) {
            throw new IOException("message source " + source + " returned " + n + " from read(buffer, "
                    + offset + ", " + length + "): it must return 1.." + length + " or -1 at the end");
        }
        return n;
    }

    /** @return canonical bytes produced since the last rewind; after the end, the total size */
    public long size() {
        return size;
    }

    /** @return lines completed since the last rewind (each ends in CRLF); 0 in binary mode */
    public long lines() {
        return lines;
    }

    /** @return whether a byte of 0x80 or above was produced since the last rewind */
    public boolean eightBit() {
        return eightBit;
    }

    /** @return whether a NUL byte was produced since the last rewind */
    public boolean hasNul() {
        return nul;
    }

    /** @return whether the content is passed through as binary (BINARYMIME) */
    public boolean binary() {
        return binary;
    }

    @Override
    public String toString() {
        return "canonical " + (binary ? "binary " : mode + " ") + source;
    }
}
