package org.esmtp4j.conformance.server;

import java.util.List;

/** Where in the transcript TLS started, and what the handshake negotiated. */
public final class TlsDetails {

    private final int clientOffset;
    private final int serverOffset;
    private final String protocol;
    private final String cipherSuite;
    private final List<String> requestedServerNames;

    TlsDetails(int clientOffset, int serverOffset, String protocol, String cipherSuite,
            List<String> requestedServerNames) {
        this.clientOffset = clientOffset;
        this.serverOffset = serverOffset;
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
        this.requestedServerNames = List.copyOf(requestedServerNames);
    }

    /**
     * Offset in {@link Transcript#clientBytes()} of the first byte received inside TLS; bytes
     * before it were plaintext, bytes from it on are decrypted application data.
     *
     * @return offset in {@link Transcript#clientBytes()} of the first byte received inside TLS
     */
    public int clientOffset() {
        return clientOffset;
    }

    /**
     * Offset in {@link Transcript#serverBytes()} of the first byte sent inside TLS.
     *
     * @return offset in {@link Transcript#serverBytes()} of the first byte sent inside TLS
     */
    public int serverOffset() {
        return serverOffset;
    }

    /**
     * The negotiated protocol, e.g. {@code TLSv1.3}.
     *
     * @return the negotiated protocol name
     */
    public String protocol() {
        return protocol;
    }

    /**
     * The negotiated cipher suite.
     *
     * @return the negotiated cipher suite
     */
    public String cipherSuite() {
        return cipherSuite;
    }

    /**
     * The host names the client sent as SNI (RFC 6066 section 3); empty if it sent none.
     *
     * @return the host names the client sent as SNI (RFC 6066 section 3); empty if it sent none
     */
    public List<String> requestedServerNames() {
        return requestedServerNames;
    }

    @Override
    public String toString() {
        return protocol + " " + cipherSuite + " SNI=" + requestedServerNames + " from client offset "
                + clientOffset + ", server offset " + serverOffset;
    }
}
