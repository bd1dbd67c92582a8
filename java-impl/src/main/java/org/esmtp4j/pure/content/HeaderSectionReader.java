package org.esmtp4j.pure.content;

import java.io.IOException;
import java.util.Arrays;

import org.esmtp4j.InvalidContentException;

/**
 * Splits the header section of canonical message content, delivered in chunks, into header
 * fields, the way libESMTP's DATA path does ({@code protocol.c}, {@code message-source.c}):
 * <ul>
 *   <li>a line ends only at CRLF (a bare LF or CR is part of the line);</li>
 *   <li>a line starting with SP or HTAB continues the field before it; the field is handed out
 *       with its continuation lines and CRLFs as they are, not unfolded;</li>
 *   <li>the header section ends at the first line that is exactly CRLF, which is consumed and
 *       not handed out: content that starts with CRLF has no header fields;</li>
 *   <li>content without such a line is all header section; if its last line lacks CRLF, one is
 *       appended to the last field (just LF if the line ends in CR), as libESMTP's
 *       {@code msg_gets} does.</li>
 * </ul>
 * A single field longer than the cap given at construction (1 MiB by default) is refused with
 * {@link InvalidContentException}, so hostile content cannot grow the buffer without bound
 * (libESMTP grows its line buffer until {@code realloc} fails).
 *
 * <p>Fields that lie wholly inside one chunk are handed out as slices of that chunk, without
 * copying; a field that spans chunks is copied into an internal buffer. Either way the bytes
 * are only valid during the {@link FieldSink#field} call. Typical use by an engine:
 *
 * <pre>{@code
 * HeaderSectionReader reader = new HeaderSectionReader();
 * HeaderProcessor processor = new HeaderProcessor(settings, ...);
 * FieldSink sink = (b, off, len) -> emit(processor.processField(b, off, len), b, off, len);
 * int bodyStart = -1;
 * int n = 0;
 * while (bodyStart < 0 && (n = readCanonical(chunk)) > 0) {
 *     bodyStart = reader.feed(chunk, 0, n, sink);
 * }
 * if (bodyStart < 0) {
 *     reader.finish(sink);          // end of content inside the header section
 * }
 * for (byte[] h : processor.missingHeaders()) emitHeader(h);
 * emitBlankLine();
 * if (bodyStart >= 0) emitBody(chunk, bodyStart, n - bodyStart);   // then the remaining chunks
 * }</pre>
 *
 * <p>One instance reads one transfer's header section; it is not thread-safe.
 */
public final class HeaderSectionReader {

    /** Receives each header field, first line and continuation lines, each ending in CRLF. */
    @FunctionalInterface
    public interface FieldSink {
        /**
         * @param buffer the bytes holding the field; only valid during this call
         * @param offset where the field starts
         * @param length its length
         * @throws IOException passed on to the caller of {@code feed} or {@code finish}
         */
        void field(byte[] buffer, int offset, int length) throws IOException;
    }

    /** The default cap on one header field: 1 MiB. */
    public static final int DEFAULT_MAX_FIELD_LENGTH = 1 << 20;

    private enum State {
        /** The next byte starts a field (or the blank line). */
        FIELD_START,
        /** Inside a line of the current field. */
        IN_LINE,
        /** The current field's last line ended; the next byte tells whether it continues. */
        LINE_END,
        /** The header section is over. */
        DONE
    }

    private static final byte[] NO_BYTES = new byte[0];
    /** The first size of {@link #pending}: most fields that span two chunks are short. */
    private static final int INITIAL_PENDING = 256;

    private final int maxFieldLength;
    /** The bytes of the current field that came in earlier chunks; allocated when first needed. */
    private byte[] pending = NO_BYTES;
    private int pendingLength;
    private State state = State.FIELD_START;
    /** The last byte of the current field so far, to find a CRLF split across chunks. */
    private byte lastByte;
    /** Whether the current line is the field's first (only a first line can be the blank line). */
    private boolean firstLine;
    /** Lines completed so far, for error messages. */
    private long completedLines;
    private long fieldFirstLine;
    private boolean blankLineSeen;

    /** A reader with the default cap of {@link #DEFAULT_MAX_FIELD_LENGTH}. */
    public HeaderSectionReader() {
        this(DEFAULT_MAX_FIELD_LENGTH);
    }

    /**
     * @param maxFieldLength the longest header field accepted, CRLFs included, at least 2
     */
    public HeaderSectionReader(int maxFieldLength) {
        if (maxFieldLength < 2) {
            throw new IllegalArgumentException("maxFieldLength must be at least 2: " + maxFieldLength);
        }
        this.maxFieldLength = maxFieldLength;
    }

