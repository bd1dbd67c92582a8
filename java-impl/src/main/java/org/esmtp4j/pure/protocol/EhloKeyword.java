package org.esmtp4j.pure.protocol;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The EHLO keywords the engine understands: the list libESMTP 1.1.0 recognises, plus SMTPUTF8.
 * Named {@code EhloKeyword} to keep it apart from the facade's {@code org.esmtp4j.Extension}.
 */
public enum EhloKeyword {
    /** RFC 2034 enhanced status codes. */
    ENHANCEDSTATUSCODES("ENHANCEDSTATUSCODES"),
    /** RFC 2920 command pipelining. */
    PIPELINING("PIPELINING"),
    /** RFC 3461 delivery status notifications. */
    DSN("DSN"),
    /** RFC 4954 authentication; the mechanisms are in {@link Capabilities#authMechanisms()}. */
    AUTH("AUTH"),
    /** RFC 3207 TLS. */
    STARTTLS("STARTTLS"),
    /** RFC 1870 message size declaration; the limit is {@link Capabilities#sizeLimit()}. */
    SIZE("SIZE"),
    /** RFC 3030 BDAT. */
    CHUNKING("CHUNKING"),
    /** RFC 3030 binary MIME. */
    BINARYMIME("BINARYMIME"),
    /** RFC 6152 8-bit MIME transport. */
    EIGHTBITMIME("8BITMIME"),
    /** RFC 2852 deliver-by; the minimum is {@link Capabilities#deliverByMinimum()}. */
    DELIVERBY("DELIVERBY"),
    /** RFC 1985 remote queue starting. */
    ETRN("ETRN"),
    /** Sendmail's XUSR (initial user submission). */
    XUSR("XUSR"),
    /** Microsoft Exchange's XEXCH50. */
    XEXCH50("XEXCH50"),
    /** RFC 6531 internationalised email (not in libESMTP 1.1.0). */
    SMTPUTF8("SMTPUTF8");

    private static final Map<String, EhloKeyword> BY_KEYWORD = new HashMap<>();

    static {
        for (EhloKeyword k : values()) {
            BY_KEYWORD.put(k.keyword, k);
        }
    }

    private final String keyword;

    EhloKeyword(String keyword) {
        this.keyword = keyword;
    }

    /** @return the keyword as servers advertise it, upper case (e.g. {@code "8BITMIME"}) */
    public String keyword() {
        return keyword;
    }

    /**
     * @param keyword an EHLO keyword, any case
     * @return the matching constant, or null for an unknown keyword
     */
    public static EhloKeyword lookup(String keyword) {
        return BY_KEYWORD.get(keyword.toUpperCase(Locale.ROOT));
    }
}
