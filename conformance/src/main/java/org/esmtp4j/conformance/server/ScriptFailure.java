package org.esmtp4j.conformance.server;

import java.util.Objects;

/**
 * Why a script did not run as written: which step, what the step wanted, and the exact client
 * bytes it got instead. Recorded in the {@link Transcript}; never thrown at the client.
 */
public final class ScriptFailure {

    /** The kind of deviation. */
    public enum Kind {
        /** A line arrived but was not the expected one (text or line ending). */
        MISMATCH,
        /** The step's read timeout expired before the expected input was complete. */
        TIMEOUT,
        /** The client closed the connection (EOF) before the expected input was complete. */
        CLIENT_CLOSED,
        /** Input arrived where the script required the client to stay silent. */
        UNEXPECTED_INPUT,
        /**
         * The client sent bytes after {@code STARTTLS} before the server's reply, which RFC 3207
         * section 4 forbids (the client must wait for 220 before starting TLS).
         */
        BYTES_BEFORE_TLS,
        /** The TLS handshake failed, or succeeded where the script required the client to reject it. */
        TLS,
        /** A socket error such as a reset or a broken pipe. */
        IO_ERROR,
        /** The server was closed while the script was still running. */
        SERVER_STOPPED
    }

    private final int stepIndex;
    private final String step;
    private final Kind kind;
    private final String expected;
    private final byte[] received;
    private final int clientOffset;
    private final String detail;

    ScriptFailure(int stepIndex, String step, Kind kind, String expected, byte[] received,
            int clientOffset, String detail) {
        this.stepIndex = stepIndex;
        this.step = Objects.requireNonNull(step);
        this.kind = Objects.requireNonNull(kind);
        this.expected = Objects.requireNonNull(expected);
        this.received = received.clone();
        this.clientOffset = clientOffset;
        this.detail = Objects.requireNonNull(detail);
    }

    /**
     * Zero-based index of the failing step in its script.
     *
     * @return zero-based index of the failing step in its script
     */
    public int stepIndex() {
        return stepIndex;
    }

    /**
     * The failing step as written, e.g. {@code expect "MAIL FROM:<a@example.org>"}.
     *
     * @return the failing step as written
     */
    public String step() {
        return step;
    }

    /**
     * What went wrong.
     *
     * @return what went wrong
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The wire text the step expected (with its line ending), or a description; may be empty.
     *
     * @return the wire text the step expected (with its line ending), or a description; may be empty
     */
    public String expected() {
        return expected;
    }

    /**
     * The client bytes the step received instead (possibly a partial line, possibly empty).
     *
     * @return the client bytes the step received instead (possibly a partial line, possibly empty)
     */
    public byte[] received() {
        return received.clone();
    }

    /**
     * Offset in {@link Transcript#clientBytes()} where {@link #received()} starts.
     *
     * @return offset in {@link Transcript#clientBytes()} where {@link #received()} starts
     */
    public int clientOffset() {
        return clientOffset;
    }

    /**
     * Additional explanation (exception message, hint); may be empty.
     *
     * @return additional explanation (exception message, hint); may be empty
     */
    public String detail() {
        return detail;
    }

    /** A multi-line report with expected and received bytes rendered by {@link WireText#visible}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append("step ").append(stepIndex).append(" (").append(step).append("): ").append(kind)
                .append(" at client offset ").append(clientOffset);
        if (!detail.isEmpty()) {
            out.append(": ").append(detail);
        }
        if (!expected.isEmpty()) {
            out.append("\n  expected: ").append(WireText.visible(expected).stripTrailing());
        }
        out.append("\n  received: ")
                .append(received.length == 0 ? "<nothing>" : WireText.visible(received).stripTrailing());
        return out.toString();
    }
}
