package org.esmtp4j.conformance.server;

import java.time.Duration;

/** Checks that the client sends nothing more: for a quiet period, or until it closes. */
final class ExpectSilenceStep implements Step {

    private final Duration quietPeriod;

    private ExpectSilenceStep(Duration quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    /** Nothing may arrive for {@code quietPeriod}; the client closing is fine. */
    static ExpectSilenceStep quietFor(Duration quietPeriod) {
        return new ExpectSilenceStep(quietPeriod);
    }

    /** Nothing may arrive, and the client must close within the read timeout. */
    static ExpectSilenceStep untilClientCloses() {
        return new ExpectSilenceStep(null);
    }

    @Override
    public String describe() {
        return quietPeriod == null ? "expectClientClose" : "expectNoMoreInput for " + quietPeriod;
    }

    @Override
    public void run(Connection connection) throws ScriptFailedException {
        ClientInput input = connection.input();
        int start = input.readPos();
        long deadline = quietPeriod == null ? connection.deadline() : System.nanoTime() + quietPeriod.toNanos();
        String expected = quietPeriod == null ? "the client closing the connection" : "no input";
        switch (input.awaitSilence(deadline)) {
            case INPUT_ARRIVED -> throw new ScriptFailedException(ScriptFailure.Kind.UNEXPECTED_INPUT, expected,
                    input.copy(start, input.readPos()), start, "the client sent more");
            case QUIET -> {
                if (quietPeriod == null) {
                    throw new ScriptFailedException(ScriptFailure.Kind.TIMEOUT, expected, new byte[0], start,
                            "the client did not close the connection within the read timeout");
                }
            }
            case CLIENT_CLOSED -> connection.recorder().clientClosed();
        }
    }
}
