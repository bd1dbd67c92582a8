package org.esmtp4j.conformance.server;

/**
 * Internal signal that the running step cannot continue. The connection turns it into a
 * {@link ScriptFailure} by adding the step's index and description.
 */
final class ScriptFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    final ScriptFailure.Kind kind;
    final String expected;
    final byte[] received;
    final int clientOffset;
    final String detail;

    ScriptFailedException(ScriptFailure.Kind kind, String expected, byte[] received, int clientOffset,
            String detail) {
        super(kind + ": " + detail, null, false, false);
        this.kind = kind;
        this.expected = expected;
        this.received = received;
        this.clientOffset = clientOffset;
        this.detail = detail;
    }

    ScriptFailure toFailure(int stepIndex, String step) {
        return new ScriptFailure(stepIndex, step, kind, expected, received, clientOffset, detail);
    }
}
