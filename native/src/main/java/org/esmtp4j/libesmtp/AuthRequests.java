package org.esmtp4j.libesmtp;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.esmtp4j.AuthRequest;

/**
 * Reads libESMTP's {@code struct auth_client_request} arrays (spec §10.1, LP64):
 * {@code const char *name} at 0, {@code unsigned flags} at 8, {@code const char *prompt} at 16,
 * {@code unsigned size} at 24, 32 bytes per element (4 bytes of padding after each
 * {@code unsigned}). The arrays are static data of the plugins; nothing is freed.
 */
final class AuthRequests {

    static final int STRIDE = 32;
    private static final int NAME = 0;
    private static final int FLAGS = 8;
    private static final int PROMPT = 16;
    private static final int SIZE = 24;

    private AuthRequests() {
    }

    /**
     * @param array the first element
     * @param fields the number of elements
     * @return the requests, in order
     */
    static List<AuthRequest> read(Pointer array, int fields) {
        List<AuthRequest> requests = new ArrayList<>(fields);
        for (int i = 0; i < fields; i++) {
            long base = (long) i * STRIDE;
            requests.add(new AuthRequest(string(array.getPointer(base + NAME)), flags(array.getInt(base + FLAGS)),
                    string(array.getPointer(base + PROMPT)), array.getInt(base + SIZE)));
        }
        return Collections.unmodifiableList(requests);
    }

    static Set<AuthRequest.Flag> flags(int bits) {
        Set<AuthRequest.Flag> flags = EnumSet.noneOf(AuthRequest.Flag.class);
        for (AuthRequest.Flag f : AuthRequest.Flag.values()) {
            if ((bits & f.libesmtpBit()) != 0) {
                flags.add(f);
            }
        }
        return Collections.unmodifiableSet(flags);
    }

    private static String string(Pointer p) {
        return p == null ? "" : p.getString(0, "UTF-8");
    }
}
