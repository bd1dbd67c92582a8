package org.esmtp4j.conformance.server;

import java.time.Duration;

/** Neither reads nor writes for a while; client bytes sent meanwhile wait in the socket. */
final class StallStep implements Step {

    private final Duration duration;

    StallStep(Duration duration) {
        this.duration = duration;
    }

    @Override
    public String describe() {
        return "stall " + duration;
    }

    @Override
    public void run(Connection connection) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
