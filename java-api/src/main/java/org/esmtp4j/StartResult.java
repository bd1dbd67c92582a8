package org.esmtp4j;

import java.util.Objects;

/**
 * What {@link Session#start()} reports about the session as a whole. Like libESMTP's
 * {@code smtp_start_session}, success of the session says nothing about delivery: read each
 * recipient's {@link Recipient#outcome()}.
 *
 * @param connected true when a connection to some server ran its course (libESMTP returns 1);
 *     false when no server could be used (libESMTP returns 0)
 * @param error the session-level error ({@code smtp_errno()}), {@link SmtpError#NONE} if none
 * @param systemErrno the C errno (positive) when {@code error} is {@link SmtpError#SYSTEM}, else 0
 * @param detail a human-readable explanation (for example which address refused the
 *     connection); never null
 */
public record StartResult(boolean connected, SmtpError error, int systemErrno, String detail) {

    /**
     * Checks that the error and detail are present.
     *
     * @param connected true when a connection to some server ran its course
     * @param error the session-level error, {@link SmtpError#NONE} if none; not null
     * @param systemErrno the C errno (positive) when {@code error} is {@link SmtpError#SYSTEM}, else 0
     * @param detail a human-readable explanation; not null
     * @throws NullPointerException when {@code error} or {@code detail} is null
     */
    public StartResult {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return libESMTP's {@code smtp_errno()} value: the code, or {@code -errno} for system errors */
    public int libesmtpErrno() {
        return error == SmtpError.SYSTEM ? -systemErrno : error.code();
    }

    @Override
    public String toString() {
        return (connected ? "connected" : "not connected") + ", " + error
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
