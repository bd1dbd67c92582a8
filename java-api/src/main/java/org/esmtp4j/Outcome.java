package org.esmtp4j;

/**
 * What became of a recipient, derived by the facade from the protocol facts that the engine
 * recorded, with the same rules for every engine (invariants I1 to I4 of the hostile-case
 * catalogue).
 */
public enum Outcome {
    /** No {@code start} has attempted this recipient yet. */
    PENDING,
    /**
     * The recipient's RCPT got 2xx and the server answered the end of data (or the last BDAT) on
     * the same connection with a complete, well-formed 2xx.
     */
    DELIVERED,
    /** A permanent failure: 5xx to RCPT, to MAIL, to DATA or to the end of data; or a local refusal. */
    PERMANENT,
    /**
     * A transient failure: 4xx (including 552 to RCPT, RFC 5321 §4.5.3.1.10), a transport fault
     * or timeout before the end of data was sent, or a protocol error. Retried by the next start.
     */
    TRANSIENT,
    /**
     * The end of data was sent but no well-formed reply came back (connection lost, timeout,
     * protocol desynchronisation): the message may have been delivered (RFC 5321 §4.5.3.2.6).
     * Retrying may deliver a duplicate.
     */
    UNKNOWN
}
