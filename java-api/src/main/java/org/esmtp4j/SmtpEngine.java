package org.esmtp4j;

import java.util.Objects;
import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;

/**
 * An available engine: the pure-Java port ({@code "java"}), the binding to the system libesmtp
 * ({@code "libesmtp"}), or a third party's. Obtain one from {@link Smtp}.
 */
public final class SmtpEngine {

    private final EngineProvider provider;
    private final Availability availability;

    SmtpEngine(EngineProvider provider, Availability availability) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.availability = Objects.requireNonNull(availability, "availability");
    }

    /** @return the engine's name */
    public String name() {
        return provider.name();
    }

    /** @return the engine's version (for libesmtp, the library's {@code smtp_version}) */
    public String version() {
        return availability.version();
    }

    /**
     * Creates a session ({@code smtp_create_session}).
     *
     * @return a new session, to be closed by the caller
     */
    public Session createSession() {
        return new Session(this, provider.createDriver());
    }

    @Override
    public String toString() {
        return name() + " " + version();
    }
}
