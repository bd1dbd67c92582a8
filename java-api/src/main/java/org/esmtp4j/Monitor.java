package org.esmtp4j;

/**
 * The protocol trace, libESMTP's {@code smtp_monitorcb_t}. It receives the bytes the client
 * writes at every flush and the bytes it reads from the server; message content is never
 * traced, but with headers enabled each processed header is reported once with
 * {@link Direction#HEADERS}. Credentials are never passed to a monitor.
 */
@FunctionalInterface
public interface Monitor {

    /** Which way the traced bytes went (libESMTP's {@code SMTP_CB_*}). */
    enum Direction {
        /** Read from the server ({@code SMTP_CB_READING}, 0). */
        READ,
        /** Written by the client ({@code SMTP_CB_WRITING}, 1). */
        WRITE,
        /** A processed message header ({@code SMTP_CB_HEADERS}, 2). */
        HEADERS
    }

    /**
     * Called with traced bytes. The array is only valid during the call.
     *
     * @param buffer the bytes
     * @param offset where they start
     * @param length how many
     * @param direction which way they went
     */
    void trace(byte[] buffer, int offset, int length, Direction direction);
}