    /**
     * Reads the next chunk of content. Every field completed by this chunk is given to the sink
     * in order; a field is complete when the first byte of the next line shows it does not
     * continue, so the last field of a chunk may be held until the next call.
     *
     * @param chunk the content bytes
     * @param offset where they start
     * @param length how many, at least 0
     * @param sink receives the fields
     * @return {@code -1} if the whole chunk belonged to the header section (feed the next
     *         chunk, or call {@link #finish} at the end of content); otherwise the index in
     *         {@code chunk} of the first body byte after the blank line ({@code offset + length}
     *         when the chunk ends right after it), after which the reader is done
     * @throws InvalidContentException if a header field exceeds the cap
     * @throws IOException if the sink throws it
     * @throws IllegalStateException if the header section has already ended
     */
    public int feed(byte[] chunk, int offset, int length, FieldSink sink) throws IOException {
        if (state == State.DONE) {
            throw new IllegalStateException("the header section has already ended");
        }
        int end = offset + length;
        int i = offset;
        int segmentStart = offset; // the current field's bytes in this chunk start here
        while (i < end) {
            if (state == State.LINE_END) {
                byte b = chunk[i];
                if (b == ' ' || b == '\t') {
                    state = State.IN_LINE;
                    firstLine = false;
                } else {
                    emit(chunk, segmentStart, i, sink);
                    state = State.FIELD_START;
                }
            }
            if (state == State.FIELD_START) {
                segmentStart = i;
                pendingLength = 0;
                lastByte = 0;
                firstLine = true;
                fieldFirstLine = completedLines + 1;
                state = State.IN_LINE;
            }
            // Scan to the end of the line: CRLF, the CR possibly in an earlier chunk.
            int afterLine = afterCrlf(chunk, i, end, lastByte);
            boolean lineEnded = afterLine >= 0;
            i = lineEnded ? afterLine : end;
            lastByte = chunk[i - 1];
            int fieldLength = pendingLength + (i - segmentStart);
            checkLength(fieldLength);
            if (lineEnded) {
                completedLines++;
                if (firstLine && fieldLength == 2) {
                    state = State.DONE; // the blank line: end of the header section, not handed out
                    blankLineSeen = true;
                    return i;
                }
                state = State.LINE_END;
            }
        }
        if (state != State.FIELD_START) {
            append(chunk, segmentStart, end);
        }
        return -1;
    }

    /**
     * The per-byte scan, kept apart from {@link #feed} so that the JIT compiles this small loop
     * early and {@code feed}, with the sink it calls, only once per message's header lines.
     *
     * @param previous the byte before {@code from} (the last of the previous chunk at a chunk start)
     * @return the index after the LF of the first CRLF ending at or after {@code from}, or -1
     */
    private static int afterCrlf(byte[] chunk, int from, int end, byte previous) {
        byte before = previous;
        for (int i = from; i < end; i++) {
            byte b = chunk[i];
            if (b == '\n' && before == '\r') {
                return i + 1;
            }
            before = b;
        }
        return -1;
    }

    /**
     * Ends the header section at the end of content, when {@link #feed} never returned a body
     * offset: hands out the last field, completing its last line with CRLF if needed. Does
     * nothing when the reader is already done.
     *
     * @param sink receives the last field
     * @throws IOException if the sink throws it
     */
    public void finish(FieldSink sink) throws IOException {
        if (state == State.IN_LINE) {
            // libESMTP's msg_gets repairs an unterminated last line: CR LF, or just LF after a CR.
            byte[] repair = lastByte == '\r' ? new byte[] {'\n'} : new byte[] {'\r', '\n'};
            append(repair, 0, repair.length);
            completedLines++;
            if (firstLine && pendingLength == 2) {
                blankLineSeen = true; // a last line of just CR became the blank line
                state = State.DONE;
                return;
            }
            state = State.LINE_END;
        }
        if (state == State.LINE_END) {
            state = State.DONE;
            sink.field(pending, 0, pendingLength);
            return;
        }
        state = State.DONE;
    }

    /** @return whether the header section has ended (blank line read, or {@link #finish} called) */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * @return whether the header section ended at a blank line; {@code false} while reading and
     *         when the content had none (then it is all headers and has no body)
     */
    public boolean blankLineSeen() {
        return blankLineSeen;
    }

    private void emit(byte[] chunk, int from, int to, FieldSink sink) throws IOException {
        if (pendingLength == 0) {
            sink.field(chunk, from, to - from);
        } else {
            append(chunk, from, to);
            sink.field(pending, 0, pendingLength);
        }
    }

    private void append(byte[] bytes, int from, int to) {
        int n = to - from;
        checkLength(pendingLength + n);
        if (pendingLength + n > pending.length) {
            int grown = Math.max(Math.max(INITIAL_PENDING, pending.length * 2), pendingLength + n);
            pending = Arrays.copyOf(pending, Math.min(grown,
                    Math.max(maxFieldLength, pendingLength + n)));
        }
        System.arraycopy(bytes, from, pending, pendingLength, n);
        pendingLength += n;
    }

    private void checkLength(int fieldLength) {
        if (fieldLength > maxFieldLength) {
            throw new InvalidContentException("message content", fieldFirstLine,
                    "header field longer than " + maxFieldLength + " octets (no CRLF line end, or"
                            + " endless continuation lines); is the content CRLF-terminated?");
        }
    }
}
