package org.esmtp4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.spi.XText;

/**
 * Jazzer target for the argument checks that guard every value put on a command line
 * (hostile-cases §1.4, §2 "the address validator"): {@link Validation} and {@link XText}.
 *
 * <p>Input: UTF-8 text in which {@code 0xFF hi lo} stands for the UTF-16 unit {@code hi lo}, so
 * unpaired surrogates, C1 controls, U+2028 and the CVE-2025-7962 characters (U+760A, U+760D) are
 * as reachable as ASCII. Each input goes through every check, with and without SMTPUTF8; for
 * {@code checkOrcpt} the text up to the first {@code ';'} is the address type (or
 * {@code rfc822} when there is none).
 *
 * <p>Oracles: a check accepts or throws {@link InvalidArgumentException}, nothing else; an
 * accepted value has no C0 control or DEL (HTAB only in a header value), keeps the RFC 5321
 * §4.5.3.1 and RFC 3461 limits, is ASCII where SMTPUTF8 is off, has no angle brackets in a path
 * and no space in an unquoted one; its xtext is printable ASCII with {@code '+'} only in
 * {@code +XX} escapes and no {@code '='}, has the predicted length and decodes to the value's
 * UTF-8 bytes. {@link XText#encode} itself throws only for unpaired surrogates. For ASCII input,
 * paths and EHLO names are accepted exactly when {@link MailboxReference}, written from the
 * RFC 5321 ABNF, accepts them.
 */
class ValidationFuzzTest {

    private static final int MAX_INPUT = 4096;

