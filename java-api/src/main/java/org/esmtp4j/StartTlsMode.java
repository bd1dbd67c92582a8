package org.esmtp4j;

/** When to use STARTTLS (RFC 3207): libESMTP's {@code enum starttls_option}. */
public enum StartTlsMode {
    /** Never ({@code Starttls_DISABLED}, the default, as in libESMTP). */
    DISABLED(0),
    /**
     * When the server offers it ({@code Starttls_ENABLED}). A refused STARTTLS or a failed
     * handshake ends the session (libESMTP never falls back to cleartext once it asked).
     */
    ENABLED(1),
    /**
     * Always: no mail is sent unless TLS is up ({@code Starttls_REQUIRED}). A server that does
     * not offer STARTTLS raises {@link Extension#STARTTLS} and the session ends.
     */
    REQUIRED(2);

    private final int libesmtpCode;

    StartTlsMode(int libesmtpCode) {
        this.libesmtpCode = libesmtpCode;
    }

    /** @return libESMTP's enum value */
    public int libesmtpCode() {
        return libesmtpCode;
    }
}
