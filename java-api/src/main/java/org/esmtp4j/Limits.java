package org.esmtp4j;

import java.time.Duration;

/**
 * Bounds on what a server may send, so that a hostile or broken server cannot exhaust memory or
 * hold a session forever (hostile cases F1 to F4). Exceeding a bound ends the connection; the
 * recipients not yet finished are transient and {@link StartResult#error()} says which bound.
 * libESMTP has fixed, partly missing limits (a 1023-byte first line, 4096 bytes of continuation
 * text, none for EHLO); the java engine applies these.
 *
 * @param maxReplyLineLength the longest reply line in bytes, without the line end
 * @param maxReplyLines the most lines in one reply
 * @param maxReplyBytes the most text bytes in one reply
 * @param sessionDeadline a bound on one whole {@link Session#start()}, or null for none
 * @param maxAuthRounds the most 334 challenges one AUTH mechanism may send before the client
 *     cancels it (hostile case D4; libESMTP has no bound)
 */
public record Limits(int maxReplyLineLength, int maxReplyLines, int maxReplyBytes, Duration sessionDeadline,
                     int maxAuthRounds) {

    /** The default number of AUTH challenges per mechanism. */
    public static final int DEFAULT_AUTH_ROUNDS = 10;

    /** 2048-byte lines (Postfix's limit), 512 lines, 64 KiB per reply, no session deadline, 10 AUTH rounds. */
    public static final Limits DEFAULT = new Limits(2048, 512, 65536, null, DEFAULT_AUTH_ROUNDS);

    /**
     * Limits with the default number of AUTH rounds.
     *
     * @param maxReplyLineLength the longest reply line in bytes, without the line end
     * @param maxReplyLines the most lines in one reply
     * @param maxReplyBytes the most text bytes in one reply
     * @param sessionDeadline a bound on one whole {@link Session#start()}, or null for none
     */
    public Limits(int maxReplyLineLength, int maxReplyLines, int maxReplyBytes, Duration sessionDeadline) {
        this(maxReplyLineLength, maxReplyLines, maxReplyBytes, sessionDeadline, DEFAULT_AUTH_ROUNDS);
    }

    /**
     * Validates the limits.
     *
     * @param maxReplyLineLength the longest reply line in bytes, without the line end; at least
     *        512 (RFC 5321 §4.5.3.1.5)
     * @param maxReplyLines the most lines in one reply; at least 1
     * @param maxReplyBytes the most text bytes in one reply; at least {@code maxReplyLineLength}
     * @param sessionDeadline a bound on one whole {@link Session#start()}, or null for none;
     *        positive when given
     * @param maxAuthRounds the most challenges per AUTH mechanism; at least 1
     * @throws InvalidArgumentException when a limit is out of range
     */
    public Limits {
        if (maxAuthRounds < 1) {
            throw new InvalidArgumentException("maxAuthRounds", "must be at least 1");
        }
        if (maxReplyLineLength < 512) {
            throw new InvalidArgumentException("maxReplyLineLength", "must be at least 512 (RFC 5321 §4.5.3.1.5)");
        }
        if (maxReplyLines < 1 || maxReplyBytes < maxReplyLineLength) {
            throw new InvalidArgumentException("limits", "need at least one line and maxReplyBytes >= maxReplyLineLength");
        }
        if (sessionDeadline != null && (sessionDeadline.isNegative() || sessionDeadline.isZero())) {
            throw new InvalidArgumentException("sessionDeadline", "must be positive");
        }
    }

    /**
     * @param deadline a bound on a whole start, or null
     * @return a copy with that session deadline
     */
    public Limits withSessionDeadline(Duration deadline) {
        return new Limits(maxReplyLineLength, maxReplyLines, maxReplyBytes, deadline, maxAuthRounds);
    }

    /**
     * @param rounds the most challenges per AUTH mechanism
     * @return a copy with that bound
     */
    public Limits withMaxAuthRounds(int rounds) {
        return new Limits(maxReplyLineLength, maxReplyLines, maxReplyBytes, sessionDeadline, rounds);
    }
}
