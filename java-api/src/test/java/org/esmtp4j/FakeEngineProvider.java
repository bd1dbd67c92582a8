package org.esmtp4j;

import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;
import org.esmtp4j.spi.SessionDriver;

/**
 * A network-free engine for the facade's tests, registered only on the test class path. Each
 * session gets a {@link FakeDriver} that runs whatever script the test sets, so a test can
 * report any sequence of protocol facts through {@code request.callbacks()}, as an engine would.
 */
public final class FakeEngineProvider implements EngineProvider {

    /** The engine's name. */
    public static final String NAME = "fake";

    /** The version it reports. */
    public static final String VERSION = "0.0-test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.available(VERSION);
    }

    @Override
    public SessionDriver createDriver() {
        return new FakeDriver();
    }

    /**
     * @return a session on the fake engine, with a server and an EHLO name set
     */
    static Session newSession() {
        Session session = Smtp.engine(NAME).createSession();
        session.setServer("mx.example.org:25");
        session.setHostname("client.example.org");
        return session;
    }

    /**
     * @param session a session created on the fake engine
     * @return its driver, to script and inspect
     */
    static FakeDriver driverOf(Session session) {
        return (FakeDriver) session.driverCheck();
    }
}
