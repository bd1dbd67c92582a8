package org.esmtp4j.pure.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.SmtpError;
import org.esmtp4j.pure.protocol.Reply;
import org.junit.jupiter.api.Test;

/** The AUTH exchange against a fake wire: what is sent as a secret, cancellation and its limits. */
class AuthenticatorTest {

    /** Answers each line with the next scripted reply and records the lines, secrets marked. */
    private static final class FakeWire implements Authenticator.Wire {
        final Deque<Reply> replies = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();

        FakeWire reply(int code, String text) {
            replies.add(Reply.of(code, text));
            return this;
        }

        @Override
        public Reply send(String line) {
            sent.add(line);
            return replies.removeFirst();
        }

        @Override
        public Reply sendSecret(String visible, String secret) {
            sent.add(visible + "[secret:" + secret + "]");
            return replies.removeFirst();
        }
    }

    private static AuthSettings password(boolean cleartext) {
        return AuthSettings.builder().interaction((m, r) -> List.of("alice".toCharArray(), "s3cret".toCharArray()))
                .allowPlainMechanisms(true).allowCleartext(cleartext).build();
    }

    private static Authenticator authenticator(AuthSettings settings, boolean tls) {
        return new Authenticator(settings, tls, null, "mail.example", 587);
    }

    @Test
    void credentialsGoOnlyThroughTheSecretPath() throws Exception {
        FakeWire wire = new FakeWire().reply(334, "UGFzc3dvcmQ6").reply(235, "ok");
        assertEquals(Authenticator.Result.AUTHENTICATED, authenticator(password(false), true).run(List.of("LOGIN"), wire));
        assertEquals(List.of("AUTH LOGIN [secret:YWxpY2U=]", "[secret:czNjcmV0]"), wire.sent);
    }

    @Test
    void oversizedChallengeIsCancelled() throws Exception {
        String huge = Base64.getEncoder().encodeToString(new byte[Authenticator.MAX_CHALLENGE_BYTES + 3]);
        FakeWire wire = new FakeWire().reply(334, huge).reply(501, "cancelled");
        Authenticator a = authenticator(password(false), true);
        assertEquals(Authenticator.Result.FAILED, a.run(List.of("CRAM-MD5"), wire));
        assertEquals(List.of("AUTH CRAM-MD5", "*"), wire.sent);
        assertTrue(a.detail().contains("larger than"), a.detail());
    }

    @Test
    void aChallengeAfterTheCancelIsAProtocolError() {
        FakeWire wire = new FakeWire().reply(334, "%%").reply(334, "");
        ProtocolAbort abort = assertThrows(ProtocolAbort.class,
                () -> authenticator(password(false), true).run(List.of("CRAM-MD5"), wire));
        assertEquals(SmtpError.INVALID_RESPONSE_STATUS, abort.error());
    }

    @Test
    void successAfterTheCancelIsNotTaken() {
        FakeWire wire = new FakeWire().reply(334, "%%").reply(235, "ok anyway");
        assertThrows(ProtocolAbort.class, () -> authenticator(password(false), true).run(List.of("CRAM-MD5"), wire));
    }

    @Test
    void replyCodesOutsideTheProtocolAreErrors() {
        FakeWire wire = new FakeWire().reply(354, "what");
        assertThrows(ProtocolAbort.class, () -> authenticator(password(false), true).run(List.of("PLAIN"), wire));
    }

    @Test
    void unknownMechanismsAreSkippedAndReported() throws Exception {
        FakeWire wire = new FakeWire();
        Authenticator a = authenticator(password(false), true);
        assertEquals(Authenticator.Result.FAILED, a.run(List.of("GSSAPI", "NTLM"), wire));
        assertEquals(List.of(), wire.sent);
        assertTrue(a.detail().contains("GSSAPI"), a.detail());
    }

    @Test
    void minimumSsfRulesOutEveryMechanism() throws Exception {
        AuthSettings ssf = AuthSettings.builder().interaction((m, r) -> List.of("a".toCharArray(), "b".toCharArray()))
                .allowPlainMechanisms(true).minimumSsf(1).build();
        FakeWire wire = new FakeWire();
        assertEquals(Authenticator.Result.FAILED, authenticator(ssf, true).run(List.of("PLAIN", "CRAM-MD5"), wire));
        assertEquals(List.of(), wire.sent);
    }

    @Test
    void externalUsesTheClientCertificateNameWhenNoIdentityIsSet() throws Exception {
        FakeWire wire = new FakeWire().reply(235, "ok");
        Authenticator a = new Authenticator(AuthSettings.builder().build(), true, "client.example", "mail.example", 587);
        assertEquals(Authenticator.Result.AUTHENTICATED, a.run(List.of("EXTERNAL"), wire));
        assertEquals(List.of("AUTH EXTERNAL [secret:Y2xpZW50LmV4YW1wbGU=]"), wire.sent);
    }

    @Test
    void emptyExternalIdentityIsSentAsEquals() throws Exception {
        FakeWire wire = new FakeWire().reply(235, "ok");
        Authenticator a = authenticator(AuthSettings.builder().externalId("").build(), false);
        assertEquals(Authenticator.Result.AUTHENTICATED, a.run(List.of("EXTERNAL"), wire));
        assertEquals(List.of("AUTH EXTERNAL ="), wire.sent);
    }
}
