package org.esmtp4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.esmtp4j.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class XTextTest {

    @Test
    void libesmtpExample() {
        assertEquals("env+20id+2B1", XText.encode("env id+1"));
    }

    @Test
    void plusEqualsControlsAndSpaceAreEncodedUpperCase() {
        assertEquals("+2B+3D+20+0D+0A+00+7F+09", XText.encode("+= \r\n\0\u007f\t"));
    }

    @Test
    void printableAsciiOtherThanPlusAndEqualsIsKept() {
        StringBuilder kept = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            if (c != '+' && c != '=') {
                kept.append(c);
            }
        }
        assertEquals(kept.toString(), XText.encode(kept.toString()));
    }

    @Test
    void nonAsciiIsEncodedAsUtf8Bytes() {
        assertEquals("+C4+8D", XText.encode("\u010d"));
        assertEquals("+E7+98+8A+E7+98+8D", XText.encode("\u760a\u760d"));
        assertEquals("+F0+9F+98+80", XText.encode("\ud83d\ude00"));
    }

    @Test
    void emptyStaysEmpty() {
        assertEquals("", XText.encode(""));
        assertEquals(0, XText.encodedLength(""));
    }

    @Test
    void unpairedSurrogateIsRefusedNotReplaced() {
        assertThrows(InvalidArgumentException.class, () -> XText.encode("a\ud800"));
    }

    @Test
    void encodedLengthMatchesEncodeAndDecodingRoundTrips() {
        Random random = new Random(3461);
        String alphabet = "ab+= \r\n~!\u00e9\u010d\u760a\ud83d\ude00";
        for (int n = 0; n < 500; n++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                int k = random.nextInt(alphabet.length() - 1);
                char c = alphabet.charAt(k);
                b.append(c);
                if (Character.isHighSurrogate(c)) {
                    b.append(alphabet.charAt(k + 1));
                }
            }
            String value = b.toString();
            String encoded = XText.encode(value);
            assertEquals(encoded.length(), XText.encodedLength(value), value);
            assertEquals(value, decode(encoded));
            for (int i = 0; i < encoded.length(); i++) {
                char c = encoded.charAt(i);
                assertTrue(c >= '!' && c <= '~' && c != '=', encoded);
            }
        }
    }

    private static String decode(String xtext) {
        byte[] out = new byte[xtext.length()];
        int o = 0;
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                out[o++] = (byte) Integer.parseInt(xtext.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[o++] = (byte) c;
            }
        }
        return new String(out, 0, o, StandardCharsets.UTF_8);
    }
}
