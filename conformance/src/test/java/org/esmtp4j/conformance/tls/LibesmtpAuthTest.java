package org.esmtp4j.conformance.tls;

import static org.esmtp4j.conformance.tls.LibesmtpTls.FROM;
import static org.esmtp4j.conformance.tls.LibesmtpTls.TO;
import static org.esmtp4j.conformance.tls.LibesmtpTls.WAIT;
import static org.esmtp4j.conformance.tls.LibesmtpTls.assumeEngine;
import static org.esmtp4j.conformance.tls.LibesmtpTls.deliver;
import static org.esmtp4j.conformance.tls.LibesmtpTls.greetAndEhlo;
import static org.esmtp4j.conformance.tls.LibesmtpTls.serve;
import static org.esmtp4j.conformance.tls.LibesmtpTls.session;
import static org.esmtp4j.conformance.tls.LibesmtpTls.upToTls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.esmtp4j.AuthInteraction;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.conformance.server.CertificateAuthority;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.ThrowAwayPki;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMTP AUTH on the libesmtp engine (libESMTP's SASL client, spec §7) against the scripted
 * server: PLAIN inside TLS, the cleartext guard (hostile case D1), 535 and 534 (D2, D3), the
 * monitor redaction (D5), and what reaches the application's {@link AuthInteraction}.
 */
class LibesmtpAuthTest {

    /** {@code \0user\0secret}. */
    private static final String PLAIN_RESPONSE = "AHVzZXIAc2VjcmV0";
    private static final String USER_B64 = "dXNlcg==";
    private static final String SECRET_B64 = "c2VjcmV0";

    private static CertificateAuthority ca;
    private static IssuedCertificate localhost;

    @BeforeAll
    static void certificates() throws IOException {
        assumeEngine();
        ca = ThrowAwayPki.create().newAuthority("esmtp4j test CA");
        localhost = ca.issue("localhost", "dns:localhost", "ip:127.0.0.1");
    }

    /** Answers every request with "user" or "secret", recording each call. */
    private static final class Answers implements AuthInteraction {
        final List<String> calls = new ArrayList<>();
        final List<List<AuthRequest>> requests = new ArrayList<>();

        @Override
        public List<char[]> answer(String mechanism, List<AuthRequest> asked) {
            calls.add(mechanism);
            requests.add(asked);
            List<char[]> answers = new ArrayList<>();
            for (AuthRequest r : asked) {
                answers.add((r.flags().contains(AuthRequest.Flag.PASS) ? "secret" : "user").toCharArray());
            }
            return answers;
        }
    }

    private static Session tlsSession(ScriptedSmtpServer server, AuthSettings auth) {
        Session s = session(server.hostPort());
        s.setStartTls(StartTlsMode.REQUIRED);
        s.setTls(TlsSettings.builder().trustedCertificates(ca.certificatePem()).build());
        s.setAuth(auth);
        return s;
    }

    private static ScriptBuilder tlsEhlo(String... extensions) {
        StringBuilder reply = new StringBuilder("250-test.example");
        for (int i = 0; i < extensions.length; i++) {
            reply.append("\r\n250").append(i == extensions.length - 1 ? " " : "-").append(extensions[i]);
        }
        return upToTls(localhost.serverContext()).expect("EHLO client.example").reply(reply.toString());
    }

    private static Recipient onlyRecipient(Session s) {
        return s.messages().get(0).recipients().get(0);
    }

    @Test
    void plainInsideTls() {
        Answers answers = new Answers();
        Script script = deliver(tlsEhlo("AUTH PLAIN LOGIN").expect("AUTH PLAIN " + PLAIN_RESPONSE)
                .reply("235 2.7.0 Authentication successful")).build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, AuthSettings.builder().interaction(answers).allowPlainMechanisms(true).build())) {
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
            assertEquals(List.of("PLAIN"), answers.calls);
            assertEquals(List.of(
                    new AuthRequest("user", Set.of(AuthRequest.Flag.USER, AuthRequest.Flag.CLEARTEXT), "User Name", 255),
                    new AuthRequest("passphrase", Set.of(AuthRequest.Flag.PASS, AuthRequest.Flag.CLEARTEXT), "Pass Phrase", 255)),
                    answers.requests.get(0));
        }
    }

    @Test
    void passwordMechanismsAreCancelledWhenStartTlsIsNotOffered() {
        // Starttls ENABLED, the server offers no STARTTLS: libESMTP would send the password in
        // the clear (D1). The engine refuses in the interact callback: AUTH without an initial
        // response, "*" to the challenge; then libESMTP carries on unauthenticated (D2).
        Answers answers = new Answers();
        Script script = deliver(greetAndEhlo("AUTH PLAIN LOGIN")
                .expect("AUTH PLAIN").reply("334 ")
                .expect("*").reply("501 5.7.0 cancelled")
                .expect("AUTH LOGIN").reply("334 VXNlcm5hbWU6")
                .expect("*").reply("501 5.7.0 cancelled")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.ENABLED);
            s.setAuth(AuthSettings.builder().interaction(answers).allowPlainMechanisms(true).build());
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(List.of(), answers.calls, "the application is never asked for a password it must not give");
            assertFalse(t.clientText().contains(SECRET_B64));
        }
    }

    @Test
    void withStartTlsDisabledPasswordMechanismsAreNotTriedAtAll() {
        Answers answers = new Answers();
        Script script = deliver(greetAndEhlo("AUTH PLAIN LOGIN")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.password("user", "secret".toCharArray()));
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertFalse(t.clientText().contains("AUTH"), t.clientText());
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    @Test
    void allowCleartextSendsPlainWithoutTls() {
        Script script = deliver(greetAndEhlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_RESPONSE).reply("235 ok")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction(new Answers()).allowPlainMechanisms(true).allowCleartext(true).build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    @Test
    void after535LibesmtpContinuesToMailUnauthenticated() {
        // Hostile case D2: libESMTP moves on to MAIL after every mechanism failed; the libesmtp
        // engine cannot stop it (continueUnauthenticated is not honoured). Here the server
        // refuses the unauthenticated MAIL, so nothing is delivered.
        Script script = tlsEhlo("AUTH PLAIN")
                .expect("AUTH PLAIN " + PLAIN_RESPONSE).reply("535 5.7.8 Authentication credentials invalid")
                .expect("MAIL FROM:<" + FROM + ">").reply("530 5.7.0 Authentication required")
                .expect("QUIT").reply("221 bye").build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, AuthSettings.password("user", "secret".toCharArray()))) {
            StartResult result = s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), "libESMTP reports no AUTH failure");
            assertEquals(530, s.messages().get(0).reversePathStatus().code());
            assertEquals(Outcome.PERMANENT, onlyRecipient(s).outcome());
        }
    }

    @Test
    void a534EndsTheSession() {
        Script script = tlsEhlo("AUTH PLAIN")
                .expect("AUTH PLAIN " + PLAIN_RESPONSE).reply("534 5.7.9 Authentication mechanism is too weak")
                .expect("QUIT").reply("221 bye").build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, AuthSettings.password("user", "secret".toCharArray()))) {
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertFalse(t.clientTextAfterTls().contains("MAIL"));
            assertFalse(onlyRecipient(s).isComplete());
        }
    }

    @Test
    void theMonitorNeverSeesCredentials() {
        // LOGIN: user name as initial response, password after a 334 that arrives in two reads.
        Script script = deliver(tlsEhlo("AUTH LOGIN")
                .expect("AUTH LOGIN " + USER_B64).splitReply("334 UGFzc3dvcmQ6", 2)
                .expect(SECRET_B64).reply("235 2.7.0 ok")).build();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, AuthSettings.password("user", "secret".toCharArray()))) {
            s.setMonitor((buffer, offset, length, direction) -> trace.write(buffer, offset, length), false);
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
        String text = trace.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("AUTH LOGIN <redacted>\r\n334 <redacted>\r\n<redacted>\r\n235 2.7.0 ok\r\nMAIL FROM:"), text);
        for (String secret : List.of(USER_B64, SECRET_B64, "UGFzc3dvcmQ6", "user", "secret")) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
    }

    @Test
    void theMonitorNeverSeesThePlainInitialResponse() {
        Script script = deliver(greetAndEhlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_RESPONSE).reply("235 ok")).build();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction(new Answers()).allowPlainMechanisms(true).allowCleartext(true).build());
            s.setMonitor((buffer, offset, length, direction) -> trace.write(buffer, offset, length), true);
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
        }
        String text = trace.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("AUTH PLAIN <redacted>\r\n235 ok\r\n"), text);
        assertFalse(text.contains(PLAIN_RESPONSE), text);
    }

    @Test
    void anAnswerLongerThanTheMechanismAcceptsIsNeverPassed() {
        // The PLAIN plugin copies both answers into a 513-byte buffer (spec §8.3 #26); it
        // advertises 255 per answer, which the engine enforces by refusing the mechanism.
        char[] longPassword = "p".repeat(300).toCharArray();
        Script script = deliver(greetAndEhlo("AUTH PLAIN")
                .expect("AUTH PLAIN").reply("334 ")
                .expect("*").reply("501 5.7.0 cancelled")).build();
        List<String> calls = new ArrayList<>();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction((mechanism, requests) -> {
                calls.add(mechanism);
                return List.of("user".toCharArray(), longPassword);
            }).allowPlainMechanisms(true).allowCleartext(true).build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(List.of("PLAIN"), calls, "asked once, although libESMTP asks again on the 334");
        }
    }

    @Test
    void aRefusingInteractionCancelsTheMechanism() {
        Script script = deliver(greetAndEhlo("AUTH PLAIN")
                .expect("AUTH PLAIN").reply("334 ")
                .expect("*").reply("501 5.7.0 cancelled")).build();
        List<String> calls = new ArrayList<>();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction((mechanism, requests) -> {
                calls.add(mechanism);
                return null;
            }).allowPlainMechanisms(true).allowCleartext(true).build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(List.of("PLAIN"), calls);
        }
    }

    @Test
    void anInteractionThatThrowsStopsTheTransferAndTheExceptionSurfaces() {
        IllegalStateException boom = new IllegalStateException("no credentials store");
        Script script = greetAndEhlo("AUTH PLAIN")
                .expect("AUTH PLAIN").reply("334 ")
                .expect("*").reply("501 5.7.0 cancelled")
                .expect("MAIL FROM:<" + FROM + ">").reply("250 ok")
                .expect("RCPT TO:<" + TO + ">").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectClientClose().build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction((mechanism, requests) -> {
                throw boom;
            }).allowPlainMechanisms(true).allowCleartext(true).build());
            assertSame(boom, assertThrows(IllegalStateException.class, s::start));

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(List.of(), t.messages(), "no end of data: nothing delivered");
        }
    }

    /** An NTLM Type 2 challenge (40 bytes, nonce 01..08). */
    private static final String NTLM_TYPE_2 = "TlRMTVNTUAACAAAAAAAAAAAAAAABggAAAQIDBAUGBwgAAAAAAAAAAA==";

    @Test
    void ntlmIsNeverGivenTheCredentials() {
        // libESMTP 1.1.0's NTLM cannot authenticate (§8.3 #2) but would send a crackable
        // response computed from the password: the engine answers it with empty strings.
        Answers answers = new Answers();
        Script script = deliver(greetAndEhlo("AUTH NTLM PLAIN")
                .expectMatching("AUTH NTLM \\S+").reply("334 " + NTLM_TYPE_2)
                .expectAny().reply("535 5.7.8 no")
                .expect("AUTH PLAIN " + PLAIN_RESPONSE).reply("235 ok")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction(answers).allowPlainMechanisms(true).allowCleartext(true).build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(List.of("PLAIN"), answers.calls);
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    @Test
    void aRefusingInteractionDoesNotLetAnNtlmChallengeCrashTheProcess() {
        // A refused NTLM interact would leave the plugin to hash a NULL password when the Type 2
        // challenge comes (strlen(NULL)): the engine never refuses NTLM.
        Script script = deliver(greetAndEhlo("AUTH NTLM")
                .expectMatching("AUTH NTLM( \\S+)?").reply("334 " + NTLM_TYPE_2)
                .expectAny().reply("535 5.7.8 no")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction((mechanism, requests) -> null).build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    @Test
    void externalSendsTheConfiguredIdentity() {
        Script script = deliver(greetAndEhlo("AUTH EXTERNAL").expect("AUTH EXTERNAL YWxpY2U=").reply("235 ok")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction(new Answers()).externalId("alice").build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    @Test
    void aMinimumSsfAboveZeroDisablesEveryShippedMechanism() {
        Script script = deliver(greetAndEhlo("AUTH PLAIN")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setAuth(AuthSettings.builder().interaction(new Answers()).allowPlainMechanisms(true).allowCleartext(true)
                    .minimumSsf(1).build());
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertFalse(t.clientText().contains("AUTH"));
        }
    }
}
