package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Passwords and other answers on their way to C: encoded to UTF-8 without ever becoming a
 * {@link String}, copied into native memory, and every intermediate copy wiped.
 */
final class Secrets {

    private Secrets() {
    }

    /**
     * @param secret the characters; not modified (they belong to the caller)
     * @return the UTF-8 bytes; wipe them with {@link #wipe(byte[])} when done
     * @throws IllegalArgumentException when the characters are not valid UTF-16 (a lone surrogate)
     */
    static byte[] utf8(char[] secret) {
        // One buffer big enough for any input (3 bytes per UTF-16 unit at most), so that the
        // encoder never grows it and leaves an unwiped copy behind.
        ByteBuffer encoded = ByteBuffer.allocate(secret.length * 3);
        try {
            CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CharBuffer in = CharBuffer.wrap(secret);
            CoderResult r = encoder.encode(in, encoded, true);
            if (!r.isUnderflow()) {
                r.throwException();
            }
            r = encoder.flush(encoded);
            if (!r.isUnderflow()) {
                r.throwException();
            }
            return Arrays.copyOf(encoded.array(), encoded.position());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a secret is not valid Unicode text", e);
        } finally {
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    /** @return whether the bytes contain a NUL, which C would read as the end of the string */
    static boolean containsNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param bytes what to copy, without a NUL
     * @return native memory holding the bytes and a terminating NUL
     */
    static Memory nativeCString(byte[] bytes) {
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static void wipe(Memory memory) {
        if (memory != null) {
            memory.clear();
        }
    }
}
