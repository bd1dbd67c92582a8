package org.esmtp4j.conformance.server;

import java.util.List;

/**
 * What the server does on one connection: an immutable list of steps run in order, written with
 * {@link #builder()} so that the expected client lines and the server's replies read side by
 * side:
 *
 * <pre>{@code
 * Script.builder()
 *     .greet("220 test ESMTP")
 *     .expect("EHLO client.example").reply("250-test\r\n250-PIPELINING\r\n250 8BITMIME")
 *     .expect("MAIL FROM:<a@example.org>").reply("250 ok")
 *     .expectBatch("RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA")
 *         .reply("250 ok", "550 no", "354 go")
 *     .expectData().reply("250 queued")
 *     .expect("QUIT").reply("221 bye").close()
 *     .build();
 * }</pre>
 *
 * <p>A script that runs out of steps keeps the client bytes that have already arrived and closes
 * the connection with a FIN without waiting; to also record what the client sends after that,
 * end the script with {@link ScriptBuilder#close()} or {@link ScriptBuilder#expectClientClose()}.
 * A step that sees something else than it expects records a {@link ScriptFailure} and the
 * server closes the connection.
 */
public final class Script {

    private final List<Step> steps;

    Script(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * Starts writing a script.
     *
     * @return a new, empty builder
     */
    public static ScriptBuilder builder() {
        return new ScriptBuilder();
    }

    /**
     * Number of steps.
     *
     * @return number of steps
     */
    public int size() {
        return steps.size();
    }

    Step step(int index) {
        return steps.get(index);
    }

    /** The steps, one per line, as written. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            out.append(i).append(": ").append(steps.get(i).describe()).append('\n');
        }
        return out.toString();
    }
}
