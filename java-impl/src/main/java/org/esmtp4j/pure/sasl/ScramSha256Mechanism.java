package org.esmtp4j.pure.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding (GS2 header {@code n,,}). The
 * client proves it knows the password without sending it, and checks the server's signature:
 * a server that cannot prove it knows the salted password fails the exchange, and a success
 * reply before that proof is not accepted ({@link #isComplete()}).
 *
 * <p>User name and password are normalised with Unicode NFKC, the core of SASLprep (RFC 4013);
 * the prohibited-character tables are not applied. The server's iteration count is bounded
 * ({@value #MAX_ITERATIONS}) so that a server cannot make the client spin (invariant I6).
 */
public final class ScramSha256Mechanism implements SaslMechanism {

    /** The most PBKDF2 iterations a server may ask for. */
    public static final int MAX_ITERATIONS = 1_000_000;

    private static final String GS2_HEADER = "n,,";
    private static final String HMAC = "HmacSHA256";

    private final String user;
    private final byte[] password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private int step;
    private boolean verified;

    /**
     * @param user the user name
     * @param password the password; copied
     */
    public ScramSha256Mechanism(String user, char[] password) {
        this(user, password, ScramSha256Mechanism::randomNonce);
    }

    /**
     * @param user the user name
     * @param password the password; copied
     * @param nonce gives the client nonce (printable ASCII without commas; tests fix it)
     */
    public ScramSha256Mechanism(String user, char[] password, Supplier<String> nonce) {
        this.user = user;
        this.password = Normalizer.normalize(java.nio.CharBuffer.wrap(password), Normalizer.Form.NFKC)
                .getBytes(StandardCharsets.UTF_8);
        this.clientNonce = nonce.get();
    }

    private static String randomNonce() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().withoutPadding().encodeToString(random);
    }

    /** RFC 5802 §5.1 saslname: NFKC, then {@code =} and {@code ,} escaped. */
    static String saslName(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
        return n.replace("=", "=3D").replace(",", "=2C");
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public byte[] initialResponse() {
        clientFirstBare = "n=" + saslName(user) + ",r=" + clientNonce;
        step = 1;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws SaslException {
        switch (step) {
            case 1:
                step = 2;
                return clientFinal(new String(challenge, StandardCharsets.UTF_8));
            case 2:
                step = 3;
                verifyServerFinal(new String(challenge, StandardCharsets.UTF_8));
                // RFC 4954 §4: additional data with success comes as a challenge, answered empty.
                return new byte[0];
            default:
                throw new SaslException("SCRAM expects no challenge here");
        }
    }

    @Override
    public boolean isComplete() {
        return verified;
    }

    private byte[] clientFinal(String serverFirst) throws SaslException {
        String nonce = attribute(serverFirst, 'r');
        String salt64 = attribute(serverFirst, 's');
        String iterationText = attribute(serverFirst, 'i');
        if (nonce == null || salt64 == null || iterationText == null || serverFirst.startsWith("m=")) {
            throw new SaslException("malformed SCRAM server-first-message");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslException("the server nonce does not extend the client nonce");
        }
        int iterations;
        byte[] salt;
        try {
            iterations = Integer.parseInt(iterationText);
            salt = Base64.getDecoder().decode(salt64);
        } catch (IllegalArgumentException e) {
            throw new SaslException("malformed SCRAM salt or iteration count");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new SaslException("SCRAM iteration count out of range: " + iterations);
        }
        String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] salted = null;
        byte[] clientKey = null;
        try {
            salted = hi(password, salt, iterations);
            clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new SaslException("SHA-256 is not available: " + e.getMessage());
        } finally {
            Credentials.wipe(salted, clientKey);
        }
    }

    private void verifyServerFinal(String serverFinal) throws SaslException {
        String error = attribute(serverFinal, 'e');
        if (error != null) {
            throw new SaslException("the server refused: " + error);
        }
        String v = attribute(serverFinal, 'v');
        byte[] signature;
        try {
            signature = v == null ? null : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            signature = null;
        }
        if (signature == null || expectedServerSignature == null
                || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslException("the server signature does not verify: the server does not know the password");
        }
        verified = true;
    }

    /** @return the value of {@code name=} in a comma-separated attribute list, or null */
    private static String attribute(String message, char name) {
        for (String part : message.split(",", -1)) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC-SHA-256 and one output block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is
        // the same key (RFC 2104 §2).
        mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, HMAC));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(key, HMAC));
        return mac.doFinal(data);
    }

    @Override
    public void dispose() {
        Arrays.fill(password, (byte) 0);
    }
}
