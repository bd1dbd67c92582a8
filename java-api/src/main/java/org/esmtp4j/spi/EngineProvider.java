package org.esmtp4j.spi;

/**
 * An engine, found with {@link java.util.ServiceLoader}: implement this, list the class in
 * {@code META-INF/services/org.esmtp4j.spi.EngineProvider} (or {@code provides} in a module),
 * and the facade can run its sessions on it.
 */
public interface EngineProvider {

    /** @return the engine's name, for example {@code "java"} or {@code "libesmtp"} */
    String name();

    /**
     * Whether the engine can run here (for a native engine: the library loaded). Must not throw;
     * called once and cached by the facade.
     *
     * @return availability with version or reason
     */
    Availability availability();

    /**
     * How much the default engine choice prefers this engine: the available engine with the
     * highest preference wins (the libesmtp engine uses 100, the java engine 10).
     *
     * @return the preference
     */
    default int preference() {
        return 0;
    }

    /**
     * Creates the engine side of one session; closed with the session.
     *
     * @return a new driver
     */
    SessionDriver createDriver();
}
