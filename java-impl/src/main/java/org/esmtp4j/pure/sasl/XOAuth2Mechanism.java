package org.esmtp4j.pure.sasl;

/**
 * XOAUTH2 (Google and Microsoft's OAuth 2.0 bearer mechanism): the initial response
 * {@code user=U ^A auth=Bearer T ^A ^A}. A failing server sends a 334 with a JSON error, which
 * must be answered with an empty response before the final 5xx arrives.
 */
public final class XOAuth2Mechanism implements SaslMechanism {

    private final String user;
    private final byte[] token;
    private boolean errorAnswered;

    /**
     * @param user the user the token was issued for
     * @param token the access token
     */
    public XOAuth2Mechanism(String user, String token) {
        this.user = user;
        this.token = Credentials.utf8(token);
    }

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    public byte[] initialResponse() {
        return Credentials.concat(Credentials.utf8("user=" + user + "\u0001auth=Bearer "), token,
                new byte[] {1, 1});
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        if (errorAnswered) {
            throw new SaslException("XOAUTH2 expects at most one (error) challenge");
        }
        errorAnswered = true;
        return new byte[0];
    }

    @Override
    public void dispose() {
        Credentials.wipe(token);
    }
}
