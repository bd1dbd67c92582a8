package org.esmtp4j.pure;

import org.esmtp4j.Smtp;
import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;
import org.esmtp4j.spi.SessionDriver;

/**
 * The pure-Java engine, {@code "java"}: a port of libESMTP 1.1.0's protocol engine with no native
 * code. Always available.
 */
public final class JavaEngineProvider implements EngineProvider {

    /** The engine's name. */
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.available(Smtp.VERSION);
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public SessionDriver createDriver() {
        return new JavaSessionDriver();
    }
}
