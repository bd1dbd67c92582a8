package org.esmtp4j.libesmtp;

import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;
import org.esmtp4j.spi.SessionDriver;

/**
 * The libesmtp engine, {@code "libesmtp"}: drives the system {@code libesmtp.so.6} (Debian
 * {@code libesmtp6} 1.1.0) through JNA and a small C shim. Preferred by the default engine choice
 * when the library loads.
 */
public final class LibesmtpEngineProvider implements EngineProvider {

    /** The engine's name. */
    public static final String NAME = "libesmtp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return NativeLoader.availability();
    }

    @Override
    public int preference() {
        return 100;
    }

    @Override
    public SessionDriver createDriver() {
        if (!NativeLoader.availability().available()) {
            throw new IllegalStateException("the libesmtp engine is unavailable: " + NativeLoader.availability().reason());
        }
        return new LibesmtpSessionDriver();
    }
}
