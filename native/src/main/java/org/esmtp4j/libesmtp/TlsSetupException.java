package org.esmtp4j.libesmtp;

/** The OpenSSL client context could not be built (a file, the key's password); the message says why. */
final class TlsSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    TlsSetupException(String reason) {
        super(reason);
    }
}
