package org.esmtp4j.spi;

import java.util.Objects;

/**
 * Whether an engine can run here.
 *
 * @param available true when the engine can create sessions
 * @param version the engine's version (for a native engine, the library's), or "" when unavailable
 * @param reason why it is unavailable, or "" when available
 */
public record Availability(boolean available, String version, String reason) {

    /**
     * Checks that the texts are present.
     *
     * @param available true when the engine can create sessions
     * @param version the engine's version, or "" when unavailable; not null
     * @param reason why it is unavailable, or "" when available; not null
     * @throws NullPointerException when {@code version} or {@code reason} is null
     */
    public Availability {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param version the engine version
     * @return an available engine's record
     */
    public static Availability available(String version) {
        return new Availability(true, version, "");
    }

    /**
     * @param reason why not, for example "libesmtp.so.6 not found"
     * @return an unavailable engine's record
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, "", reason);
    }
}
