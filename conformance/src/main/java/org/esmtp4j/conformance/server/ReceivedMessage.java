package org.esmtp4j.conformance.server;

/**
 * One message the client transferred, as the server received it.
 *
 * <p>For {@link Transfer#DATA} the {@linkplain #wireBytes() wire bytes} are the dot-stuffed data
 * including the terminating {@code .CRLF} line, and the {@linkplain #content() content} is the
 * un-stuffed message as a receiving MTA would store it (RFC 5321 section 4.5.2: a leading period
 * is removed from each line), ending with the CRLF that preceded the terminator. For
 * {@link Transfer#BDAT} both are the concatenated chunk bytes (no stuffing exists in BDAT).
 */
public final class ReceivedMessage {

    /** How the message was transferred. */
    public enum Transfer {
        /** Sent with the DATA command, dot-stuffed and ended by {@code CRLF.CRLF}. */
        DATA,
        /** Sent in BDAT chunks (RFC 3030 CHUNKING). */
        BDAT
    }

    private final Transfer transfer;
    private final byte[] wireBytes;
    private final byte[] content;
    private final int clientOffset;

    ReceivedMessage(Transfer transfer, byte[] wireBytes, byte[] content, int clientOffset) {
        this.transfer = transfer;
        this.wireBytes = wireBytes;
        this.content = content;
        this.clientOffset = clientOffset;
    }

    /**
     * DATA or BDAT.
     *
     * @return how the message was transferred
     */
    public Transfer transfer() {
        return transfer;
    }

    /**
     * The message bytes exactly as sent (stuffed, with terminator, for DATA).
     *
     * @return the message bytes exactly as sent (stuffed, with terminator, for DATA)
     */
    public byte[] wireBytes() {
        return wireBytes.clone();
    }

    /**
     * The message content after removing dot-stuffing and the terminator.
     *
     * @return the message content after removing dot-stuffing and the terminator
     */
    public byte[] content() {
        return content.clone();
    }

    /**
     * {@link #content()} one byte per char (ISO-8859-1).
     *
     * @return {@link #content()} one byte per char (ISO-8859-1)
     */
    public String contentText() {
        return WireText.text(content);
    }

    /**
     * Offset in {@link Transcript#clientBytes()} of the first message byte.
     *
     * @return offset in {@link Transcript#clientBytes()} of the first message byte
     */
    public int clientOffset() {
        return clientOffset;
    }

    @Override
    public String toString() {
        return transfer + " message, " + content.length + " content bytes at client offset " + clientOffset;
    }

    /**
     * Removes the transparency period from every line that starts with one, lines being
     * CRLF-delimited (RFC 5321 section 4.5.2). Bare CR or LF do not start a new line, matching the
     * strict terminator rule used when reading.
     */
    static byte[] unstuff(byte[] data, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        boolean lineStart = true;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (lineStart && b == '.') {
                lineStart = false;
                continue;
            }
            out[n++] = b;
            lineStart = b == '\n' && i > from && data[i - 1] == '\r';
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
