package org.esmtp4j;

/** DSN {@code RET} (RFC 3461), libESMTP's {@code enum ret_flags}. */
public enum DsnReturn {
    /** {@code RET=FULL}: return the whole message in a DSN ({@code Ret_FULL}). */
    FULL("FULL"),
    /** {@code RET=HDRS}: return only the headers ({@code Ret_HDRS}). */
    HEADERS("HDRS");

    private final String keyword;

    DsnReturn(String keyword) {
        this.keyword = keyword;
    }

    /** @return the value sent on MAIL */
    public String keyword() {
        return keyword;
    }
}
