package org.esmtp4j.conformance.server;

import java.io.IOException;

/** One step of a {@link Script}: read something from the client, send something, or end. */
interface Step {

    /** The step as a script author would recognise it, e.g. {@code expect "QUIT"}. */
    String describe();

    /**
     * Runs the step on the connection.
     *
     * @throws ScriptFailedException if the client did not do what the step expects
     * @throws IOException on a socket error
     * @throws InterruptedException if the server is being closed during a pause
     */
    void run(Connection connection) throws ScriptFailedException, IOException, InterruptedException;
}
