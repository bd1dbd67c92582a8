package org.esmtp4j.pure.sasl;

/**
 * PLAIN (RFC 4616): the initial response {@code authzid NUL authcid NUL passwd} with an empty
 * authorisation identity, as libESMTP sends it ({@code AUTH PLAIN AGFsaWNlAHMzY3JldA==}). Any
 * challenge is unexpected.
 */
public final class PlainMechanism implements SaslMechanism {

    private final byte[] user;
    private final byte[] password;

    /**
     * @param user the authentication identity
     * @param password the password; copied
     */
    public PlainMechanism(String user, char[] password) {
        this.user = Credentials.utf8(user);
        this.password = Credentials.utf8(password);
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public byte[] initialResponse() {
        return Credentials.concat(new byte[] {0}, user, new byte[] {0}, password);
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        throw new SaslException("PLAIN expects no challenge");
    }

    @Override
    public void dispose() {
        Credentials.wipe(user, password);
    }
}
