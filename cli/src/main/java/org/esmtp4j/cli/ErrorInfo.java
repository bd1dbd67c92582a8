package org.esmtp4j.cli;

import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;

/**
 * The {@code "error"} member of the JSON output: libESMTP's {@code smtp_errno()} number and
 * macro name (without {@code SMTP_ERR_}), and a text saying what happened.
 *
 * @param code libESMTP's code; {@code -errno} for a system error; 0 for none
 * @param name the macro name without its prefix, {@code SYSTEM} for a system error, {@code NONE} for none
 * @param text {@code smtp_strerror}'s text, followed by the details when there are any
 */
record ErrorInfo(int code, String name, String text) {

    /**
     * @param result what {@code start()} returned
     * @return its error
     */
    static ErrorInfo of(StartResult result) {
        SmtpError error = result.error();
        String detail = result.detail();
        String text = detail.isEmpty() || detail.equals(error.text()) ? error.text() : error.text() + ": " + detail;
        return new ErrorInfo(result.libesmtpErrno(), error.name(), text);
    }

    /**
     * @param what what was refused and why
     * @return an {@code INVAL} error: bad usage or invalid input, refused before connecting
     */
    static ErrorInfo invalid(String what) {
        return new ErrorInfo(SmtpError.INVAL.code(), SmtpError.INVAL.name(), what);
    }

    /**
     * @param what what failed on the client side (an engine that cannot start or that failed)
     * @return a {@code CLIENT_ERROR} error
     */
    static ErrorInfo client(String what) {
        return new ErrorInfo(SmtpError.CLIENT_ERROR.code(), SmtpError.CLIENT_ERROR.name(),
                SmtpError.CLIENT_ERROR.text() + ": " + what);
    }
}
