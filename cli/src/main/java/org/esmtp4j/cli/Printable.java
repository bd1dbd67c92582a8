package org.esmtp4j.cli;

/**
 * Makes text safe to print on a terminal: control characters (C0, DEL, C1) become {@code \xNN}
 * escapes, so that a hostile server reply or a mistyped argument cannot move the cursor or
 * change the terminal's state, and a CR or LF in an argument is visible in the error.
 */
final class Printable {

    private Printable() {
    }

    /**
     * @param text any text
     * @return the text with every control character except TAB escaped as {@code \xNN}
     *     ({@code \\u} with four digits for C1 controls)
     */
    static String of(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (control && b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (b == null) {
                continue;
            }
            if (!control) {
                b.append(c);
            } else if (c < 0x80) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }
}
