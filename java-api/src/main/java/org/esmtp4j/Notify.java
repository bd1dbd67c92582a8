package org.esmtp4j;

import java.util.Set;

/**
 * DSN {@code NOTIFY} values (RFC 3461), libESMTP's {@code enum notify_flags}. {@link #NEVER}
 * cannot be combined with the others.
 */
public enum Notify {
    /** {@code NOTIFY=NEVER} ({@code Notify_NEVER}, -1 in C). */
    NEVER(-1),
    /** {@code SUCCESS} ({@code Notify_SUCCESS}). */
    SUCCESS(1),
    /** {@code FAILURE} ({@code Notify_FAILURE}). */
    FAILURE(2),
    /** {@code DELAY} ({@code Notify_DELAY}). */
    DELAY(4);

    private final int libesmtpFlag;

    Notify(int libesmtpFlag) {
        this.libesmtpFlag = libesmtpFlag;
    }

    /** @return the libESMTP flag value */
    public int libesmtpFlag() {
        return libesmtpFlag;
    }

    /**
     * @param set a NOTIFY set
     * @return libESMTP's {@code notify_flags} value for it (0 for an empty set)
     */
    public static int toLibesmtpFlags(Set<Notify> set) {
        if (set.contains(NEVER)) {
            return NEVER.libesmtpFlag;
        }
        int flags = 0;
        for (Notify n : set) {
            flags |= n.libesmtpFlag;
        }
        return flags;
    }
}