    @FuzzTest(maxDuration = "5m")
    void acceptedArgumentsAreSafeOnTheWire(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        String value = decode(input);

        checkXText(value);
        boolean ascii = value.chars().allMatch(c -> c < 0x80);
        for (boolean smtputf8 : new boolean[] {false, true}) {
            for (boolean allowEmpty : new boolean[] {false, true}) {
                boolean accepted = accepts(() -> Validation.checkMailbox("mailbox", value, allowEmpty, smtputf8));
                if (accepted) {
                    checkPath(value, smtputf8, allowEmpty);
                }
                if (ascii) {
                    // for ASCII, SMTPUTF8 changes nothing and the grammar decides
                    assertEquals(MailboxReference.isMailbox(value) || (allowEmpty && value.isEmpty()), accepted,
                            "RFC 5321 Mailbox grammar disagrees");
                }
            }
            boolean accepted = accepts(() -> Validation.checkRecipient("recipient", value, smtputf8));
            if (accepted && !value.equalsIgnoreCase("postmaster")) {
                checkPath(value, smtputf8, false);
            }
            if (ascii) {
                assertEquals(MailboxReference.isMailbox(value) || value.equalsIgnoreCase("postmaster"), accepted,
                        "RFC 5321 Forward-path grammar disagrees");
            }
        }
        boolean ehloAccepted = accepts(() -> Validation.checkEhloName(value));
        if (ehloAccepted) {
            checkDomainArgument(value);
            assertFalse(value.contains(" "), "space in the EHLO name");
        }
        assertEquals(MailboxReference.isDomainOrLiteral(value), ehloAccepted, "RFC 5321 EHLO grammar disagrees");
        if (accepts(() -> Validation.checkEtrnDomain(value))) {
            checkDomainArgument(value);
        }
        if (accepts(() -> Validation.checkEnvid(value))) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) < '!' || value.charAt(i) > '~') {
                    fail("ENVID character " + i);
                }
            }
            assertTrue(acceptedXText(value).length() <= Validation.MAX_ENVID_XTEXT, "ENVID xtext too long");
        }
        int semicolon = value.indexOf(';');
        String addrType = semicolon < 0 ? "rfc822" : value.substring(0, semicolon);
        String address = semicolon < 0 ? value : value.substring(semicolon + 1);
        if (accepts(() -> Validation.checkOrcpt(addrType, address))) {
            checkNoControls(addrType, false);
            checkNoControls(address, false);
            if (addrType.isEmpty() || !addrType.chars().allMatch(c -> c < 0x80 && (c == '-'
                    || Character.isLetterOrDigit(c)))) {
                fail("ORCPT address type " + addrType);
            }
            assertTrue(addrType.length() + 1 + acceptedXText(address).length() <= Validation.MAX_ORCPT,
                    "ORCPT too long");
        }
        if (accepts(() -> Validation.checkHeaderName(value))) {
            assertTrue(!value.isEmpty() && value.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':'),
                    "header name");
        }
        if (accepts(() -> Validation.checkHeaderValue("X-Fuzz", value))) {
            checkNoControls(value, true);
        }
    }

    /** UTF-8, with {@code 0xFF hi lo} for one raw UTF-16 unit. */
    static String decode(byte[] input) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i++) {
            if (input[i] == (byte) 0xFF && i + 2 < input.length) {
                text.append(utf8.toString(StandardCharsets.UTF_8));
                utf8.reset();
                text.append((char) (((input[i + 1] & 0xff) << 8) | (input[i + 2] & 0xff)));
                i += 2;
            } else {
                utf8.write(input[i]);
            }
        }
        return text.append(utf8.toString(StandardCharsets.UTF_8)).toString();
    }

    private static boolean accepts(Runnable check) {
        try {
            check.run();
            return true;
        } catch (InvalidArgumentException refused) {
            return false;
        }
    }

    private static void checkNoControls(String value, boolean allowTab) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f) {
                fail(String.format("accepted U+%04X at index %d", (int) c, i));
            }
        }
    }

    /** What no command-line argument may contain besides C0 and DEL: C1, U+2028/9, lone surrogates. */
    private static void checkCommandText(String value, boolean allowNonAscii) {
        checkNoControls(value, false);
        assertTrue(Utf8.firstUnpairedSurrogate(value) < 0, "unpaired surrogate accepted");
        value.codePoints().forEach(cp -> {
            assertFalse(cp >= 0x80 && cp <= 0x9f, "C1 control accepted");
            assertFalse(cp == 0x2028 || cp == 0x2029, "line or paragraph separator accepted");
            if (!allowNonAscii && cp >= 0x80) {
                fail(String.format("non-ASCII U+%04X accepted", cp));
            }
        });
    }

    private static void checkPath(String mailbox, boolean smtputf8, boolean allowEmpty) {
        if (mailbox.isEmpty()) {
            assertTrue(allowEmpty, "empty path accepted");
            return;
        }
        checkCommandText(mailbox, smtputf8);
        assertFalse(mailbox.contains("<") || mailbox.contains(">"), "angle bracket in a path");
        assertTrue(!mailbox.contains(" ") || mailbox.charAt(0) == '"', "space outside a quoted local part");
        // the domain (name or IP literal) has no '@', so the last one separates it
        int at = mailbox.lastIndexOf('@');
        assertTrue(at > 0, "no local part and '@'");
        int local = utf8Length(mailbox.substring(0, at));
        int domain = utf8Length(mailbox.substring(at + 1));
        if (local > 64) {
            fail("local part of " + local + " octets (RFC 5321 §4.5.3.1.1)");
        }
        if (domain < 1 || domain > 255) {
            fail("domain of " + domain + " octets (RFC 5321 §4.5.3.1.2)");
        }
        assertTrue(local + 1 + domain + 2 <= 256, "path over 256 octets (RFC 5321 §4.5.3.1.3)");
        acceptedXText(mailbox);
    }

    private static void checkDomainArgument(String value) {
        checkCommandText(value, false);
        if (value.isEmpty() || utf8Length(value) > 255) {
            fail("domain of " + utf8Length(value) + " octets");
        }
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** @return the checked xtext of a value a check accepted, which must have one */
    private static String acceptedXText(String value) {
        String xtext = checkXText(value);
        assertTrue(xtext != null, "accepted a value that has no UTF-8 form");
        return xtext;
    }

    /**
     * @return the xtext of {@code value}, checked, or null when it has an unpaired surrogate
     *     (which must then be the reason it was refused)
     */
    private static String checkXText(String value) {
        String xtext;
        try {
            xtext = XText.encode(value);
        } catch (InvalidArgumentException refused) {
            if (Utf8.firstUnpairedSurrogate(value) < 0) {
                fail("xtext refused " + refused.getMessage());
            }
            return null;
        }
        assertTrue(Utf8.firstUnpairedSurrogate(value) < 0, "xtext encoded an unpaired surrogate");
        assertEquals(XText.encodedLength(value), xtext.length(), "encodedLength");
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c < '!' || c > '~' || c == '=') {
                fail(String.format("xtext has U+%04X", (int) c));
            }
            if (c == '+') {
                if (i + 2 >= xtext.length() || !isUpperHex(xtext.charAt(i + 1)) || !isUpperHex(xtext.charAt(i + 2))) {
                    fail("'+' not starting a +XX escape at " + i);
                }
                decoded.write(Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                decoded.write(c);
            }
        }
        assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), decoded.toByteArray(), "xtext decodes back");
        return xtext;
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
