package org.esmtp4j.pure.tls;

/**
 * The TLS context could not be built from {@link org.esmtp4j.TlsSettings}. The kind says which
 * of libESMTP's events (§2: 3105, 3106, 3107) the engine reports for it.
 */
public final class TlsSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What could not be used. */
    public enum Kind {
        /** The trusted CA file ({@code SMTP_EV_UNUSABLE_CA_LIST}, 3107). */
        CA_LIST,
        /** The client certificate ({@code SMTP_EV_UNUSABLE_CLIENT_CERTIFICATE}, 3106). */
        CLIENT_CERTIFICATE,
        /** The client certificate's key ({@code SMTP_EV_NO_CLIENT_CERTIFICATE}, 3105). */
        CLIENT_KEY,
        /** The JDK could not set up TLS at all. */
        PLATFORM
    }

    /** What could not be used. */
    private final Kind kind;

    /**
     * @param kind what could not be used
     * @param message why
     * @param cause the underlying failure, or null
     */
    public TlsSetupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** @return what could not be used */
    public Kind kind() {
        return kind;
    }
}
