package org.esmtp4j.pure.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static Capabilities ehlo(String... keywordLines) {
        List<String> lines = new ArrayList<>();
        lines.add("mail.example.org greets you");
        lines.addAll(List.of(keywordLines));
        return Capabilities.parse(new Reply(250, lines));
    }

    private static Reply parseWire(byte[] wire) throws ReplyException {
        ReplyParser parser = new ReplyParser();
        parser.feed(wire);
        return parser.next();
    }

    @Test
    void smtpSinkEhloAsReceivedOnTheWire() throws ReplyException {
        Capabilities caps = Capabilities.parse(parseWire(ReplyParserTest.bytes(ReplyParserTest.SMTP_SINK_EHLO)));
        assertEquals(EnumSet.of(EhloKeyword.PIPELINING, EhloKeyword.EIGHTBITMIME, EhloKeyword.AUTH,
                EhloKeyword.ENHANCEDSTATUSCODES, EhloKeyword.DSN), caps.keywords());
        assertEquals(List.of("PLAIN", "LOGIN"), caps.authMechanisms());
        assertEquals(0, caps.sizeLimit());
    }

    @Test
    void everyKnownKeywordIsRecognisedCaseInsensitively() {
        Capabilities caps = ehlo("enhancedstatuscodes", "Pipelining", "dsn", "auth plain", "StartTLS", "size",
                "chunking", "binarymime", "8bitmime", "deliverby", "etrn", "xusr", "xexch50", "smtputf8");
        assertEquals(EnumSet.allOf(EhloKeyword.class), caps.keywords());
        for (EhloKeyword k : EhloKeyword.values()) {
            assertTrue(caps.has(k), k.name());
            assertEquals(k, EhloKeyword.lookup(k.keyword().toLowerCase(java.util.Locale.ROOT)));
        }
        assertEquals("8BITMIME", EhloKeyword.EIGHTBITMIME.keyword());
    }

    @Test
    void firstLineIsTheGreetingNotAKeyword() {
        Capabilities caps = Capabilities.parse(Reply.of(250, "STARTTLS", "PIPELINING"));
        assertFalse(caps.has(EhloKeyword.STARTTLS));
        assertTrue(caps.has(EhloKeyword.PIPELINING));
    }

    @Test
    void authMechanismsMergeInAdvertisedOrderWithoutDuplicates() {
        // libESMTP [verified]: AUTH=LOGIN before AUTH PLAIN makes LOGIN be tried first
        assertEquals(List.of("LOGIN", "PLAIN"), ehlo("AUTH=LOGIN", "AUTH PLAIN LOGIN").authMechanisms());
        assertEquals(List.of("CRAM-MD5", "PLAIN", "SCRAM-SHA-1"),
                ehlo("auth  cram-md5 plain ", "AUTH=Plain scram-sha-1").authMechanisms());
        assertEquals(List.of(), ehlo("AUTH").authMechanisms());
        assertTrue(ehlo("AUTH").has(EhloKeyword.AUTH));
    }

    @Test
    void sizeLimit() {
        assertEquals(10240000, ehlo("SIZE 10240000").sizeLimit());
        assertTrue(ehlo("SIZE").has(EhloKeyword.SIZE));
        assertEquals(0, ehlo("SIZE").sizeLimit());
        assertEquals(0, ehlo("SIZE 0").sizeLimit());
        assertEquals(0, ehlo("SIZE abc").sizeLimit());
        assertEquals(0, ehlo("SIZE -5").sizeLimit());
        assertEquals(0, ehlo("SIZE 12abc").sizeLimit());
        assertEquals(Long.MAX_VALUE, ehlo("SIZE 99999999999999999999999999").sizeLimit());
        assertEquals(Long.MAX_VALUE, ehlo("SIZE 9223372036854775807").sizeLimit());
        assertEquals(9223372036854775806L, ehlo("SIZE 9223372036854775806").sizeLimit());
        assertEquals(52428800, ehlo("SIZE  52428800 extra").sizeLimit());
        assertEquals(0, Capabilities.none().sizeLimit());
    }

    @Test
    void deliverByMinimum() {
        assertEquals(240, ehlo("DELIVERBY 240").deliverByMinimum());
        assertTrue(ehlo("DELIVERBY").has(EhloKeyword.DELIVERBY));
        assertEquals(0, ehlo("DELIVERBY").deliverByMinimum());
        assertEquals(0, ehlo("DELIVERBY soon").deliverByMinimum());
        assertEquals(0, ehlo("PIPELINING").deliverByMinimum());
    }

    @Test
    void unknownKeywordsAndOddFormsAreIgnored() {
        Capabilities caps = ehlo("XCLIENT NAME HELO", "X-EXPS GSSAPI", "SIZE=1000", "STARTTLS=yes", "", " PIPELINING",
                "VRFY");
        assertEquals(EnumSet.noneOf(EhloKeyword.class), caps.keywords());
    }

    @Test
    void controlAndNonAsciiBytesInKeywordLinesAreIgnoredSafely() throws ReplyException {
        // hostile case B8
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(ReplyParserTest.bytes("250-mx\r\n"));
        wire.writeBytes(new byte[] {'2', '5', '0', '-', (byte) 0xFF, 'S', 'T', 'A', 'R', 'T', 'T', 'L', 'S', '\r', '\n'});
        wire.writeBytes(new byte[] {'2', '5', '0', '-', 'C', 'H', 'U', 'N', 0, 'K', 'I', 'N', 'G', '\r', '\n'});
        wire.writeBytes(new byte[] {'2', '5', '0', '-', '\t', 'S', 'M', 'T', 'P', 'U', 'T', 'F', '8', '\r', '\n'});
        wire.writeBytes(new byte[] {'2', '5', '0', '-', 'E', 'T', 'R', 'N', 0x01, '\r', '\n'});
        wire.writeBytes(new byte[] {'2', '5', '0', '-', 'D', 'S', 'N', (byte) 0xC3, (byte) 0xA9, '\r', '\n'});
        wire.writeBytes(new byte[] {'2', '5', '0', '-', 'A', 'U', 'T', 'H', ' ', 'P', 'L', 'A', 'I', 'N', ' ',
            'L', 0, 'G', 'I', 'N', ' ', (byte) 0x80, ' ', 'X', 'O', 'A', 'U', 'T', 'H', '2', '\r', '\n'});
        wire.writeBytes(ReplyParserTest.bytes("250 PIPELINING\r\n"));
        Capabilities caps = Capabilities.parse(parseWire(wire.toByteArray()));
        assertEquals(EnumSet.of(EhloKeyword.AUTH, EhloKeyword.PIPELINING), caps.keywords());
        assertEquals(List.of("PLAIN", "XOAUTH2"), caps.authMechanisms());
    }

    @Test
    void eightyThousandAuthLinesParseInLinearTime() {
        // hostile case F3: libESMTP spends about 19 s of CPU on this (quadratic duplicate scan)
        List<String> lines = new ArrayList<>();
        lines.add("mx");
        for (int i = 0; i < 80_000; i++) {
            lines.add("AUTH M" + i);
        }
        List<String> repeating = new ArrayList<>();
        repeating.add("mx");
        for (int i = 0; i < 200_000; i++) {
            repeating.add("AUTH M" + (i % 97) + " PLAIN");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            Capabilities caps = Capabilities.parse(new Reply(250, lines));
            assertEquals(80_000, caps.authMechanisms().size());
            assertEquals("M0", caps.authMechanisms().get(0));
            assertEquals("M79999", caps.authMechanisms().get(79_999));

            Capabilities merged = Capabilities.parse(new Reply(250, repeating));
            assertEquals(98, merged.authMechanisms().size());
            assertEquals(List.of("M0", "PLAIN", "M1"), merged.authMechanisms().subList(0, 3));
        });
    }

    @Test
    void noneKnowsNothing() {
        Capabilities none = Capabilities.none();
        for (EhloKeyword k : EhloKeyword.values()) {
            assertFalse(none.has(k));
        }
        assertEquals(List.of(), none.authMechanisms());
        assertEquals(0, none.deliverByMinimum());
        assertEquals(Capabilities.none().keywords(), ehlo().keywords());
    }

    @Test
    void resultIsImmutable() {
        Capabilities caps = ehlo("AUTH PLAIN", "PIPELINING");
        assertThrows(UnsupportedOperationException.class, () -> caps.authMechanisms().add("X"));
        assertThrows(UnsupportedOperationException.class, () -> caps.keywords().add(EhloKeyword.DSN));
    }

    @Test
    void onlyPositiveRepliesCarryCapabilities() {
        assertThrows(IllegalArgumentException.class, () -> Capabilities.parse(Reply.of(502, "not implemented")));
    }
}
