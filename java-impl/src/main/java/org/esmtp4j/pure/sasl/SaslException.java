package org.esmtp4j.pure.sasl;

/**
 * A mechanism cannot go on: an unexpected or malformed challenge, or a server that failed to
 * prove itself (SCRAM). The engine answers with {@code *} (RFC 4954 §4) and the mechanism fails.
 */
public final class SaslException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong (never a credential)
     */
    public SaslException(String message) {
        super(message);
    }
}
