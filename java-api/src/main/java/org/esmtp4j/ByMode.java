package org.esmtp4j;

/** DELIVERBY mode (RFC 2852), libESMTP's {@code enum by_mode}. */
public enum ByMode {
    /** {@code N}: notify if the deadline passes ({@code By_NOTIFY}). */
    NOTIFY('N', 1),
    /** {@code R}: return the message if the deadline passes ({@code By_RETURN}); the time must be positive. */
    RETURN('R', 2);

    private final char letter;
    private final int libesmtpCode;

    ByMode(char letter, int libesmtpCode) {
        this.letter = letter;
        this.libesmtpCode = libesmtpCode;
    }

    /** @return the RFC 2852 mode letter (libESMTP 1.1.0 sends the wrong one: see COMPATIBILITY.md) */
    public char letter() {
        return letter;
    }

    /** @return libESMTP's enum value */
    public int libesmtpCode() {
        return libesmtpCode;
    }
}
