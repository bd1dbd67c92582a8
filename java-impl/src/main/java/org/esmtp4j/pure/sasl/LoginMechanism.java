package org.esmtp4j.pure.sasl;

/**
 * LOGIN (draft-murchison-sasl-login). libESMTP sends the user name as the initial response
 * ({@code AUTH LOGIN <base64 user>}) and the password on the next challenge whatever its text,
 * then cancels any further challenge (§7.3); that is the default wire form here. Without an
 * initial response (for servers that refuse one) the first challenge gets the user name and the
 * second the password.
 */
public final class LoginMechanism implements SaslMechanism {

    private final byte[] user;
    private final byte[] password;
    private final boolean userAsInitialResponse;
    private int step;

    /**
     * @param user the user name
     * @param password the password; copied
     * @param userAsInitialResponse libESMTP's form (true) or the classic two-challenge form
     */
    public LoginMechanism(String user, char[] password, boolean userAsInitialResponse) {
        this.user = Credentials.utf8(user);
        this.password = Credentials.utf8(password);
        this.userAsInitialResponse = userAsInitialResponse;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public byte[] initialResponse() {
        if (!userAsInitialResponse) {
            return null;
        }
        step = 1;
        return user.clone();
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        switch (step++) {
            case 0:
                return user.clone();
            case 1:
                return password.clone();
            default:
                throw new SaslException("LOGIN expects no challenge after the password");
        }
    }

    @Override
    public void dispose() {
        Credentials.wipe(user, password);
    }
}
