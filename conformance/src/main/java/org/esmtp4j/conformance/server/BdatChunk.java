package org.esmtp4j.conformance.server;

/**
 * One {@code BDAT} chunk (RFC 3030): the command line the client sent and the chunk bytes that
 * followed it.
 */
public final class BdatChunk {

    private final String commandLine;
    private final int size;
    private final boolean last;
    private final byte[] bytes;

    BdatChunk(String commandLine, int size, boolean last, byte[] bytes) {
        this.commandLine = commandLine;
        this.size = size;
        this.last = last;
        this.bytes = bytes;
    }

    /**
     * The command line without its CRLF, e.g. {@code BDAT 1000 LAST}.
     *
     * @return the command line without its CRLF
     */
    public String commandLine() {
        return commandLine;
    }

    /**
     * The declared chunk size.
     *
     * @return the declared chunk size
     */
    public int size() {
        return size;
    }

    /**
     * Whether the command carried {@code LAST}.
     *
     * @return {@code true} if the command carried {@code LAST}
     */
    public boolean last() {
        return last;
    }

    /**
     * The chunk bytes.
     *
     * @return the chunk bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return commandLine;
    }
}
