package org.esmtp4j.pure.sasl;

/**
 * EXTERNAL (RFC 4422 appendix A): the initial response is the authorisation identity, empty
 * (sent as {@code =}) to use the one the TLS client certificate establishes. libESMTP sends its
 * external id (§7.2).
 */
public final class ExternalMechanism implements SaslMechanism {

    private final String identity;

    /**
     * @param identity the authorisation identity; empty for the one the server derives
     */
    public ExternalMechanism(String identity) {
        this.identity = identity == null ? "" : identity;
    }

    @Override
    public String name() {
        return "EXTERNAL";
    }

    @Override
    public byte[] initialResponse() {
        return Credentials.utf8(identity);
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        throw new SaslException("EXTERNAL expects no challenge");
    }
}
