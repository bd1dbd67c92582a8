package org.esmtp4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esmtp4j.spi.SessionDriver;
import org.esmtp4j.spi.StartRequest;

/**
 * The fake engine's side of one session: runs the test's {@link Script} at every start and
 * records what each start asked for.
 */
final class FakeDriver implements SessionDriver {

    /** What one start does: reports facts through {@code request.callbacks()} and returns a result. */
    @FunctionalInterface
    interface Script {
        /**
         * @param request the start request
         * @return the session-level result
         */
        StartResult run(StartRequest request);
    }

    /** The result a script returns when a connection ran its course without a session error. */
    static final StartResult CONNECTED = new StartResult(true, SmtpError.NONE, 0, "");

    private Script script = request -> CONNECTED;
    private final List<Map<Message, List<Recipient>>> attempts = new ArrayList<>();
    private final List<StartRequest> requests = new ArrayList<>();
    private int closes;

    /**
     * @param script what the following starts do
     */
    void script(Script script) {
        this.script = script;
    }

    @Override
    public StartResult start(StartRequest request) {
        Map<Message, List<Recipient>> attempt = new LinkedHashMap<>();
        for (Message m : request.messages()) {
            attempt.put(m, List.copyOf(request.recipientsToSend(m)));
        }
        attempts.add(attempt);
        requests.add(request);
        return script.run(request);
    }

    @Override
    public void close() {
        closes++;
    }

    /** @return how many times start was called */
    int starts() {
        return attempts.size();
    }

    /**
     * @param start the 0-based start
     * @return the messages of that start, each with the recipients it was asked to send
     */
    Map<Message, List<Recipient>> attempt(int start) {
        return attempts.get(start);
    }

    /**
     * @param start the 0-based start
     * @return the request of that start
     */
    StartRequest request(int start) {
        return requests.get(start);
    }

    /** @return how many times close was called */
    int closes() {
        return closes;
    }
}
