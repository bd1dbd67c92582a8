package org.esmtp4j;

/**
 * libESMTP's error codes ({@code SMTP_ERR_*}, {@code smtp_errno()}) with their
 * {@code smtp_strerror} texts, kept so that migrating code can compare numbers. Negative C values
 * ({@code -errno}) are represented by {@link #SYSTEM} with the errno in {@link StartResult}.
 */
public enum SmtpError {
    /** 0: no error. */
    NONE(0, "No Error"),
    /** 2: no message has an incomplete recipient and there are no ETRN nodes. */
    NOTHING_TO_DO(2, "Nothing to do"),
    /** 3: the server dropped the connection; libESMTP also uses it for timeouts. */
    DROPPED_CONNECTION(3, "SMTP server dropped connection"),
    /** 4: a reply did not follow the SMTP reply syntax. */
    INVALID_RESPONSE_SYNTAX(4, "Invalid SMTP syntax in server response"),
    /** 5: a continuation line repeated a different code. */
    STATUS_MISMATCH(5, "SMTP Status code mismatch on continuation line"),
    /** 6: a reply code outside what the command allows. */
    INVALID_RESPONSE_STATUS(6, "Invalid SMTP status code in server response"),
    /** 7: an invalid API argument. */
    INVAL(7, "Invalid API function argument"),
    /** 8: a required extension is not offered by the server. */
    EXTENSION_NOT_AVAILABLE(8, "Requested SMTP extension not available"),
    /** 9: {@code EAI_ADDRFAMILY}. */
    EAI_ADDRFAMILY(9, "Address family for hostname not supported"),
    /** 10: {@code EAI_NODATA}. */
    EAI_NODATA(10, "No address associated with hostname"),
    /** 11: {@code EAI_FAIL}. */
    EAI_FAIL(11, "Non-recoverable failure in name resolution"),
    /** 12: {@code EAI_AGAIN}. */
    EAI_AGAIN(12, "Temporary failure in name resolution"),
    /** 13: {@code EAI_MEMORY}. */
    EAI_MEMORY(13, "Memory allocation failure"),
    /** 14: {@code EAI_FAMILY}. */
    EAI_FAMILY(14, "ai_family not supported"),
    /** 15: {@code EAI_BADFLAGS}. */
    EAI_BADFLAGS(15, "Bad value for ai_flags"),
    /** 16: {@code EAI_NONAME}: the host name did not resolve. */
    EAI_NONAME(16, "Name or service not known"),
    /** 17: {@code EAI_SERVICE}: the port or service name is unknown. */
    EAI_SERVICE(17, "Servname not supported for ai_socktype"),
    /** 18: {@code EAI_SOCKTYPE}. */
    EAI_SOCKTYPE(18, "ai_socktype not supported"),
    /** 19: a reply was not terminated, or grew beyond the configured limit. */
    UNTERMINATED_RESPONSE(19, "Unterminated server response"),
    /** 20: a client-side failure, such as a failed TLS handshake. */
    CLIENT_ERROR(20, "Client error"),
    /**
     * Not a libESMTP code: every server that was reached refused the session (greeting not 220,
     * EHLO 4xx, HELO refused), so no address remained. libESMTP 1.1.0 returns 0 with
     * {@code smtp_errno()} left at 0 or stale in this case (§8.3 #19); the facade reports this
     * instead, with the last refusal in {@link StartResult#detail()}.
     */
    NO_USABLE_SERVER(100, "No server accepted the session"),
    /**
     * Not a libESMTP code: AUTH failed with every mechanism offered and the settings do not allow
     * continuing unauthenticated ({@link AuthSettings#continueUnauthenticated()}), or no
     * acceptable mechanism could run (for example only PLAIN offered without TLS). libESMTP
     * always continues to MAIL (hostile case D2).
     */
    AUTH_FAILED(101, "Authentication failed"),
    /** A system error: libESMTP reports {@code -errno}; see {@link StartResult#systemErrno()}. */
    SYSTEM(-1, "System error");

    private final int code;
    private final String text;

    SmtpError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** @return libESMTP's numeric code ({@code SMTP_ERR_*}); -1 stands for any {@code -errno} */
    public int code() {
        return code;
    }

    /** @return the text of {@code smtp_strerror} for this code */
    public String text() {
        return text;
    }

    /**
     * @param code a value of {@code smtp_errno()}
     * @return the matching constant; negative values map to {@link #SYSTEM}
     * @throws IllegalArgumentException for a value libESMTP never produces
     */
    public static SmtpError fromCode(int code) {
        if (code < 0) {
            return SYSTEM;
        }
        for (SmtpError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a libESMTP error code: " + code);
    }
}
