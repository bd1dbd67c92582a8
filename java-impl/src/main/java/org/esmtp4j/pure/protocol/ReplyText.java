package org.esmtp4j.pure.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Turns the text bytes of one reply line into a String.
 *
 * <p>Decisions, documented for the conformance kit:
 * <ul>
 *   <li>Bytes are UTF-8 (RFC 6531 servers may send it); malformed sequences become U+FFFD and never
 *       fail the reply.</li>
 *   <li>Control characters (C0 including NUL and HT, DEL, and C1 from decoded UTF-8) become U+FFFD,
 *       like Postfix's {@code printable()}, so no caller sees raw control bytes from a server.</li>
 *   <li>A CR that is not part of the CRLF terminator is a syntax error: RFC 5321 §2.3.8 forbids a
 *       lone CR in the protocol, and accepting one would let a server smuggle line breaks.</li>
 * </ul>
 */
final class ReplyText {

    private static final char REPLACEMENT = '\uFFFD';

    private ReplyText() {
    }

    /**
     * @param bytes the line buffer
     * @param off where the text starts
     * @param len text length, terminator excluded
     * @return the decoded text
     * @throws ReplyException INVALID_SYNTAX for a CR inside the text
     */
    static String decode(byte[] bytes, int off, int len) throws ReplyException {
        if (len == 0) {
            return "";
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            int b = bytes[i];
            // signed: bytes >= 0x80 are negative, so this also catches every non-ASCII byte
            if (b < 0x20 || b == 0x7F) {
                return decodeSlow(bytes, off, len, i);
            }
        }
        // printable ASCII only: the cheapest String construction (compact Latin-1 copy)
        return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }

    private static String decodeSlow(byte[] bytes, int off, int len, int firstOdd) throws ReplyException {
        int end = off + len;
        for (int i = firstOdd; i < end; i++) {
            if (bytes[i] == '\r') {
                throw new ReplyException(ReplyException.Kind.INVALID_SYNTAX,
                        "CR not followed by LF inside a reply line");
            }
        }
        // the String constructor replaces malformed UTF-8 with U+FFFD and never throws
        String text = new String(bytes, off, len, StandardCharsets.UTF_8);
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = REPLACEMENT;
            }
        }
        return chars == null ? text : new String(chars);
    }
}
