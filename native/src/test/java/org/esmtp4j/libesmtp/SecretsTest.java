package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Secrets on their way to C: UTF-8 without a String, NUL detection, wiping. */
class SecretsTest {

    @Test
    void encodesUtf8AndLeavesTheCallersCharactersAlone() {
        char[] secret = "pä$s€𝄞".toCharArray();
        assertArrayEquals("pä$s€𝄞".getBytes(StandardCharsets.UTF_8), Secrets.utf8(secret));
        assertEquals("pä$s€𝄞", new String(secret));
    }

    @Test
    void refusesALoneSurrogate() {
        assertThrows(IllegalArgumentException.class, () -> Secrets.utf8(new char[] {'a', '\uD800'}));
    }

    @Test
    void findsANul() {
        assertTrue(Secrets.containsNul(new byte[] {'a', 0, 'b'}));
        assertFalse(Secrets.containsNul(new byte[] {'a', 'b'}));
    }

    @Test
    void nativeStringsAreTerminatedAndWiped() {
        Memory m = Secrets.nativeCString(new byte[] {'a', 'b'});
        assertEquals("ab", m.getString(0, "US-ASCII"));
        Secrets.wipe(m);
        assertArrayEquals(new byte[3], m.getByteArray(0, 3));
        byte[] bytes = {1, 2};
        Secrets.wipe(bytes);
        assertArrayEquals(new byte[2], bytes);
    }
}
