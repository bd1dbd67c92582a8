package org.esmtp4j.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.esmtp4j.InvalidArgumentException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile-cases E1-E7 and E12: arguments refused at the API before anything is sent. */
class ValidationTest {

    private static final String HINT = "non-ASCII address requires SMTPUTF8; call Message.requestSmtpUtf8(true)";

    private static InvalidArgumentException refused(Executable check) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, check);
        assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n"),
                "the error message itself must not carry raw CR or LF: " + e.getMessage());
        return e;
    }

    private static InvalidArgumentException recipientRefused(String mailbox) {
        return refused(() -> Validation.checkRecipient("recipient mailbox", mailbox, false));
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Nested
    class Injection {

        @Test
        void crLfInRecipientIsRefusedNamingArgumentValueAndFirstControl() {
            InvalidArgumentException e = recipientRefused("a@b>\r\nRCPT TO:<x");
            assertEquals("recipient mailbox \"a@b>\\r\\nRCPT TO:<x\"", e.argument());
            assertEquals("carriage return (CR) at index 4", e.problem());
        }

        @Test
        void lfOnlyAndCrOnlyVariantsAreRefused() {
            assertEquals("line feed (LF) at index 4", recipientRefused("v@x>\nRCPT TO:<evil@y").problem());
            assertEquals("carriage return (CR) at index 4", recipientRefused("v@x>\rRCPT TO:<evil@y").problem());
        }

        @Test
        void injectionThroughTheReversePathIsRefused() {
            InvalidArgumentException e = refused(
                    () -> Validation.checkMailbox("reverse path", "a@b>\r\nRCPT TO:<evil@y", true, true));
            assertTrue(e.argument().startsWith("reverse path "), e.argument());
        }

        @Test
        void crLfInsideAQuotedLocalPartIsRefused() {
            // MimeKit CVE-2026-30227: CR/LF hidden inside a quoted local part.
            assertEquals("carriage return (CR) at index 2", recipientRefused("\"a\r\nRCPT TO:<e@y>\"@x.org").problem());
            assertEquals("line feed (LF) at index 3", recipientRefused("\"a\\\nb\"@x.org").problem());
        }

        @Test
        void nulIsRefused() {
            assertEquals("NUL at index 1", recipientRefused("a\0b@example.org").problem());
            refused(() -> Validation.checkEnvid("id\0x"));
            refused(() -> Validation.checkEhloName("host\0.example"));
        }

        @Test
        void otherControlsAndDelAreRefused() {
            assertEquals("tab at index 1", recipientRefused("a\tb@example.org").problem());
            assertEquals("DEL at index 1", recipientRefused("a\u007fb@example.org").problem());
            assertEquals("control character U+001B at index 1", recipientRefused("a\u001bb@example.org").problem());
        }

        @Test
        void unicodeLineBreaksAndC1ControlsAreRefusedEvenUnderSmtpUtf8() {
            for (String bad : new String[] {"a\u2028b@example.org", "a\u2029b@example.org", "a\u0085b@example.org",
                "a\u009bb@example.org"}) {
                InvalidArgumentException e = refused(() -> Validation.checkRecipient("recipient", bad, true));
                assertTrue(e.problem().endsWith("at index 1"), e.problem());
            }
            assertEquals("line separator U+2028 at index 1",
                    refused(() -> Validation.checkRecipient("r", "a\u2028b@example.org", true)).problem());
            assertEquals("C1 control character U+0085 at index 1",
                    refused(() -> Validation.checkRecipient("r", "a\u0085b@example.org", true)).problem());
        }

        @Test
        void unpairedSurrogateIsRefused() {
            assertEquals("unpaired surrogate U+D800 at index 1",
                    refused(() -> Validation.checkRecipient("r", "a\ud800b@example.org", true)).problem());
            assertEquals("unpaired surrogate U+DC00 at index 1",
                    refused(() -> Validation.checkRecipient("r", "a\udc00@example.org", true)).problem());
        }

        @Test
        void angleBracketsAreRefusedEvenQuoted() {
            assertTrue(recipientRefused("<a@example.org>").problem().startsWith("'<' at index 0"));
            assertTrue(recipientRefused("\"a>b\"@example.org").problem().startsWith("'>' at index 2"));
        }

        @Test
        void crLfInEveryOtherArgumentIsRefused() {
            refused(() -> Validation.checkEnvid("id\r\nRSET"));
            refused(() -> Validation.checkOrcpt("rfc822", "a@b\r\nRSET"));
            refused(() -> Validation.checkOrcpt("rfc822\r\n", "a@b"));
            refused(() -> Validation.checkEhloName("client.example\r\nMAIL FROM:<x@y>"));
            refused(() -> Validation.checkEtrnDomain("example.org\r\nRSET"));
            refused(() -> Validation.checkEtrnDomain("#queue\nRSET"));
        }
    }

    @Nested
    class NonAscii {

        @ParameterizedTest
        @ValueSource(strings = {"\u010d", "\u760a", "\u760d"})
        void refusedWithoutSmtpUtf8WithTheHint(String ch) {
            InvalidArgumentException e = recipientRefused("a" + ch + "@example.org");
            assertEquals(String.format("non-ASCII character U+%04X at index 1: %s", (int) ch.charAt(0), HINT),
                    e.problem());
            InvalidArgumentException d = recipientRefused("user@ex" + ch + ".org");
            assertTrue(d.problem().endsWith(HINT), d.problem());
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u010d", "\u760a", "\u760d"})
        void acceptedUnderSmtpUtf8AndNeverNarrowedToCrOrLf(String ch) {
            String mailbox = "a" + ch + "@ex" + ch + ".org";
            assertDoesNotThrow(() -> Validation.checkRecipient("recipient", mailbox, true));
            // CVE-2025-7962: U+760A/U+760D narrowed with (byte) ch become LF/CR. In UTF-8 every
            // byte of a non-ASCII character is >= 0x80.
            for (byte b : mailbox.getBytes(StandardCharsets.UTF_8)) {
                assertTrue(b != '\r' && b != '\n');
            }
        }

        @Test
        void supplementaryCharactersAreOneCharacterInIndicesAndFourOctetsInLengths() {
            String emoji = "\ud83d\ude00";
            assertDoesNotThrow(() -> Validation.checkRecipient("r", emoji + "@example.org", true));
            assertEquals("non-ASCII character U+1F600 at index 0: " + HINT, recipientRefused(emoji + "@example.org").problem());
            assertDoesNotThrow(() -> Validation.checkRecipient("r", emoji.repeat(16) + "@example.org", true));
            assertEquals("local part is 68 octets; the limit is 64 (RFC 5321 §4.5.3.1.1)",
                    refused(() -> Validation.checkRecipient("r", emoji.repeat(17) + "@example.org", true)).problem());
        }

        @Test
        void nonLetterInAUnicodeDomainIsRefused() {
            InvalidArgumentException e = refused(() -> Validation.checkRecipient("r", "a@ex\u2603.org", true));
            assertEquals("character U+2603 at index 4 is not a letter or digit", e.problem());
        }
    }

    @Nested
    class Lengths {

        private final String domain = "example.org";

        @Test
        void localPartOf64OctetsIsAcceptedAnd65Refused() {
            assertDoesNotThrow(() -> Validation.checkRecipient("r", repeat('a', 64) + "@" + domain, false));
            assertEquals("local part is 65 octets; the limit is 64 (RFC 5321 §4.5.3.1.1)",
                    recipientRefused(repeat('a', 65) + "@" + domain).problem());
        }

        @Test
        void localPartIsMeasuredInUtf8Octets() {
            // 32 x U+010D = 64 octets; 33 = 66 octets although only 33 chars.
            assertDoesNotThrow(() -> Validation.checkRecipient("r", repeat('\u010d', 32) + "@" + domain, true));
            assertEquals("local part is 66 octets; the limit is 64 (RFC 5321 §4.5.3.1.1)",
                    refused(() -> Validation.checkRecipient("r", repeat('\u010d', 33) + "@" + domain, true)).problem());
        }

        @Test
        void quotesCountInTheLocalPart() {
            assertDoesNotThrow(() -> Validation.checkRecipient("r", "\"" + repeat('a', 62) + "\"@x.org", false));
            assertTrue(recipientRefused("\"" + repeat('a', 63) + "\"@x.org").problem().startsWith("local part is 65"));
        }

        /** A valid domain of exactly {@code octets}: labels of 62 and a dot, then 1 to 63 more. */
        private String domainOf(int octets) {
            StringBuilder b = new StringBuilder();
            while (octets - b.length() > 63) {
                b.append(repeat('d', 62)).append('.');
            }
            b.append(repeat('d', octets - b.length()));
            assertEquals(octets, b.length());
            return b.toString();
        }

        @Test
        void pathOf256OctetsIsAcceptedAnd257Refused() {
            // path = local + "@" + domain + "<>"; 64 + 1 + 189 + 2 = 256
            String ok = repeat('a', 64) + "@" + domainOf(189);
            assertEquals(254, ok.length());
            assertDoesNotThrow(() -> Validation.checkRecipient("r", ok, false));
            assertDoesNotThrow(() -> Validation.checkMailbox("reverse path", ok, true, false));
            String tooLong = repeat('a', 64) + "@" + domainOf(190);
            assertEquals("path is 257 octets including the angle brackets; the limit is 256 (RFC 5321 §4.5.3.1.3)",
                    recipientRefused(tooLong).problem());
        }

        @Test
        void domainOver255OctetsIsRefused() {
            assertEquals("domain is 256 octets; the limit is 255 (RFC 5321 §4.5.3.1.2)",
                    recipientRefused("a@" + domainOf(256)).problem());
        }

        @Test
        void aSixHundredOctetRcptArgumentIsRefused() {
            InvalidArgumentException e = recipientRefused(repeat('a', 64) + "@" + domainOf(535));
            assertTrue(e.problem().startsWith("domain is 535 octets"), e.problem());
            assertTrue(e.getMessage().length() < 300, "the value is cut in the message");
        }

        @Test
        void labelOf63IsAcceptedAnd64Refused() {
            assertDoesNotThrow(() -> Validation.checkRecipient("r", "a@" + repeat('l', 63) + ".org", false));
            assertEquals("domain label at index 2 is 64 octets; the limit is 63 (RFC 1035 §2.3.4)",
                    recipientRefused("a@" + repeat('l', 64) + ".org").problem());
        }
    }

    @Nested
    class MailboxGrammar {

        @ParameterizedTest
        @ValueSource(strings = {
            "user@example.org",
            "first.last+tag@sub.example.co.uk",
            "!#$%&'*+-/=?^_`{|}~@example.org",
            "a@b",
            "USER@EXAMPLE.ORG",
            "x@123.example",
            "a@xn--bcher-kva.example",
            "\"john doe\"@example.org",
            "\"a\\\"b\\\\c\"@example.org",
            "\"a@b\"@example.org",
            "\"\"@example.org",
            "user@[192.0.2.1]",
            "user@[255.255.255.255]",
            "user@[IPv6:2001:db8::1]",
            "user@[ipv6:2001:db8:0:0:0:0:0:1]",
            "user@[IPv6:::1]",
            "user@[IPv6:::ffff:192.0.2.1]",
            "user@[IPv6:1:2:3:4:5:6:192.0.2.1]",
        })
        void validMailboxesAreAccepted(String mailbox) {
            assertDoesNotThrow(() -> Validation.checkRecipient("recipient mailbox", mailbox, false));
            assertDoesNotThrow(() -> Validation.checkMailbox("reverse path", mailbox, false, false));
        }

        @Test
        void invalidMailboxesAreRefusedWithTheExactProblem() {
            assertEquals("missing '@' and domain", recipientRefused("user").problem());
            assertEquals("empty local part", recipientRefused("@example.org").problem());
            assertEquals("empty domain", recipientRefused("user@").problem());
            assertEquals("unquoted space at index 2 (only a quoted local part may contain spaces)",
                    recipientRefused("us er@example.org").problem());
            assertEquals("local part starts with '.'", recipientRefused(".user@example.org").problem());
            assertEquals("local part ends with '.' at index 4", recipientRefused("user.@example.org").problem());
            assertEquals("two consecutive dots at index 1 in the local part", recipientRefused("a..b@example.org").problem());
            assertEquals("character '\"' at index 1 is not allowed in an unquoted local part (RFC 5321 §4.1.2)",
                    recipientRefused("a\"b@example.org").problem());
            assertEquals("character '@' at index 3 is not allowed in a domain (letters, digits and '-' only)",
                    recipientRefused("a@b@c").problem());
            assertEquals("domain label at index 2 starts with '-'", recipientRefused("a@-x.org").problem());
            assertEquals("domain label at index 2 ends with '-'", recipientRefused("a@x-.org").problem());
            assertEquals("empty domain label at index 4", recipientRefused("a@x..org").problem());
            assertEquals("empty domain label at index 8", recipientRefused("a@x.org.").problem());
            assertEquals("character '_' at index 4 is not allowed in a domain (letters, digits and '-' only)",
                    recipientRefused("a@ex_ample.org").problem());
            assertEquals("unterminated quoted local part (no closing '\"')", recipientRefused("\"abc@example.org").problem());
            assertEquals("unterminated quoted local part (no closing '\"')", recipientRefused("\"abc\\\"@x").problem());
            assertEquals("expected '@' after the quoted local part at index 5", recipientRefused("\"abc\"x@y.org").problem());
            assertEquals("missing '@' and domain", recipientRefused("\"abc\"").problem());
        }

        @Test
        void quotedPairMustEscapePrintableAscii() {
            InvalidArgumentException e = refused(() -> Validation.checkRecipient("r", "\"a\\\u010d\"@x.org", true));
            assertEquals("quoted-pair at index 2 must escape a printable ASCII character (RFC 5321 §4.1.2)", e.problem());
        }

        @Test
        void quotedUnicodeIsAcceptedUnderSmtpUtf8() {
            assertDoesNotThrow(() -> Validation.checkRecipient("r", "\"j\u00f6rg m\"@example.org", true));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[300.1.1.1]", "[1.2.3]", "[1.2.3.4.5]", "[1.2.3.]", "[1..2.3]", "[1234.1.1.1]",
            "[IPv6:1::2::3]", "[IPv6:1:2:3:4:5:6:7]", "[IPv6:1:2:3:4:5:6:7:8:9]", "[IPv6:12345::1]",
            "[IPv6:1:2:3:4:5:6:7::]", "[IPv6:::ffff:300.1.1.1]", "[IPv6:g::1]", "[IPv6:]", "[]", "[1.2.3.4"})
        void invalidAddressLiteralsAreRefused(String literal) {
            InvalidArgumentException e = recipientRefused("user@" + literal);
            assertTrue(e.problem().contains("address literal"), e.problem());
        }

        @Test
        void generalAddressLiteralTagsAreRefused() {
            assertEquals("unsupported address literal tag \"X-foo\" at index 6 (only IPv4 and IPv6: literals are defined)",
                    recipientRefused("user@[X-foo:bar]").problem());
        }

        @Test
        void nullAndEmpty() {
            assertEquals("must not be null", recipientRefused(null).problem());
            assertEquals("must not be empty", recipientRefused("").problem());
            assertDoesNotThrow(() -> Validation.checkMailbox("reverse path", "", true, false));
            assertEquals("must not be empty",
                    refused(() -> Validation.checkMailbox("reverse path", "", false, false)).problem());
            refused(() -> Validation.checkMailbox("reverse path", null, true, false));
        }

        @Test
        void barePostmasterIsARecipientOnly() {
            assertDoesNotThrow(() -> Validation.checkRecipient("r", "postmaster", false));
            assertDoesNotThrow(() -> Validation.checkRecipient("r", "PostMaster", false));
            assertEquals("missing '@' and domain",
                    refused(() -> Validation.checkMailbox("reverse path", "postmaster", true, false)).problem());
            assertEquals("missing '@' and domain", recipientRefused("postmasters").problem());
        }
    }

    @Nested
    class EhloName {

        @ParameterizedTest
        @ValueSource(strings = {"client.example.org", "localhost", "[127.0.0.1]", "[IPv6:::1]", "xn--bcher-kva.example"})
        void valid(String name) {
            assertDoesNotThrow(() -> Validation.checkEhloName(name));
        }

        @Test
        void invalid() {
            assertEquals("must not be null", refused(() -> Validation.checkEhloName(null)).problem());
            assertEquals("must not be empty", refused(() -> Validation.checkEhloName("")).problem());
            assertTrue(refused(() -> Validation.checkEhloName("bad name")).problem().startsWith("character ' '"));
            assertTrue(refused(() -> Validation.checkEhloName("b\u00fccher.example")).problem()
                    .startsWith("non-ASCII character U+00FC at index 1: the EHLO name must be ASCII"));
            assertTrue(refused(() -> Validation.checkEhloName("[1.2.3.256]")).problem().contains("IPv4"));
            String longName = (repeat('a', 63) + ".").repeat(4);
            assertEquals("is 256 octets; the limit is 255 (RFC 5321 §4.5.3.1.2)",
                    refused(() -> Validation.checkEhloName(longName)).problem());
        }
    }

    @Nested
    class EtrnDomain {

        @Test
        void domainsAndQueueNamesAreAccepted() {
            assertDoesNotThrow(() -> Validation.checkEtrnDomain("example.org"));
            assertDoesNotThrow(() -> Validation.checkEtrnDomain("#queue-1"));
        }

        @Test
        void invalidOnesAreRefused() {
            assertTrue(refused(() -> Validation.checkEtrnDomain("@example.org")).problem().contains("SUBDOMAINS"));
            assertEquals("empty queue name after '#'", refused(() -> Validation.checkEtrnDomain("#")).problem());
            assertTrue(refused(() -> Validation.checkEtrnDomain("#a b")).problem().startsWith("space at index 2"));
            assertTrue(refused(() -> Validation.checkEtrnDomain("ex ample.org")).problem().startsWith("character ' '"));
            assertTrue(refused(() -> Validation.checkEtrnDomain("[192.0.2.1]")).problem().startsWith("character '['"));
            refused(() -> Validation.checkEtrnDomain(null));
            refused(() -> Validation.checkEtrnDomain(""));
        }
    }

    @Nested
    class Envid {

        @Test
        void hundredCharactersAreAcceptedAndMoreRefused() {
            assertDoesNotThrow(() -> Validation.checkEnvid(repeat('e', 100)));
            assertEquals("xtext-encoded length is 101 characters; the limit is 100 (RFC 3461 §4.4)",
                    refused(() -> Validation.checkEnvid(repeat('e', 101))).problem());
            refused(() -> Validation.checkEnvid(repeat('e', 256)));
            refused(() -> Validation.checkEnvid(repeat('e', 300)));
        }

        @Test
        void theLimitAppliesToTheXtextForm() {
            // '+' and '=' take 3 characters each once encoded (libESMTP overflowed at 254 + '+').
            assertDoesNotThrow(() -> Validation.checkEnvid(repeat('e', 97) + "+"));
            assertEquals("xtext-encoded length is 101 characters; the limit is 100 (RFC 3461 §4.4)",
                    refused(() -> Validation.checkEnvid(repeat('e', 98) + "=")).problem());
            refused(() -> Validation.checkEnvid(repeat('e', 254) + "+"));
        }

        @Test
        void onlyPrintableAsciiWithoutSpaces() {
            assertEquals("space at index 3: ENVID must be printable US-ASCII without spaces (RFC 3461 §4.4)",
                    refused(() -> Validation.checkEnvid("env id+1")).problem());
            assertTrue(refused(() -> Validation.checkEnvid("id\u010d")).problem().startsWith("character U+010D at index 2"));
            assertEquals("must not be empty", refused(() -> Validation.checkEnvid("")).problem());
            assertEquals("must not be null", refused(() -> Validation.checkEnvid(null)).problem());
        }
    }

    @Nested
    class Orcpt {

        @Test
        void validOnesAreAccepted() {
            assertDoesNotThrow(() -> Validation.checkOrcpt("rfc822", "bob@example.org"));
            assertDoesNotThrow(() -> Validation.checkOrcpt("utf-8", "b\u00f6b@\u760a.example"));
            assertDoesNotThrow(() -> Validation.checkOrcpt("rfc822", "odd+=address@example.org"));
        }

        @Test
        void theValueIsLimitedTo500CharactersOfXtext() {
            // "rfc822" + ";" + 493 = 500
            assertDoesNotThrow(() -> Validation.checkOrcpt("rfc822", repeat('a', 493)));
            assertEquals("ORCPT value (type, ';', xtext address) is 501 characters; the limit is 500 (RFC 3461 §4.2)",
                    refused(() -> Validation.checkOrcpt("rfc822", repeat('a', 494))).problem());
            refused(() -> Validation.checkOrcpt("rfc822", repeat('a', 600)));
            // 200 x '+' is 600 characters of xtext
            refused(() -> Validation.checkOrcpt("rfc822", repeat('+', 200)));
        }

        @Test
        void addressTypeMustBeAnAtom() {
            assertEquals("character ';' at index 6: the address type is an atom of letters, digits and '-' (RFC 3461 §4.2)",
                    refused(() -> Validation.checkOrcpt("rfc822;x", "a@b")).problem());
            refused(() -> Validation.checkOrcpt("rfc 822", "a@b"));
            refused(() -> Validation.checkOrcpt("", "a@b"));
            refused(() -> Validation.checkOrcpt(null, "a@b"));
            refused(() -> Validation.checkOrcpt("rfc822", ""));
            refused(() -> Validation.checkOrcpt("rfc822", null));
        }

        @Test
        void controlsAndUnicodeLineBreaksInTheAddressAreRefused() {
            refused(() -> Validation.checkOrcpt("rfc822", "a@b\u2028"));
            refused(() -> Validation.checkOrcpt("rfc822", "a@b\u0085"));
            refused(() -> Validation.checkOrcpt("rfc822", "a\0@b"));
        }
    }

    @Test
    void existingChecksStillWork() {
        refused(() -> Validation.checkHeaderName("Bad:Name"));
        refused(() -> Validation.checkHeaderValue("Subject", "x\r\nBcc: evil@y"));
        assertDoesNotThrow(() -> Validation.checkHeaderValue("Subject", "tab\tok"));
        assertEquals("a\\u2028b", Validation.printable("a\u2028b"));
    }
}
