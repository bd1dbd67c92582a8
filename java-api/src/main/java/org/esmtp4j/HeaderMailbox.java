package org.esmtp4j;

/**
 * One mailbox of a mailbox header (From, Sender, To, Cc, Bcc, Reply-To,
 * Disposition-Notification-To), as set through the API.
 *
 * <p>The phrase is stored <em>escaped</em>, ready to print between double quotes: every
 * {@code \} and {@code "} of the phrase given by the caller is preceded by a backslash (the
 * quoted-string of RFC 5322 §3.2.4). libESMTP prints the phrase between quotes without escaping
 * it, so a phrase containing a quote produced a broken header; the facade escapes before either
 * engine sees the value, which both engines then print unchanged.
 *
 * @param escapedPhrase the display name, escaped for a quoted-string, or {@code null} for none
 * @param mailbox the address without angle brackets; empty only for From, Sender and
 *        Disposition-Notification-To, where it prints as {@code <>}
 */
public record HeaderMailbox(String escapedPhrase, String mailbox) {

    /**
     * Escapes a phrase for printing between double quotes.
     *
     * @param phrase the phrase as the caller gave it, or {@code null}
     * @return the phrase with {@code \} and {@code "} backslash-escaped, or {@code null}
     */
    static String escapePhrase(String phrase) {
        if (phrase == null || (phrase.indexOf('"') < 0 && phrase.indexOf('\\') < 0)) {
            return phrase;
        }
        StringBuilder b = new StringBuilder(phrase.length() + 8);
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
