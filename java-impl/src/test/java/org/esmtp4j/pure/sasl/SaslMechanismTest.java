package org.esmtp4j.pure.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SASL client mechanisms against RFC test vectors and libESMTP's verified wire forms. */
class SaslMechanismTest {

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainIsLibesmtpsVerifiedInitialResponse() throws SaslException {
        PlainMechanism plain = new PlainMechanism("alice", "s3cret".toCharArray());
        assertEquals("AGFsaWNlAHMzY3JldA==", Base64.getEncoder().encodeToString(plain.initialResponse()));
        assertThrows(SaslException.class, () -> plain.evaluate(new byte[0]));
    }

    @Test
    void plainRfc4616Form() {
        PlainMechanism plain = new PlainMechanism("tim", "tanstaaftanstaaf".toCharArray());
        assertEquals("\0tim\0tanstaaftanstaaf", ascii(plain.initialResponse()));
    }

    @Test
    void loginSendsTheUserAsInitialResponseThenThePasswordWhateverTheChallenge() throws SaslException {
        LoginMechanism login = new LoginMechanism("alice", "s3cret".toCharArray(), true);
        assertEquals("alice", ascii(login.initialResponse()));
        assertEquals("s3cret", ascii(login.evaluate(bytes("anything at all"))));
        assertThrows(SaslException.class, () -> login.evaluate(bytes("Password:")));
    }

    @Test
    void loginClassicFormAnswersTwoChallenges() throws SaslException {
        LoginMechanism login = new LoginMechanism("alice", "s3cret".toCharArray(), false);
        assertNull(login.initialResponse());
        assertEquals("alice", ascii(login.evaluate(bytes("Username:"))));
        assertEquals("s3cret", ascii(login.evaluate(bytes("Password:"))));
        assertThrows(SaslException.class, () -> login.evaluate(bytes("again")));
    }

    @Test
    void cramMd5Rfc2195Vector() throws SaslException {
        CramMd5Mechanism cram = new CramMd5Mechanism("tim", "tanstaaftanstaaf".toCharArray());
        assertNull(cram.initialResponse());
        byte[] response = cram.evaluate(bytes("<1896.697170952@postoffice.reston.mci.net>"));
        assertEquals("tim b913a602c7eda7a495b4e6e7334d3890", ascii(response));
        // RFC 2195 §2: the base64 the client sends
        assertEquals("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", Base64.getEncoder().encodeToString(response));
        assertThrows(SaslException.class, () -> cram.evaluate(bytes("<again@x>")));
    }

    @Test
    void externalSendsTheIdentityOrAnEmptyResponse() throws SaslException {
        assertEquals("client.example", ascii(new ExternalMechanism("client.example").initialResponse()));
        assertEquals(0, new ExternalMechanism("").initialResponse().length);
        assertThrows(SaslException.class, () -> new ExternalMechanism("x").evaluate(new byte[0]));
    }

    @Test
    void xoauth2InitialResponseAndErrorChallenge() throws SaslException {
        XOAuth2Mechanism x = new XOAuth2Mechanism("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
        assertEquals("user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u0001\u0001",
                ascii(x.initialResponse()));
        // a failing server sends a JSON error as a challenge; the client answers it empty
        assertArrayEquals(new byte[0], x.evaluate(bytes("{\"status\":\"401\"}")));
        assertThrows(SaslException.class, () -> x.evaluate(new byte[0]));
    }

    @Test
    void oauthBearerRfc7628Example() throws SaslException {
        OAuthBearerMechanism o = new OAuthBearerMechanism("user@example.com", "server.example.com", 143,
                "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
        String expected = "n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001"
                + "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001";
        assertEquals(expected, ascii(o.initialResponse()));
        assertEquals("bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB",
                Base64.getEncoder().encodeToString(o.initialResponse()));
        assertArrayEquals(new byte[] {1}, o.evaluate(bytes("{\"status\":\"invalid_token\"}")));
    }

    @Test
    void scramSha256Rfc7677Vector() throws SaslException {
        ScramSha256Mechanism scram = new ScramSha256Mechanism("user", "pencil".toCharArray(), () -> "rOprNGfwEbeRWgbNEkqO");
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", ascii(scram.initialResponse()));
        byte[] clientFinal = scram.evaluate(bytes(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", ascii(clientFinal));
        assertFalse(scram.isComplete(), "not complete before the server proved itself");
        assertArrayEquals(new byte[0], scram.evaluate(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertTrue(scram.isComplete());
    }

    @Test
    void scramRefusesAWrongServerSignature() throws SaslException {
        ScramSha256Mechanism scram = new ScramSha256Mechanism("user", "pencil".toCharArray(), () -> "rOprNGfwEbeRWgbNEkqO");
        scram.initialResponse();
        scram.evaluate(bytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThrows(SaslException.class, () -> scram.evaluate(bytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertFalse(scram.isComplete());
    }

    @Test
    void scramRefusesANonceThatDoesNotExtendTheClientsAndHostileIterationCounts() throws SaslException {
        ScramSha256Mechanism a = new ScramSha256Mechanism("user", "pencil".toCharArray(), () -> "abc");
        a.initialResponse();
        assertThrows(SaslException.class, () -> a.evaluate(bytes("r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
        ScramSha256Mechanism b = new ScramSha256Mechanism("user", "pencil".toCharArray(), () -> "abc");
        b.initialResponse();
        assertThrows(SaslException.class, () -> b.evaluate(bytes("r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000")));
        ScramSha256Mechanism c = new ScramSha256Mechanism("user", "pencil".toCharArray(), () -> "abc");
        c.initialResponse();
        assertThrows(SaslException.class, () -> c.evaluate(bytes("r=abcdef,s=!!notbase64,i=4096")));
        ScramSha256Mechanism d = new ScramSha256Mechanism("user", "pencil".toCharArray(), () -> "abc");
        d.initialResponse();
        assertThrows(SaslException.class, () -> d.evaluate(bytes("e=unknown-user")));
    }

    @Test
    void scramEscapesCommaAndEqualsInTheUserName() {
        ScramSha256Mechanism s = new ScramSha256Mechanism("a,b=c", "p".toCharArray(), () -> "n");
        assertEquals("n,,n=a=2Cb=3Dc,r=n", ascii(s.initialResponse()));
    }

    @Test
    void disposeWipesTheCredentials() {
        PlainMechanism plain = new PlainMechanism("alice", "s3cret".toCharArray());
        plain.dispose();
        assertEquals("\0\0\0\0\0\0\0\0\0\0\0\0\0", ascii(plain.initialResponse()));
    }
}
