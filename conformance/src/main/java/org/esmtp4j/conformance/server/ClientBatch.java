package org.esmtp4j.conformance.server;

import java.util.List;

/**
 * Client lines that had all arrived at the server before it sent its next bytes.
 *
 * <p>Lines in one batch were sent without waiting for the reply that follows the batch: a
 * pipelining client (RFC 2920) that sends {@code RCPT}, {@code RCPT}, {@code DATA} in one go
 * produces one batch holding all three, while a client that waits for each reply produces one
 * batch per command. The grouping is by arrival, so a batch proves the client did not wait; two
 * separate batches can also come from one pipelined group whose second half was still in flight,
 * which over loopback only happens for large writes.
 */
public final class ClientBatch {

    private final List<String> lines;
    private final String serverTextAfter;

    ClientBatch(List<String> lines, String serverTextAfter) {
        this.lines = List.copyOf(lines);
        this.serverTextAfter = serverTextAfter;
    }

    /**
     * The lines, each without its line ending (CRLF or bare LF); a trailing line the client never
     * terminated is included as is.
     *
     * @return the lines, each without its line ending
     */
    public List<String> lines() {
        return lines;
    }

    /**
     * The bytes (one char per byte) of the server send that followed this batch; empty for lines
     * that arrived after the server's last send.
     *
     * @return the server's next send, one char per byte; may be empty
     */
    public String serverTextAfter() {
        return serverTextAfter;
    }

    @Override
    public String toString() {
        return lines + " then server " + WireText.visible(serverTextAfter).replace("\n", "");
    }
}
