package org.esmtp4j;

import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;
import org.esmtp4j.spi.SessionDriver;

/**
 * A test engine that is found but can never run, preferred over {@link FakeEngineProvider}, so
 * that the tests see the default choice skip it and explain why.
 */
public final class UnavailableEngineProvider implements EngineProvider {

    /** The engine's name. */
    public static final String NAME = "unavailable-fake";

    /** Why it cannot run. */
    public static final String REASON = "never available in tests";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.unavailable(REASON);
    }

    @Override
    public int preference() {
        return 1000;
    }

    @Override
    public SessionDriver createDriver() {
        throw new AssertionError("the facade created a driver on an unavailable engine");
    }
}
