package org.esmtp4j.pure.engine;

import org.esmtp4j.SmtpError;

/**
 * Ends the dialogue on one connection: a protocol error, a fatal missing extension, a timeout or
 * a lost connection. Carries the session error and whether a QUIT may still be sent.
 */
final class ProtocolAbort extends Exception {

    private static final long serialVersionUID = 1L;

    private final SmtpError error;
    private final boolean sendQuit;

    ProtocolAbort(SmtpError error, String detail, boolean sendQuit, Throwable cause) {
        super(detail, cause);
        this.error = error;
        this.sendQuit = sendQuit;
    }

    SmtpError error() {
        return error;
    }

    boolean sendQuit() {
        return sendQuit;
    }
}
