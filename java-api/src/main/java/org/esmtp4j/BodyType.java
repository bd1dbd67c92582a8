package org.esmtp4j;

/** The {@code BODY=} declaration (RFC 6152, RFC 3030), libESMTP's {@code enum e8bitmime_body}. */
public enum BodyType {
    /** {@code BODY=7BIT} ({@code E8bitmime_7BIT}); like libESMTP, it makes 8BITMIME required. */
    SEVEN_BIT("7BIT", 1),
    /** {@code BODY=8BITMIME} ({@code E8bitmime_8BITMIME}); makes 8BITMIME required. */
    EIGHT_BIT_MIME("8BITMIME", 2),
    /**
     * {@code BODY=BINARYMIME} ({@code E8bitmime_BINARYMIME}); makes BINARYMIME and CHUNKING
     * required. The content is sent as exact bytes by BDAT, without line canonicalisation.
     */
    BINARY_MIME("BINARYMIME", 3);

    private final String keyword;
    private final int libesmtpCode;

    BodyType(String keyword, int libesmtpCode) {
        this.keyword = keyword;
        this.libesmtpCode = libesmtpCode;
    }

    /** @return the value sent on MAIL */
    public String keyword() {
        return keyword;
    }

    /** @return libESMTP's enum value */
    public int libesmtpCode() {
        return libesmtpCode;
    }
}
