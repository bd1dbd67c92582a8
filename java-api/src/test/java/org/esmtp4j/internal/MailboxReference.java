package org.esmtp4j.internal;

import java.util.regex.Pattern;

/**
 * RFC 5321 §4.1.2 {@code Mailbox} and §4.1.3 address literals for ASCII, written from the ABNF for
 * the fuzz test to compare {@link Validation} against, sharing no code with it. Two decisions of
 * the facade are part of the reference because they are documented there: angle brackets are
 * refused everywhere (also quoted), and of the address literals only IPv4 and {@code IPv6:} are
 * accepted (no other tag is registered).
 */
final class MailboxReference {

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]";
    private static final Pattern DOT_STRING = Pattern.compile(ATEXT + "++(?:\\." + ATEXT + "++)*+");
    /** qtextSMTP = %d32-33 / %d35-91 / %d93-126; quoted-pairSMTP = %d92 %d32-126. */
    private static final Pattern QUOTED_STRING = Pattern.compile("\"(?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\x20-\\x7E])*+\"");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern SNUM = Pattern.compile("[0-9]{1,3}");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private MailboxReference() {
    }

    /** @return whether {@code m} is an ASCII RFC 5321 Mailbox within the §4.5.3.1 limits */
    static boolean isMailbox(String m) {
        if (!isAscii(m) || m.indexOf('<') >= 0 || m.indexOf('>') >= 0) {
            return false;
        }
        int at = m.lastIndexOf('@'); // neither Domain nor these literals contain '@'
        if (at < 0) {
            return false;
        }
        String local = m.substring(0, at);
        String domain = m.substring(at + 1);
        boolean localOk = DOT_STRING.matcher(local).matches() || QUOTED_STRING.matcher(local).matches();
        return localOk && isDomainOrLiteral(domain) && local.length() <= 64 && domain.length() <= 255
                && local.length() + domain.length() + 3 <= 256;
    }

    /** @return whether {@code d} is an ASCII Domain or address literal of at most 255 octets */
    static boolean isDomainOrLiteral(String d) {
        if (!isAscii(d) || d.isEmpty() || d.length() > 255) {
            return false;
        }
        if (d.startsWith("[") && d.endsWith("]") && d.length() >= 2) {
            String inside = d.substring(1, d.length() - 1);
            if (inside.regionMatches(true, 0, "IPv6:", 0, 5)) {
                return isIpv6(inside.substring(5));
            }
            return isIpv4(inside);
        }
        for (String label : d.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!SNUM.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp of RFC 5321 §4.1.3. */
    private static boolean isIpv6(String s) {
        int lastColon = s.lastIndexOf(':');
        boolean v4 = lastColon >= 0 && s.indexOf('.', lastColon) >= 0;
        if (v4 && !isIpv4(s.substring(lastColon + 1))) {
            return false;
        }
        // the hex part, without the IPv4 tail but with the colon before it kept where it ends "::"
        String hex = v4 ? s.substring(0, lastColon + 1) : s;
        int maxGroups = v4 ? 6 : 8;
        int compressed = hex.indexOf("::");
        if (compressed < 0) {
            if (v4) {
                if (!hex.endsWith(":")) {
                    return false;
                }
                hex = hex.substring(0, hex.length() - 1);
            }
            return groups(hex) == maxGroups;
        }
        if (hex.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String left = hex.substring(0, compressed);
        String right = hex.substring(compressed + 2);
        if (v4 && !right.isEmpty()) {
            if (!right.endsWith(":")) {
                return false;
            }
            right = right.substring(0, right.length() - 1);
        }
        int l = groups(left);
        int r = groups(right);
        // "::" stands for at least two groups of zeros
        return l >= 0 && r >= 0 && l + r <= maxGroups - 2;
    }

    /** @return the number of ':'-separated groups of 1 to 4 hex digits, 0 for "", -1 if malformed */
    private static int groups(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        for (String part : parts) {
            if (!HEX.matcher(part).matches()) {
                return -1;
            }
        }
        return parts.length;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
