package org.esmtp4j.pure.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Incremental SMTP reply parser (RFC 5321 §4.2): bytes go in with {@link #feed}, complete replies
 * come out of {@link #next}. No I/O; one instance per connection (make a new one after STARTTLS).
 *
 * <p>Syntax accepted, and where it deliberately differs from libESMTP 1.1.0:
 * <ul>
 *   <li>A line is exactly three ASCII digits, then SP (last line), {@code '-'} (more lines
 *       follow) or the end of the line. The bare code ({@code "250"}) is accepted as a last line
 *       because RFC 5321 §4.2 says clients SHOULD process it; libESMTP rejects it (hostile case
 *       B1).</li>
 *   <li>The code must match {@code [2-5][0-5][0-9]} (the §4.2 ABNF), else
 *       {@link ReplyException.Kind#INVALID_STATUS}; 1xx is invalid too. libESMTP's {@code strtol}
 *       took {@code " 250"} and {@code "+250"} and passed {@code 650} on (B3, B4).</li>
 *   <li>Every line of a multi-line reply must repeat the first line's code (§4.2.1), else
 *       {@link ReplyException.Kind#STATUS_MISMATCH}.</li>
 *   <li>Lines end in CRLF. A bare LF is accepted as a terminator too, as libESMTP does (B6); a CR
 *       not followed by LF is {@link ReplyException.Kind#INVALID_SYNTAX}.</li>
 *   <li>Text is decoded as described in {@link ReplyText}: UTF-8 with replacement, control
 *       characters replaced by U+FFFD.</li>
 *   <li>{@link ReplyLimits} are checked while bytes arrive: an over-long line fails as soon as
 *       more than {@code maxLineLength} bytes without a terminator have arrived, so memory stays
 *       bounded whatever the server streams (F1, F2).</li>
 * </ul>
 *
 * <p>Errors keep stream order: replies completed before the offending line are still returned
 * by {@link #next}, and the exception follows them. {@link #feed} throws at once when no complete
 * reply is waiting ahead of the error. After an exception has been thrown the parser is poisoned:
 * {@code feed} and {@code next} throw that same exception again.
 *
 * <p>Work is linear in the bytes fed: each byte is scanned once for the line end and once while
 * the line is parsed; only the unfinished tail of a feed (one partial line) is copied.
 * Not thread-safe.
 */
public final class ReplyParser {

    private static final int INITIAL_LINE_CAPACITY = 256;
    private static final byte[] NO_BYTES = new byte[0];

    private final ReplyLimits limits;
    /** A line may hold this many bytes before its LF: the text plus the CR of CRLF. */
    private final int maxLineBytesBeforeLf;

    /** The unfinished line carried over from earlier feeds. */
    private byte[] partialLine = NO_BYTES;
    private int partialLength;

    /** Code of the reply being assembled, meaningful while {@link #linesInReply} is non-zero. */
    private int replyCode;
    private int linesInReply;
    private long textBytesInReply;
    private final ArrayList<String> continuationLines = new ArrayList<>();

    private final ArrayDeque<CompletedReply> completed = new ArrayDeque<>();
    private long bytesFed;
    /** Stream offset just after the last reply handed out by {@link #next}. */
    private long bytesReturned;

    /** An error found while scanning, to surface after the replies completed before it. */
    private ReplyException detected;
    /** The error already thrown to the caller: the parser is poisoned. */
    private ReplyException thrown;

    private record CompletedReply(Reply reply, long streamEnd) {
    }

    /** A parser with {@link ReplyLimits#DEFAULT}. */
    public ReplyParser() {
        this(ReplyLimits.DEFAULT);
    }

    /**
     * @param limits the resource limits to enforce
     */
    public ReplyParser(ReplyLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxLineBytesBeforeLf = limits.maxLineLength() + 1;
    }

    /** @return the limits this parser enforces */
    public ReplyLimits limits() {
        return limits;
    }

    /**
     * Takes received bytes. Complete lines are parsed at once; only an unfinished line is copied.
     * The caller may reuse {@code bytes} after the call.
     *
     * @param bytes the buffer
     * @param off where the received bytes start
     * @param len how many
     * @throws ReplyException when the bytes make the stream invalid and no complete reply is
     *         waiting ahead of the error, or when the parser is already poisoned
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} do not fit {@code bytes}
     */
    public void feed(byte[] bytes, int off, int len) throws ReplyException {
        Objects.checkFromIndexSize(off, len, bytes.length);
        if (thrown != null) {
            throw thrown;
        }
        long chunkStart = bytesFed;
        bytesFed += len;
        if (detected == null) {
            try {
                scan(bytes, off, off + len, chunkStart);
            } catch (ReplyException e) {
                detected = e;
                releaseReplyInProgress();
            }
        }
        // bytes arriving after a detected error are dropped: nothing is buffered any more
        if (detected != null && completed.isEmpty()) {
            thrown = detected;
            throw thrown;
        }
    }

    /**
     * @param bytes received bytes, all of them
     * @throws ReplyException as for {@link #feed(byte[], int, int)}
     */
    public void feed(byte[] bytes) throws ReplyException {
        feed(bytes, 0, bytes.length);
    }

    /**
     * @return the next complete reply, in stream order, or null when more bytes are needed
     * @throws ReplyException when the next thing in the stream is invalid, or the parser is
     *         already poisoned
     */
    public Reply next() throws ReplyException {
        if (thrown != null) {
            throw thrown;
        }
        CompletedReply next = completed.poll();
        if (next != null) {
            bytesReturned = next.streamEnd();
            return next.reply();
        }
        if (detected != null) {
            thrown = detected;
            throw thrown;
        }
        return null;
    }

    /**
     * The bytes fed but not yet handed out as part of a reply from {@link #next}: complete replies
     * still waiting, the lines of an unfinished reply, and an unfinished line. After the 220 to
     * STARTTLS this must be 0; anything else is a command-injection attempt (RFC 3207 §6,
     * CVE-2011-0411 class).
     *
     * @return that count, capped at {@link Integer#MAX_VALUE}
     */
    public int bufferedBytes() {
        return (int) Math.min(Integer.MAX_VALUE, bytesFed - bytesReturned);
    }

    /** @return true while an unfinished reply (some lines, or part of a line) has been fed */
    public boolean hasPartialReply() {
        return partialLength > 0 || linesInReply > 0;
    }

    /** @return the capacity of the carry-over line buffer (for tests of bounded buffering) */
    int lineBufferCapacity() {
        return partialLine.length;
    }

    private void scan(byte[] bytes, int from, int to, long chunkStart) throws ReplyException {
        int pos = from;
        while (pos < to) {
            // Look for the LF no further than the longest acceptable line allows (F1: a 100 MB
            // line must fail after maxLineLength bytes, not after the whole buffer is searched).
            int allowance = maxLineBytesBeforeLf - partialLength;
            int searchEnd = (int) Math.min(to, (long) pos + allowance + 1);
            int lf = indexOfLf(bytes, pos, searchEnd);
            if (lf < 0) {
                if (searchEnd - pos > allowance) {
                    throw lineTooLong();
                }
                appendToPartial(bytes, pos, to - pos);
                if (partialLength == maxLineBytesBeforeLf && partialLine[partialLength - 1] != '\r') {
                    throw lineTooLong();
                }
                return;
            }
            long lineEnd = chunkStart + (lf - from) + 1;
            if (partialLength == 0) {
                parseLine(bytes, pos, lf - pos, lineEnd);
            } else {
                appendToPartial(bytes, pos, lf - pos);
                int length = partialLength;
                partialLength = 0;
                parseLine(partialLine, 0, length, lineEnd);
            }
            pos = lf + 1;
        }
    }

    private static int indexOfLf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void appendToPartial(byte[] bytes, int off, int len) {
        int needed = partialLength + len;
        if (needed > partialLine.length) {
            int capacity = Math.max(INITIAL_LINE_CAPACITY, partialLine.length);
            while (capacity < needed) {
                capacity = capacity > maxLineBytesBeforeLf / 2 ? maxLineBytesBeforeLf : capacity * 2;
            }
            partialLine = Arrays.copyOf(partialLine, Math.min(capacity, maxLineBytesBeforeLf));
        }
        System.arraycopy(bytes, off, partialLine, partialLength, len);
        partialLength = needed;
    }

    /**
     * @param line buffer holding the line
     * @param start first byte of the line
     * @param lengthBeforeLf bytes before the LF (may end in the CR of CRLF)
     * @param streamEnd stream offset just after the LF
     */
    private void parseLine(byte[] line, int start, int lengthBeforeLf, long streamEnd) throws ReplyException {
        int length = lengthBeforeLf;
        if (length > 0 && line[start + length - 1] == '\r') {
            length--;
        }
        if (length > limits.maxLineLength()) {
            throw lineTooLong();
        }
        if (length < 3 || !isDigit(line[start]) || !isDigit(line[start + 1]) || !isDigit(line[start + 2])) {
            throw new ReplyException(ReplyException.Kind.INVALID_SYNTAX,
                    "a reply line must start with a three-digit code");
        }
        boolean lastLine;
        int textStart;
        if (length == 3) {
            // RFC 5321 §4.2: "SHOULD be prepared to process the code alone"
            lastLine = true;
            textStart = 3;
        } else {
            byte separator = line[start + 3];
            if (separator == ' ') {
                lastLine = true;
            } else if (separator == '-') {
                lastLine = false;
            } else {
                throw new ReplyException(ReplyException.Kind.INVALID_SYNTAX,
                        "the reply code must be followed by SP, '-' or the line end");
            }
            textStart = 4;
        }
        int code = (line[start] - '0') * 100 + (line[start + 1] - '0') * 10 + (line[start + 2] - '0');
        if (linesInReply == 0) {
            checkCodeRange(code);
            replyCode = code;
        } else if (code != replyCode) {
            throw new ReplyException(ReplyException.Kind.STATUS_MISMATCH,
                    "continuation line code " + code + " differs from " + replyCode);
        }
        linesInReply++;
        if (linesInReply > limits.maxLines()) {
            throw new ReplyException(ReplyException.Kind.TOO_MANY_LINES,
                    "reply has more than " + limits.maxLines() + " lines");
        }
        int textLength = length - textStart;
        textBytesInReply += textLength;
        if (textBytesInReply > limits.maxReplyBytes()) {
            throw new ReplyException(ReplyException.Kind.REPLY_TOO_LARGE,
                    "reply text exceeds " + limits.maxReplyBytes() + " bytes");
        }
        String text = ReplyText.decode(line, start + textStart, textLength);
        if (!lastLine) {
            continuationLines.add(text);
            return;
        }
        List<String> lines;
        if (continuationLines.isEmpty()) {
            lines = List.of(text);
        } else {
            continuationLines.add(text);
            lines = List.copyOf(continuationLines);
            continuationLines.clear();
        }
        completed.add(new CompletedReply(new Reply(code, lines), streamEnd));
        linesInReply = 0;
        textBytesInReply = 0;
    }

    /** RFC 5321 §4.2 ABNF: first digit 2-5, second 0-5 (1xx is not used by SMTP either). */
    private static void checkCodeRange(int code) throws ReplyException {
        int first = code / 100;
        int second = code / 10 % 10;
        if (first < 2 || first > 5 || second > 5) {
            throw new ReplyException(ReplyException.Kind.INVALID_STATUS,
                    "reply code " + code + " is outside [2-5][0-5][0-9]");
        }
    }

    private ReplyException lineTooLong() {
        return new ReplyException(ReplyException.Kind.LINE_TOO_LONG,
                "reply line longer than " + limits.maxLineLength() + " bytes");
    }

    private void releaseReplyInProgress() {
        partialLine = NO_BYTES;
        partialLength = 0;
        continuationLines.clear();
        continuationLines.trimToSize();
        linesInReply = 0;
        textBytesInReply = 0;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
