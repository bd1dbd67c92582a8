package org.esmtp4j;

import java.time.Duration;

/**
 * The five protocol-phase timeouts of libESMTP ({@code enum rfc2822_timeouts}), with the
 * RFC 5321 §4.5.3.2 minimums that libESMTP also uses as defaults.
 *
 * <p>Each timeout bounds every single wait for the server while it is armed (libESMTP arms them
 * per {@code poll()}); the java engine also applies it as a deadline for a whole reply, so that a
 * server dripping one byte at a time cannot hold a phase forever.
 */
public enum Timeout {
    /** Greeting, EHLO/HELO, STARTTLS, AUTH and ETRN ({@code Timeout_GREETING}, 5 minutes). */
    GREETING(0, Duration.ofMinutes(5)),
    /** MAIL, RCPT, RSET and QUIT ({@code Timeout_ENVELOPE}, 5 minutes). */
    ENVELOPE(1, Duration.ofMinutes(5)),
    /** The reply to DATA ({@code Timeout_DATA}, 2 minutes). */
    DATA(2, Duration.ofMinutes(2)),
    /** Each write or read while the message is transferred ({@code Timeout_TRANSFER}, 3 minutes). */
    TRANSFER(3, Duration.ofMinutes(3)),
    /** The reply to the end of data, and the QUIT after the last message ({@code Timeout_DATA2}, 10 minutes). */
    DATA2(4, Duration.ofMinutes(10));

    /** libESMTP's floor for a timeout set with {@code Timeout_OVERRIDE_RFC2822_MINIMUM}: one second. */
    public static final Duration OVERRIDE_FLOOR = Duration.ofSeconds(1);

    private final int libesmtpCode;
    private final Duration rfcMinimum;

    Timeout(int libesmtpCode, Duration rfcMinimum) {
        this.libesmtpCode = libesmtpCode;
        this.rfcMinimum = rfcMinimum;
    }

    /** @return libESMTP's {@code Timeout_*} value */
    public int libesmtpCode() {
        return libesmtpCode;
    }

    /** @return the RFC 5321 minimum, which is also the default */
    public Duration rfcMinimum() {
        return rfcMinimum;
    }

    /**
     * Applies libESMTP's rule: a value below the RFC minimum is raised to it, unless
     * {@code overrideRfcMinimum} is set, in which case the floor is one second.
     *
     * @param requested the requested timeout, positive
     * @param overrideRfcMinimum libESMTP's {@code Timeout_OVERRIDE_RFC2822_MINIMUM}
     * @return the timeout that will be in force
     */
    public Duration effective(Duration requested, boolean overrideRfcMinimum) {
        Duration floor = overrideRfcMinimum ? OVERRIDE_FLOOR : rfcMinimum;
        return requested.compareTo(floor) < 0 ? floor : requested;
    }
}
