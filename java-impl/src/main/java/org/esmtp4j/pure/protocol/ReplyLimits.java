package org.esmtp4j.pure.protocol;

/**
 * Resource limits the {@link ReplyParser} enforces on a hostile or broken server
 * (hostile cases B5, F1, F2).
 *
 * <p>libESMTP 1.1.0 reads lines into a 1024-byte buffer and silently splits longer ones (which
 * desynchronises the dialogue), caps multi-line text at 4096 bytes except for EHLO, and accepts an
 * unbounded number of EHLO lines. This port fails cleanly instead, with libESMTP's
 * {@code SMTP_ERR_UNTERMINATED_RESPONSE}.
 *
 * @param maxLineLength the longest accepted reply line in bytes, code included, line terminator
 *        excluded (RFC 5321 §4.5.3.1.5 requires servers to stay within 512)
 * @param maxLines the most lines one reply may have
 * @param maxReplyBytes the most text bytes (after code and separator, without terminators) one
 *        reply may carry in total
 */
public record ReplyLimits(int maxLineLength, int maxLines, int maxReplyBytes) {

    /**
     * The defaults: 2048-byte lines (Postfix's {@code line_length_limit}), 512 lines, 64 KiB of
     * text per reply.
     */
    public static final ReplyLimits DEFAULT = new ReplyLimits(2048, 512, 65536);

    /** The largest accepted {@link #maxLineLength()}, keeping internal buffer arithmetic safe. */
    public static final int MAX_LINE_LENGTH_CAP = Integer.MAX_VALUE - 16;

    /**
     * Validates the limits.
     *
     * @param maxLineLength the longest accepted reply line in bytes, code included, line
     *        terminator excluded; at least 3 and at most {@link #MAX_LINE_LENGTH_CAP}
     * @param maxLines the most lines one reply may have; positive
     * @param maxReplyBytes the most text bytes one reply may carry in total; not negative
     * @throws IllegalArgumentException when a limit is not positive or the line length exceeds
     *         {@link #MAX_LINE_LENGTH_CAP}
     */
    public ReplyLimits {
        if (maxLineLength < 3 || maxLineLength > MAX_LINE_LENGTH_CAP) {
            throw new IllegalArgumentException("maxLineLength must be in [3, " + MAX_LINE_LENGTH_CAP
                    + "], got " + maxLineLength);
        }
        if (maxLines <= 0) {
            throw new IllegalArgumentException("maxLines must be positive, got " + maxLines);
        }
        if (maxReplyBytes < 0) {
            throw new IllegalArgumentException("maxReplyBytes must not be negative, got " + maxReplyBytes);
        }
    }
}
