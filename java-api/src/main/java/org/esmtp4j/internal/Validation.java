package org.esmtp4j.internal;

import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.spi.XText;

/**
 * The facade's argument checks, shared by both engines: every argument that reaches the wire is
 * checked here before anything is sent (RFC 5321 §4.1.2, §4.5.3.1; RFC 3461; RFC 5322 §2.2).
 * Each check throws {@link InvalidArgumentException} naming the argument and the problem.
 */
public final class Validation {

    private Validation() {
    }

    /**
     * Refuses CR, LF, NUL, every other C0 control and DEL.
     *
     * @param argument what the value is, for the error message
     * @param value the value
     * @param allowTab whether HTAB is allowed (header values)
     */
    public static void checkNoControls(String argument, String value, boolean allowTab) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f) {
                throw new InvalidArgumentException(argument, describeControl(c) + " at index " + i);
            }
        }
    }

    static String describeControl(char c) {
        switch (c) {
            case '\r': return "carriage return (CR)";
            case '\n': return "line feed (LF)";
            case 0: return "NUL";
            case '\t': return "tab";
            case 0x7f: return "DEL";
            default: return String.format("control character U+%04X", (int) c);
        }
    }

    /**
     * A header field name (RFC 5322 §2.2): one or more printable US-ASCII characters other than
     * colon.
     *
     * @param name the name
     */
    public static void checkHeaderName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("header name", "must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new InvalidArgumentException("header name \"" + printable(name) + "\"",
                        c == ':' ? "contains a colon" : c < 33 || c == 127 ? describeControl(c) + " or space not allowed"
                                : "non-ASCII character at index " + i);
            }
        }
    }

    /**
     * A header value given through the API: any text without CR, LF, NUL or other controls
     * (HTAB allowed).
     *
     * @param name the header name, for the error message
     * @param value the value
     */
    public static void checkHeaderValue(String name, String value) {
        checkNoControls("value of header " + name, value, true);
    }

    /** The hint given when an address is non-ASCII but SMTPUTF8 was not requested (RFC 6531). */
    static final String SMTPUTF8_HINT = "non-ASCII address requires SMTPUTF8; call Message.requestSmtpUtf8(true)";

    /** RFC 3461 §4.4: the xtext-encoded ENVID is at most 100 characters. */
    public static final int MAX_ENVID_XTEXT = 100;
    /** RFC 3461 §4.2: the ORCPT value ({@code addr-type ";" xtext}) is at most 500 characters. */
    public static final int MAX_ORCPT = 500;
    /** RFC 5321 §4.5.3.1.2: a domain is at most 255 octets. */
    public static final int MAX_DOMAIN = MailboxSyntax.MAX_DOMAIN_OCTETS;

    /**
     * A reverse path or forward path without its angle brackets (RFC 5321 §4.1.2 {@code Mailbox},
     * RFC 6531 §3.3 under SMTPUTF8) and its §4.5.3.1 limits: local part 64, domain 255, path
     * (with {@code <>}) 256 octets of UTF-8. Controls (C0, DEL, C1, U+2028, U+2029), unpaired
     * surrogates and angle brackets are refused everywhere, also inside a quoted local part, so
     * that no argument can end or extend the command line it is put in (hostile-cases §1.4).
     *
     * @param argument what the value is, for example {@code "recipient mailbox"}
     * @param mailbox the mailbox
     * @param allowEmpty whether {@code ""} is allowed: the null reverse path {@code MAIL FROM:<>}
     * @param smtputf8 whether non-ASCII local parts and domains are allowed
     * @throws org.esmtp4j.InvalidArgumentException naming the argument, its value and the problem
     */
    public static void checkMailbox(String argument, String mailbox, boolean allowEmpty, boolean smtputf8) {
        checkPath(argument, mailbox, allowEmpty, false, smtputf8);
    }

    /**
     * A forward path: {@link #checkMailbox} without the empty path, plus the bare
     * {@code Postmaster} (any case) without a domain that RFC 5321 §4.1.1.3 requires servers to
     * accept.
     *
     * @param argument what the value is, for example {@code "recipient mailbox"}
     * @param mailbox the mailbox
     * @param smtputf8 whether non-ASCII local parts and domains are allowed
     */
    public static void checkRecipient(String argument, String mailbox, boolean smtputf8) {
        checkPath(argument, mailbox, false, true, smtputf8);
    }

    private static void checkPath(String argument, String mailbox, boolean allowEmpty, boolean allowPostmaster,
            boolean smtputf8) {
        if (mailbox == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (mailbox.isEmpty()) {
            if (allowEmpty) {
                return;
            }
            throw new InvalidArgumentException(argument, "must not be empty");
        }
        String named = named(argument, mailbox);
        checkText(named, mailbox, smtputf8, SMTPUTF8_HINT);
        for (int i = 0; i < mailbox.length(); i++) {
            char c = mailbox.charAt(i);
            if (c == '<' || c == '>') {
                throw new InvalidArgumentException(named, "'" + c + "' at index " + i
                        + " is not allowed: angle brackets delimit the path");
            }
        }
        if (allowPostmaster && mailbox.equalsIgnoreCase("postmaster")) {
            return;
        }
        String problem = MailboxSyntax.problem(mailbox, smtputf8);
        if (problem != null) {
            throw new InvalidArgumentException(named, problem);
        }
    }

    /**
     * The EHLO/HELO argument: a domain or an address literal (RFC 5321 §4.1.1.1), ASCII only
     * (it is sent before SMTPUTF8 can be known), at most 255 octets.
     *
     * @param name the client's name
     */
    public static void checkEhloName(String name) {
        String named = checkPresent("EHLO name", name);
        checkText(named, name, false,
                "the EHLO name must be ASCII; give an internationalized name in its A-label (xn--) form");
        checkDomainLength(named, name);
        String problem = DomainSyntax.domainOrLiteralProblem(name, 0, name.length(), false);
        if (problem != null) {
            throw new InvalidArgumentException(named, problem);
        }
    }

    /**
     * The argument of an ETRN node (RFC 1985 §5): a domain, or {@code '#'} and a queue name of
     * printable ASCII. A leading {@code '@'} is refused: that is {@code EtrnNode.Option.SUBDOMAINS}.
     *
     * @param domain the node's domain
     */
    public static void checkEtrnDomain(String domain) {
        String named = checkPresent("ETRN domain", domain);
        checkText(named, domain, false, "ETRN takes an ASCII domain; give an internationalized name in its "
                + "A-label (xn--) form");
        checkDomainLength(named, domain);
        if (domain.charAt(0) == '@') {
            throw new InvalidArgumentException(named,
                    "leading '@': ask for subdomains with EtrnNode.Option.SUBDOMAINS instead");
        }
        if (domain.charAt(0) == '#') {
            checkGraphicAscii(named, domain, 1, "an ETRN queue name must be printable ASCII without spaces");
            if (domain.length() == 1) {
                throw new InvalidArgumentException(named, "empty queue name after '#'");
            }
            return;
        }
        String problem = DomainSyntax.domainProblem(domain, 0, domain.length(), false);
        if (problem != null) {
            throw new InvalidArgumentException(named, problem);
        }
    }

    /**
     * The DSN envelope identifier (RFC 3461 §4.4): printable US-ASCII {@code 0x21..0x7E}, at most
     * {@value #MAX_ENVID_XTEXT} characters once xtext-encoded. libESMTP 1.1.0 overflowed a stack
     * buffer at 256 characters and sent {@code ENVID=(null)} beyond that (hostile-cases E12).
     *
     * @param envid the identifier
     */
    public static void checkEnvid(String envid) {
        String named = checkPresent("ENVID", envid);
        checkNoControls(named, envid, false);
        checkGraphicAscii(named, envid, 0, "ENVID must be printable US-ASCII without spaces (RFC 3461 §4.4)");
        int encoded = XText.encodedLength(envid);
        if (encoded > MAX_ENVID_XTEXT) {
            throw new InvalidArgumentException(named, "xtext-encoded length is " + encoded
                    + " characters; the limit is " + MAX_ENVID_XTEXT + " (RFC 3461 §4.4)");
        }
    }

    /**
     * The DSN original recipient (RFC 3461 §4.2): {@code addrType} an atom such as
     * {@code rfc822} or {@code utf-8}; {@code address} any text without controls (non-ASCII is
     * sent as xtext-encoded UTF-8); {@code addrType ";" xtext(address)} at most
     * {@value #MAX_ORCPT} characters.
     *
     * @param addrType the address type
     * @param address the original recipient address
     */
    public static void checkOrcpt(String addrType, String address) {
        String namedType = checkPresent("ORCPT address type", addrType);
        for (int i = 0; i < addrType.length(); i++) {
            char c = addrType.charAt(i);
            if (!DomainSyntax.isAsciiLetterOrDigit(c) && c != '-') {
                String what = c < 0x20 || c == 0x7f ? describeControl(c) : "character '" + c + "'";
                throw new InvalidArgumentException(namedType, what + " at index " + i
                        + ": the address type is an atom of letters, digits and '-' (RFC 3461 §4.2)");
            }
        }
        String namedAddress = checkPresent("ORCPT address", address);
        checkText(namedAddress, address, true, null);
        int length = addrType.length() + 1 + XText.encodedLength(address);
        if (length > MAX_ORCPT) {
            throw new InvalidArgumentException(namedAddress, "ORCPT value (type, ';', xtext address) is " + length
                    + " characters; the limit is " + MAX_ORCPT + " (RFC 3461 §4.2)");
        }
    }

    private static String checkPresent(String argument, String value) {
        if (value == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidArgumentException(argument, "must not be empty");
        }
        return named(argument, value);
    }

    private static String named(String argument, String value) {
        return argument + " \"" + printable(value) + "\"";
    }

    private static void checkDomainLength(String named, String value) {
        int octets = Utf8.length(value);
        if (octets > MAX_DOMAIN) {
            throw new InvalidArgumentException(named, "is " + octets + " octets; the limit is " + MAX_DOMAIN
                    + " (RFC 5321 §4.5.3.1.2)");
        }
    }

    /** Everything from {@code from} on must be {@code '!'..'~'}. Controls are refused before. */
    private static void checkGraphicAscii(String named, String value, int from, String rule) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                String what = c == ' ' ? "space" : String.format("character U+%04X", (int) value.codePointAt(i));
                throw new InvalidArgumentException(named, what + " at index " + i + ": " + rule);
            }
        }
    }

    /**
     * Refuses what must never reach a command line: C0 controls and DEL
     * ({@link #checkNoControls}), C1 controls U+0080..U+009F, U+2028, U+2029 and unpaired
     * surrogates, and non-ASCII unless allowed. A Java char is never narrowed to a byte
     * (CVE-2025-7962: U+760A and U+760D became LF and CR that way).
     *
     * @param nonAsciiHint why non-ASCII is refused; ignored when it is allowed
     */
    private static void checkText(String named, String value, boolean allowNonAscii, String nonAsciiHint) {
        checkNoControls(named, value, false);
        for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
            int cp = value.codePointAt(i);
            String problem;
            if (cp < 0x80) {
                continue;
            } else if (cp <= 0x9f) {
                problem = String.format("C1 control character U+%04X at index %d", cp, i);
            } else if (cp == 0x2028 || cp == 0x2029) {
                problem = String.format("%s separator U+%04X at index %d", cp == 0x2028 ? "line" : "paragraph",
                        cp, i);
            } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                // codePointAt returns a surrogate only when it is unpaired
                problem = String.format("unpaired surrogate U+%04X at index %d", cp, i);
            } else if (!allowNonAscii) {
                problem = String.format("non-ASCII character U+%04X at index %d: %s", cp, i, nonAsciiHint);
            } else {
                continue;
            }
            throw new InvalidArgumentException(named, problem);
        }
    }

    /**
     * Renders a value for an error message with controls made visible.
     *
     * @param value any string
     * @return the string with controls escaped, cut at 80 characters
     */
    public static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < 80; i++) {
            char c = value.charAt(i);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() >= 80 ? b + "..." : b.toString();
    }
}
