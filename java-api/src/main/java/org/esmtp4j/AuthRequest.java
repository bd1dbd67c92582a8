package org.esmtp4j;

import java.util.Set;

/**
 * One item a SASL mechanism asks the application for: libESMTP's
 * {@code struct auth_client_request}.
 *
 * @param name the item's name, for example {@code "user"} or {@code "passphrase"}
 * @param flags what the item is ({@code AUTH_USER}, {@code AUTH_REALM}, {@code AUTH_PASS},
 *     {@code AUTH_CLEARTEXT})
 * @param prompt a human-readable prompt, for example {@code "User Name"}
 * @param maxLength the longest answer accepted, 0 for no limit
 */
public record AuthRequest(String name, Set<Flag> flags, String prompt, int maxLength) {

    /** The {@code AUTH_*} flags of a request. */
    public enum Flag {
        /** {@code AUTH_USER} (0x1): a user name. */
        USER(0x1),
        /** {@code AUTH_REALM} (0x2): a realm or domain. */
        REALM(0x2),
        /** {@code AUTH_PASS} (0x4): a password. */
        PASS(0x4),
        /** {@code AUTH_CLEARTEXT} (0x8): the mechanism sends this item in the clear. */
        CLEARTEXT(0x8);

        private final int libesmtpBit;

        Flag(int libesmtpBit) {
            this.libesmtpBit = libesmtpBit;
        }

        /** @return libESMTP's bit */
        public int libesmtpBit() {
            return libesmtpBit;
        }
    }
}
