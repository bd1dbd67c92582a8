package org.esmtp4j.pure.sasl;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CRAM-MD5 (RFC 2195): no initial response; the challenge is answered with
 * {@code user SP hex(HMAC-MD5(password, challenge))}. (libESMTP 1.1.0 ships it but never loads
 * it, §8.3 #1.) Only one challenge is expected.
 */
public final class CramMd5Mechanism implements SaslMechanism {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] user;
    private final byte[] password;
    private boolean answered;

    /**
     * @param user the user name
     * @param password the password; copied
     */
    public CramMd5Mechanism(String user, char[] password) {
        this.user = Credentials.utf8(user);
        this.password = Credentials.utf8(password);
    }

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public byte[] initialResponse() {
        return null;
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        if (answered) {
            throw new SaslException("CRAM-MD5 expects one challenge");
        }
        answered = true;
        if (password.length == 0) {
            throw new SaslException("CRAM-MD5 needs a non-empty password");
        }
        byte[] digest;
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password, "HmacMD5"));
            digest = mac.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new SaslException("HMAC-MD5 is not available: " + e.getMessage());
        }
        byte[] response = new byte[user.length + 1 + digest.length * 2];
        System.arraycopy(user, 0, response, 0, user.length);
        response[user.length] = ' ';
        int at = user.length + 1;
        for (byte b : digest) {
            response[at++] = (byte) HEX[(b >> 4) & 0xf];
            response[at++] = (byte) HEX[b & 0xf];
        }
        return response;
    }

    @Override
    public void dispose() {
        Credentials.wipe(user, password);
    }
}
