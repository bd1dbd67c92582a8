package org.esmtp4j.pure.sasl;

/**
 * OAUTHBEARER (RFC 7628): the initial response is a GS2 header without channel binding naming
 * the user ({@code n,a=user,}), then {@code host}, {@code port} and {@code auth=Bearer T}
 * key-value pairs, each ended by ^A, and a final ^A (§3.1). A failing server sends a 334 with a
 * JSON error, answered with a lone ^A (§3.2.3).
 */
public final class OAuthBearerMechanism implements SaslMechanism {

    private final String user;
    private final String host;
    private final int port;
    private final byte[] token;
    private boolean errorAnswered;

    /**
     * @param user the user the token was issued for (the GS2 authzid), or null to leave it out
     * @param host the server host name, or null to leave it out
     * @param port the server port, or 0 to leave it out
     * @param token the access token
     */
    public OAuthBearerMechanism(String user, String host, int port, String token) {
        this.user = user;
        this.host = host;
        this.port = port;
        this.token = Credentials.utf8(token);
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    public byte[] initialResponse() {
        StringBuilder b = new StringBuilder("n,");
        if (user != null && !user.isEmpty()) {
            b.append("a=").append(ScramSha256Mechanism.saslName(user));
        }
        b.append(",\u0001");
        if (host != null) {
            b.append("host=").append(host).append('\u0001');
        }
        if (port > 0) {
            b.append("port=").append(port).append('\u0001');
        }
        b.append("auth=Bearer ");
        return Credentials.concat(Credentials.utf8(b.toString()), token, new byte[] {1, 1});
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        if (errorAnswered) {
            throw new SaslException("OAUTHBEARER expects at most one (error) challenge");
        }
        errorAnswered = true;
        return new byte[] {1};
    }

    @Override
    public void dispose() {
        Credentials.wipe(token);
    }
}
