package org.esmtp4j;

/**
 * What value a header takes and how it is printed (which of libESMTP's set/print function pairs
 * handles it).
 */
public enum HeaderKind {
    /** Date: an instant, or "now at transfer time" when none is set. */
    DATE,
    /** Message-Id: an id printed as {@code <id>}, or a generated one when none is set. */
    MESSAGE_ID,
    /**
     * From (a list) and Disposition-Notification-To (a single mailbox): mailboxes, or the
     * reverse path when none is set.
     */
    ORIGINATOR,
    /** Sender: exactly one mailbox. */
    SENDER,
    /** To: a list of mailboxes, or all envelope recipients when generation was requested. */
    TO,
    /** Cc, Bcc and Reply-To: a list of mailboxes. */
    ADDRESS_LIST,
    /** Any name libESMTP does not know: a plain text value, possibly empty. */
    TEXT,
    /** PROHIBIT and PRESERVE names: no value can be set. */
    FIXED
}
