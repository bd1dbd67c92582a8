package org.esmtp4j.internal;

import java.net.IDN;

/**
 * RFC 5321 §4.1.2 {@code Domain} and {@code address-literal} syntax. Each method returns a
 * description of the first problem found, with indices into the whole string it was given, or
 * null when the text is valid.
 */
final class DomainSyntax {

    /** RFC 1035 §2.3.4: a label is at most 63 octets. */
    static final int MAX_LABEL_OCTETS = 63;

    private DomainSyntax() {
    }

    /**
     * A domain name or an address literal ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}).
     *
     * @param s the text holding the domain
     * @param from first index of the domain
     * @param to index after the domain
     * @param allowUnicode whether U-labels are allowed (RFC 6531 §3.3, SMTPUTF8)
     * @return the problem, or null
     */
    static String domainOrLiteralProblem(String s, int from, int to, boolean allowUnicode) {
        if (from == to) {
            return "empty domain";
        }
        if (s.charAt(from) == '[') {
            return addressLiteralProblem(s, from, to);
        }
        return domainProblem(s, from, to, allowUnicode);
    }

    /**
     * A domain name: dot-separated labels of letters, digits and hyphens, no trailing dot.
     *
     * @param s the text holding the domain
     * @param from first index of the domain
     * @param to index after the domain
     * @param allowUnicode whether non-ASCII letters are allowed
     * @return the problem, or null
     */
    static String domainProblem(String s, int from, int to, boolean allowUnicode) {
        if (from == to) {
            return "empty domain";
        }
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                String problem = labelProblem(s, labelStart, i, allowUnicode);
                if (problem != null) {
                    return problem;
                }
                labelStart = i + 1;
            }
        }
        return null;
    }

    private static String labelProblem(String s, int from, int to, boolean allowUnicode) {
        if (from == to) {
            return "empty domain label at index " + from;
        }
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (!isAsciiLetterOrDigit(c) && c != '-') {
                    return "character '" + c + "' at index " + i
                            + " is not allowed in a domain (letters, digits and '-' only)";
                }
                continue;
            }
            int cp = s.codePointAt(i);
            if (!allowUnicode) {
                return String.format("non-ASCII character U+%04X at index %d in the domain", cp, i);
            }
            if (!Character.isLetterOrDigit(cp) && !isMark(cp)) {
                return String.format("character U+%04X at index %d is not a letter or digit", cp, i);
            }
            ascii = false;
            i += Character.charCount(cp) - 1;
        }
        if (s.charAt(from) == '-') {
            return "domain label at index " + from + " starts with '-'";
        }
        if (s.charAt(to - 1) == '-') {
            return "domain label at index " + from + " ends with '-'";
        }
        if (ascii) {
            if (to - from > MAX_LABEL_OCTETS) {
                return "domain label at index " + from + " is " + (to - from) + " octets; the limit is "
                        + MAX_LABEL_OCTETS + " (RFC 1035 §2.3.4)";
            }
            return null;
        }
        // The 63-octet limit applies to the label's DNS (A-label) form, so measure that.
        String aLabel;
        try {
            aLabel = IDN.toASCII(s.substring(from, to), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return "domain label at index " + from + " is not a valid internationalized label: "
                    + e.getMessage();
        }
        if (aLabel.length() > MAX_LABEL_OCTETS) {
            return "domain label at index " + from + " is " + aLabel.length()
                    + " octets in its A-label form; the limit is " + MAX_LABEL_OCTETS + " (RFC 1035 §2.3.4)";
        }
        return null;
    }

    /**
     * An address literal, brackets included: IPv4 or {@code IPv6:} (RFC 5321 §4.1.3). General
     * address literals are refused: no other tag is registered.
     */
    static String addressLiteralProblem(String s, int from, int to) {
        if (to - from < 2 || s.charAt(to - 1) != ']') {
            return "address literal at index " + from + " lacks the closing ']'";
        }
        int a = from + 1;
        int b = to - 1;
        int colon = s.indexOf(':', a);
        if (colon >= 0 && colon < b) {
            String tag = s.substring(a, colon);
            if (!tag.equalsIgnoreCase("IPv6")) {
                return "unsupported address literal tag \"" + tag + "\" at index " + a
                        + " (only IPv4 and IPv6: literals are defined)";
            }
            return isIpv6(s.substring(colon + 1, b)) ? null
                    : "invalid IPv6 address literal at index " + from + " (RFC 5321 §4.1.3)";
        }
        return isIpv4(s, a, b) ? null : "invalid IPv4 address literal at index " + from + " (RFC 5321 §4.1.3)";
    }

    /** RFC 5321 {@code IPv4-address-literal}: four Snum (1 to 3 digits, 0..255). */
    static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) {
                return false;
            }
            parts++;
            if (i == to) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    /**
     * RFC 5321 {@code IPv6-addr} (the part after {@code "IPv6:"}): 8 groups, or at most 6 groups
     * around one {@code "::"}; a trailing IPv4 address counts as 2 groups.
     */
    static boolean isIpv6(String text) {
        int lastColon = text.lastIndexOf(':');
        if (lastColon < 0) {
            return false;
        }
        String t = text;
        if (text.indexOf('.', lastColon) >= 0) {
            if (!isIpv4(text, lastColon + 1, text.length())) {
                return false;
            }
            t = text.substring(0, lastColon + 1) + "0:0";
        }
        int compressed = t.indexOf("::");
        if (compressed < 0) {
            return groups(t) == 8;
        }
        if (t.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        int left = groups(t.substring(0, compressed));
        int right = groups(t.substring(compressed + 2));
        return left >= 0 && right >= 0 && left + right <= 6;
    }

    /** The number of colon-separated groups of 1 to 4 hex digits, 0 for "", -1 if malformed. */
    private static int groups(String t) {
        if (t.isEmpty()) {
            return 0;
        }
        int count = 0;
        int digits = 0;
        for (int i = 0; i <= t.length(); i++) {
            if (i == t.length() || t.charAt(i) == ':') {
                if (digits == 0) {
                    return -1;
                }
                count++;
                digits = 0;
            } else {
                char c = t.charAt(i);
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex || ++digits > 4) {
                    return -1;
                }
            }
        }
        return count;
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
