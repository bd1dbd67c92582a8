package org.esmtp4j.bench.soak;

/** What the fault-injecting sink can do instead of the normal reply. */
enum Fault {
    /** Answer 4xx (451) instead. */
    TRANSIENT,
    /** Answer 5xx (554) instead. */
    PERMANENT,
    /** Close the connection (FIN) instead of answering. */
    DROP,
    /** Reset the connection (RST) instead of answering. */
    RESET,
    /** Say nothing for longer than the client's timeout, then close. */
    STALL,
    /** Send the first bytes of the reply, then close. */
    TRUNCATE
}
