package org.esmtp4j.pure.protocol;

import java.util.Objects;

/**
 * A server reply that cannot be accepted. Thrown by {@link ReplyParser}; once thrown, the parser
 * that threw it is poisoned and throws the same instance from every later
 * {@link ReplyParser#feed feed} or {@link ReplyParser#next next}.
 */
public final class ReplyException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What was wrong, with the libESMTP error code ({@code SMTP_ERR_*}) it corresponds to. */
    public enum Kind {
        /** The line does not follow the reply syntax (code, separator, CRLF). */
        INVALID_SYNTAX(4),
        /** A line of a multi-line reply carries a different code from the first line. */
        STATUS_MISMATCH(5),
        /** Three digits, but outside RFC 5321 §4.2's {@code [2-5][0-5][0-9]}. */
        INVALID_STATUS(6),
        /** A line longer than {@link ReplyLimits#maxLineLength()}. */
        LINE_TOO_LONG(19),
        /** A reply with more than {@link ReplyLimits#maxLines()} lines. */
        TOO_MANY_LINES(19),
        /** A reply with more than {@link ReplyLimits#maxReplyBytes()} bytes of text. */
        REPLY_TOO_LARGE(19);

        private final int libesmtpCode;

        Kind(int libesmtpCode) {
            this.libesmtpCode = libesmtpCode;
        }

        /**
         * @return libESMTP's {@code smtp_errno()} value for this kind: 4
         *         ({@code SMTP_ERR_INVALID_RESPONSE_SYNTAX}), 5 ({@code SMTP_ERR_STATUS_MISMATCH}),
         *         6 ({@code SMTP_ERR_INVALID_RESPONSE_STATUS}) or 19
         *         ({@code SMTP_ERR_UNTERMINATED_RESPONSE})
         */
        public int libesmtpCode() {
            return libesmtpCode;
        }
    }

    /** What was wrong; never null. */
    private final Kind kind;

    /**
     * @param kind what was wrong
     * @param message a description for logs (never contains raw server bytes)
     */
    public ReplyException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return what was wrong */
    public Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return kind + ": " + super.getMessage();
    }
}
