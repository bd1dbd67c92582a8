package org.esmtp4j.internal;

/**
 * RFC 5321 §4.1.2 {@code Mailbox} syntax ({@code Local-part "@" (Domain / address-literal)})
 * and the §4.5.3.1 size limits, extended by RFC 6531 §3.3 for SMTPUTF8. The caller has already
 * refused controls, angle brackets and (without SMTPUTF8) non-ASCII characters.
 */
final class MailboxSyntax {

    /** RFC 5321 §4.5.3.1.1. */
    static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 §4.5.3.1.2. */
    static final int MAX_DOMAIN_OCTETS = 255;
    /** RFC 5321 §4.5.3.1.3: the path includes the angle brackets. */
    static final int MAX_PATH_OCTETS = 256;

    /** RFC 5322 §3.2.3 atext, besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private MailboxSyntax() {
    }

    /**
     * @param m a non-empty mailbox
     * @param smtputf8 whether UTF-8 local parts and U-labels are allowed
     * @return the first problem, or null when the mailbox is valid
     */
    static String problem(String m, boolean smtputf8) {
        int at;
        if (m.charAt(0) == '"') {
            String problem = quotedStringProblem(m);
            if (problem != null) {
                return problem;
            }
            at = closingQuote(m) + 1;
            if (at == m.length()) {
                return "missing '@' and domain";
            }
            if (m.charAt(at) != '@') {
                return "expected '@' after the quoted local part at index " + at;
            }
        } else {
            at = m.indexOf('@');
            if (at < 0) {
                return "missing '@' and domain";
            }
            String problem = dotStringProblem(m, at);
            if (problem != null) {
                return problem;
            }
        }
        String problem = DomainSyntax.domainOrLiteralProblem(m, at + 1, m.length(), smtputf8);
        if (problem != null) {
            return problem;
        }
        return lengthProblem(m, at);
    }

    private static String lengthProblem(String m, int at) {
        int local = Utf8.length(m.subSequence(0, at));
        if (local > MAX_LOCAL_PART_OCTETS) {
            return "local part is " + local + " octets; the limit is " + MAX_LOCAL_PART_OCTETS
                    + " (RFC 5321 §4.5.3.1.1)";
        }
        int domain = Utf8.length(m.subSequence(at + 1, m.length()));
        if (domain > MAX_DOMAIN_OCTETS) {
            return "domain is " + domain + " octets; the limit is " + MAX_DOMAIN_OCTETS + " (RFC 5321 §4.5.3.1.2)";
        }
        int path = local + 1 + domain + 2;
        if (path > MAX_PATH_OCTETS) {
            return "path is " + path + " octets including the angle brackets; the limit is " + MAX_PATH_OCTETS
                    + " (RFC 5321 §4.5.3.1.3)";
        }
        return null;
    }

    /** The index of the closing quote of a well-formed Quoted-string that starts at index 0. */
    private static int closingQuote(String m) {
        int i = 1;
        while (i < m.length() && m.charAt(i) != '"') {
            i += m.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    /**
     * RFC 5321: {@code Quoted-string = DQUOTE *QcontentSMTP DQUOTE}, {@code quoted-pairSMTP =
     * %d92 %d32-126}; qtextSMTP is every other printable character (controls are already
     * refused), plus UTF-8 under RFC 6531.
     */
    private static String quotedStringProblem(String m) {
        int i = 1;
        while (i < m.length()) {
            char c = m.charAt(i);
            if (c == '"') {
                return null;
            }
            if (c == '\\') {
                if (i + 1 == m.length()) {
                    break;
                }
                char escaped = m.charAt(i + 1);
                if (escaped < 0x20 || escaped > 0x7e) {
                    return "quoted-pair at index " + i
                            + " must escape a printable ASCII character (RFC 5321 §4.1.2)";
                }
                i += 2;
            } else {
                i++;
            }
        }
        return "unterminated quoted local part (no closing '\"')";
    }

    /** RFC 5321 {@code Dot-string = Atom *("." Atom)} over {@code m[0, at)}. */
    private static String dotStringProblem(String m, int at) {
        if (at == 0) {
            return "empty local part";
        }
        if (m.charAt(0) == '.') {
            return "local part starts with '.'";
        }
        if (m.charAt(at - 1) == '.') {
            return "local part ends with '.' at index " + (at - 1);
        }
        for (int i = 0; i < at; i++) {
            char c = m.charAt(i);
            if (c == '.') {
                if (m.charAt(i - 1) == '.') {
                    return "two consecutive dots at index " + (i - 1) + " in the local part";
                }
            } else if (c == ' ') {
                return "unquoted space at index " + i + " (only a quoted local part may contain spaces)";
            } else if (c < 0x80 && !DomainSyntax.isAsciiLetterOrDigit(c) && ATEXT_SPECIALS.indexOf(c) < 0) {
                return "character '" + c + "' at index " + i
                        + " is not allowed in an unquoted local part (RFC 5321 §4.1.2)";
            }
            // Non-ASCII reaches here only under SMTPUTF8, where atext includes UTF8-non-ascii.
        }
        return null;
    }
}
