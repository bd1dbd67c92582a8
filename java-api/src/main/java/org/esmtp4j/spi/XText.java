package org.esmtp4j.spi;

import java.nio.charset.StandardCharsets;

import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.internal.Utf8;

/**
 * RFC 3461 §4 "xtext", the encoding of the DSN parameters {@code ENVID} and {@code ORCPT}.
 *
 * <p>The encoding works on the UTF-8 bytes of the value: every byte outside {@code '!'..'~'},
 * and also {@code '+'} and {@code '='}, becomes {@code '+'} and two upper-case hex digits.
 * This is libESMTP's {@code encode_xtext} ({@code tokens.c}), for example
 * {@code "env id+1"} gives {@code "env+20id+2B1"}, but without its 256-byte buffer: the length
 * limits are the callers' ({@link org.esmtp4j.internal.Validation#checkEnvid},
 * {@link org.esmtp4j.internal.Validation#checkOrcpt}).
 */
public final class XText {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private XText() {
    }

    /**
     * Encodes a value as xtext.
     *
     * @param value the value; any string without unpaired surrogates
     * @return the xtext, pure printable ASCII
     * @throws InvalidArgumentException when the value contains an unpaired surrogate, which has
     *     no UTF-8 form
     */
    public static String encode(String value) {
        int bad = Utf8.firstUnpairedSurrogate(value);
        if (bad >= 0) {
            throw new InvalidArgumentException("xtext value",
                    String.format("unpaired surrogate U+%04X at index %d", (int) value.charAt(bad), bad));
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[encodedLength(value)];
        int o = 0;
        for (byte b : utf8) {
            int v = b & 0xff;
            if (isXchar(v)) {
                out[o++] = b;
            } else {
                out[o++] = '+';
                out[o++] = HEX[v >>> 4];
                out[o++] = HEX[v & 0xf];
            }
        }
        return new String(out, 0, o, StandardCharsets.US_ASCII);
    }

    /**
     * The length of {@link #encode(String)}'s result, computed without encoding.
     *
     * @param value the value
     * @return the number of characters (= octets) of its xtext form
     */
    public static int encodedLength(String value) {
        int n = value.length();
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length += isXchar(c) ? 1 : 3;
            } else if (c < 0x800) {
                length += 6;
            } else if (Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 12;
                i++;
            } else {
                length += 9;
            }
        }
        return length;
    }

    /** RFC 3461 §4: xchar is '!'..'~' except '+' and '='. */
    private static boolean isXchar(int c) {
        return c >= '!' && c <= '~' && c != '+' && c != '=';
    }
}
