package org.esmtp4j;

/**
 * What the facade does with a bare CR or bare LF in message content (RFC 5321 §2.3.8: a client
 * must not send them except as part of CRLF).
 */
public enum LineEndings {
    /** Turn every bare CR and bare LF into CRLF (the default). */
    CANONICALIZE,
    /** Refuse the message with an {@link InvalidContentException}. */
    REJECT
}
