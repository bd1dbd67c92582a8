package org.esmtp4j.conformance.javatls;

import static org.esmtp4j.conformance.javatls.JavaOnly.WAIT;
import static org.esmtp4j.conformance.javatls.JavaOnly.addMessage;
import static org.esmtp4j.conformance.javatls.JavaOnly.serve;
import static org.esmtp4j.conformance.javatls.JavaOnly.session;
import static org.esmtp4j.conformance.javatls.JavaOnly.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.BodyType;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.ThrowAwayPki;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP AUTH on the java engine (libESMTP §5.2/§7 with hostile cases D1-D5): the wire form of
 * each mechanism, failures, cleartext refusal, and a monitor that never sees a credential.
 */
class AuthTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret";
    /** {@code \0alice\0s3cret}: libESMTP's verified PLAIN initial response. */
    private static final String PLAIN_IR = "AGFsaWNlAHMzY3JldA==";
    private static final String B64_USER = b64(USER);
    private static final String B64_PASSWORD = b64(PASSWORD);

    private static IssuedCertificate certificate;

    @BeforeAll
    static void certificate() throws IOException {
        try (ThrowAwayPki pki = ThrowAwayPki.create()) {
            certificate = pki.selfSigned("mail.example", "dns:mail.example", "ip:127.0.0.1");
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Password settings with PLAIN/LOGIN allowed; cleartext too unless TLS is used. */
    private static AuthSettings.Builder password(List<List<AuthRequest>> asked) {
        return AuthSettings.builder().interaction((mechanism, requests) -> {
            asked.add(requests);
            List<char[]> answers = new ArrayList<>();
            for (AuthRequest r : requests) {
                answers.add(r.flags().contains(AuthRequest.Flag.PASS) ? PASSWORD.toCharArray() : USER.toCharArray());
            }
            return answers;
        }).allowPlainMechanisms(true);
    }

    private static ScriptBuilder upToAuth(String mechanisms) {
        return Script.builder().greet("220 mx")
                .expect("EHLO client.example").reply("250-mx\r\n250 AUTH " + mechanisms);
    }

    private record Run(StartResult result, Recipient recipient, Transcript transcript, String trace) {
    }

    private static Run run(Script script, AuthSettings auth) {
        JavaOnly.Trace trace = new JavaOnly.Trace();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server)) {
            s.setAuth(auth);
            s.setMonitor(trace, false);
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            return new Run(result, r, t, trace.text());
        }
    }

    /** D5: neither the password, nor the user, nor any base64 form of them reaches the monitor. */
    private static void assertNoCredentialsIn(String trace, String... encoded) {
        assertFalse(trace.contains(PASSWORD), trace);
        for (String e : encoded) {
            assertFalse(trace.contains(e), "the monitor saw " + e + ":\n" + trace);
        }
    }

    @Test
    void plainOverTlsAndTheMonitorSeesNoCredential() {
        Script script = transaction(Script.builder().greet("220 mx")
                .expect("EHLO client.example").reply("250-mx\r\n250 STARTTLS")
                .expect("STARTTLS").reply("220 go").startTls(certificate.serverContext())
                .expect("EHLO client.example").reply("250-mx\r\n250 AUTH PLAIN LOGIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply("235 2.7.0 ok")).build();
        List<List<AuthRequest>> asked = new ArrayList<>();
        JavaOnly.Trace trace = new JavaOnly.Trace();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server)) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(TlsSettings.builder().trustAnyCertificateInsecurely().build());
            s.setAuth(password(asked).build());
            s.setMonitor(trace, false);
            Recipient r = addMessage(s);
            StartResult result = s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(Outcome.DELIVERED, r.outcome());
        }
        // libESMTP §7.3: PLAIN asks for "User Name" (0x9, 255) and "Pass Phrase" (0xC, 255)
        assertEquals(List.of(List.of(
                new AuthRequest("user", java.util.EnumSet.of(AuthRequest.Flag.USER, AuthRequest.Flag.CLEARTEXT), "User Name", 255),
                new AuthRequest("passphrase", java.util.EnumSet.of(AuthRequest.Flag.PASS, AuthRequest.Flag.CLEARTEXT), "Pass Phrase", 255))),
                asked);
        assertTrue(trace.text().contains("C: AUTH PLAIN <redacted>\r\n"), trace.text());
        assertTrue(trace.text().contains("S: 235 2.7.0 ok\r\n"), trace.text());
        assertTrue(trace.text().contains("C: MAIL FROM:<sender@example.org>\r\n"), "tracing goes on after AUTH");
        assertNoCredentialsIn(trace.text(), PLAIN_IR);
    }

    @Test
    void loginKeepsLibesmtpsWireFormAndRedactsEveryStep() {
        Script script = transaction(upToAuth("LOGIN")
                .expect("AUTH LOGIN " + B64_USER).reply("334 UGFzc3dvcmQ6")
                .expect(B64_PASSWORD).reply("235 ok")).build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).build());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
        assertTrue(run.trace().contains("C: AUTH LOGIN <redacted>\r\nS: 334 <redacted>\r\nC: <redacted>\r\nS: 235 ok\r\n"),
                run.trace());
        assertNoCredentialsIn(run.trace(), B64_USER, B64_PASSWORD, "UGFzc3dvcmQ6");
    }

    @Test
    void loginRetriesWithoutInitialResponseWhenTheServerRefusesOne() {
        Script script = transaction(upToAuth("LOGIN")
                .expect("AUTH LOGIN " + B64_USER).reply("501 5.5.4 syntax")
                .expect("AUTH LOGIN").reply("334 VXNlcm5hbWU6")
                .expect(B64_USER).reply("334 UGFzc3dvcmQ6")
                .expect(B64_PASSWORD).reply("235 ok")).build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).build());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
    }

    @Test
    void cramMd5AnswersTheChallenge() throws Exception {
        String challenge = "<1896.697170952@postoffice.reston.mci.net>";
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(challenge.getBytes(StandardCharsets.US_ASCII))) {
            hex.append(String.format("%02x", b));
        }
        String response = b64(USER + " " + hex);
        Script script = transaction(upToAuth("CRAM-MD5")
                .expect("AUTH CRAM-MD5").reply("334 " + b64(challenge))
                .expect(response).reply("235 ok")).build();
        // CRAM-MD5 does not reveal the password: no cleartext permission needed
        Run run = run(script, password(new ArrayList<>()).build());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
        assertNoCredentialsIn(run.trace(), response);
    }

    @Test
    void xoauth2SendsTheBearerToken() {
        String ir = b64("user=alice@example.org\u0001auth=Bearer tok3n\u0001\u0001");
        Script script = transaction(upToAuth("XOAUTH2")
                .expect("AUTH XOAUTH2 " + ir).reply("235 2.7.0 accepted")).build();
        Run run = run(script, AuthSettings.builder().oauth("alice@example.org", () -> "tok3n").allowCleartext(true).build());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
        assertNoCredentialsIn(run.trace(), ir, "tok3n");
    }

    @Test
    void xoauth2ErrorChallengeIsAnsweredEmptyThenTheFailureCounts() {
        Script script = upToAuth("XOAUTH2")
                .expectMatching("AUTH XOAUTH2 .+").reply("334 " + b64("{\"status\":\"401\"}"))
                .expect("").reply("535 5.7.8 bad token")
                .expect("QUIT").reply("221 bye").close().build();
        Run run = run(script, AuthSettings.builder().oauth("alice", () -> "expired").allowCleartext(true).build());
        assertEquals(SmtpError.AUTH_FAILED, run.result().error());
        assertEquals(Outcome.TRANSIENT, run.recipient().outcome());
    }

    @Test
    void failureOfEveryMechanismQuitsWithoutMail() {
        // D2: PLAIN 535, then LOGIN (next in the server's order) 535, then QUIT, no MAIL.
        Script script = upToAuth("PLAIN LOGIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply("535 5.7.8 no")
                .expect("AUTH LOGIN " + B64_USER).reply("334 UGFzc3dvcmQ6")
                .expect(B64_PASSWORD).reply("535 5.7.8 still no")
                .expect("QUIT").reply("221 bye").close().build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).build());
        assertEquals(SmtpError.AUTH_FAILED, run.result().error());
        assertTrue(run.result().connected());
        assertTrue(run.result().detail().contains("535"), run.result().detail());
        assertFalse(run.result().detail().contains(PASSWORD));
        assertEquals(Outcome.TRANSIENT, run.recipient().outcome());
    }

    @Test
    void continueUnauthenticatedSendsMailAfterTheFailureAsLibesmtpDoes() {
        Script script = transaction(upToAuth("PLAIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply("535 5.7.8 no")).build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).continueUnauthenticated(true).build());
        assertEquals(SmtpError.NONE, run.result().error());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
    }

    @ParameterizedTest
    @ValueSource(ints = {534, 538})
    void weakMechanismOrEncryptionRequiredEndsTheSession(int code) {
        // D3: no next mechanism, even with continueUnauthenticated
        Script script = upToAuth("PLAIN LOGIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply(code + " 5.7.9 no")
                .expect("QUIT").reply("221 bye").close().build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).continueUnauthenticated(true).build());
        assertEquals(SmtpError.AUTH_FAILED, run.result().error());
        assertEquals(Outcome.TRANSIENT, run.recipient().outcome());
    }

    @Test
    void malformedChallengeIsCancelledWithAStar() {
        // D4
        Script script = upToAuth("LOGIN")
                .expect("AUTH LOGIN " + B64_USER).reply("334 !!not base64!!")
                .expect("*").reply("501 5.7.0 cancelled")
                .expect("QUIT").reply("221 bye").close().build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).build());
        assertEquals(SmtpError.AUTH_FAILED, run.result().error());
        assertTrue(run.result().detail().contains("cancelled"), run.result().detail());
    }

    @Test
    void unexpectedExtraChallengeIsCancelled() {
        Script script = upToAuth("PLAIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply("334 " + b64("more?"))
                .expect("*").reply("501 cancelled")
                .expect("QUIT").reply("221 bye").close().build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).build());
        assertEquals(SmtpError.AUTH_FAILED, run.result().error());
    }

    @Test
    void passwordMechanismsAreNotUsedWithoutTlsByDefault() {
        // D1: the credentials never go out; AUTH is not attempted and the session fails
        Script script = upToAuth("PLAIN LOGIN")
                .expect("QUIT").reply("221 bye").close().build();
        Run run = run(script, password(new ArrayList<>()).build());
        assertEquals(SmtpError.AUTH_FAILED, run.result().error());
        assertTrue(run.result().detail().contains("without TLS"), run.result().detail());
        assertFalse(run.transcript().clientText().contains("AUTH"));
        assertEquals(Outcome.TRANSIENT, run.recipient().outcome());
    }

    @Test
    void withoutTlsAMechanismThatKeepsThePasswordSecretIsStillUsed() {
        Script script = transaction(upToAuth("PLAIN CRAM-MD5")
                .expect("AUTH CRAM-MD5").reply("334 " + b64("<1.2@mx>"))
                .expectMatching("[A-Za-z0-9+/=]+").reply("235 ok")).build();
        Run run = run(script, password(new ArrayList<>()).build());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
    }

    @Test
    void configuredMechanismOrderWinsOverTheServers() {
        Script script = transaction(upToAuth("PLAIN LOGIN CRAM-MD5")
                .expect("AUTH LOGIN " + B64_USER).reply("334 UGFzc3dvcmQ6")
                .expect(B64_PASSWORD).reply("235 ok")).build();
        Run run = run(script, password(new ArrayList<>()).allowCleartext(true).mechanisms("LOGIN", "PLAIN").build());
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
    }

    @Test
    void interactionRefusingAMechanismMovesToTheNext() {
        Script script = transaction(upToAuth("PLAIN LOGIN")
                .expect("AUTH LOGIN " + B64_USER).reply("334 UGFzc3dvcmQ6")
                .expect(B64_PASSWORD).reply("235 ok")).build();
        AuthSettings auth = AuthSettings.builder().interaction((mechanism, requests) -> mechanism.equals("PLAIN") ? null
                : List.of(USER.toCharArray(), PASSWORD.toCharArray())).allowPlainMechanisms(true).allowCleartext(true).build();
        Run run = run(script, auth);
        assertEquals(Outcome.DELIVERED, run.recipient().outcome());
    }

    @Test
    void requiredExtensionsAreStillCheckedAfterAuth() {
        // libESMTP skips the check whenever AUTH was attempted (§8.3 #27); the java engine does not.
        Script script = upToAuth("PLAIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply("235 ok")
                .expect("QUIT").reply("221 bye").close().build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server)) {
            s.setAuth(password(new ArrayList<>()).allowCleartext(true).build());
            Recipient r = addMessage(s);
            r.message().setBodyType(BodyType.EIGHT_BIT_MIME);
            StartResult result = s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void scramSha256AgainstAServerThatKnowsThePassword() throws Exception {
        try (ScramServer server = new ScramServer(USER, PASSWORD, true); Session s = javaEngine().createSession()) {
            s.setServer(server.hostPort());
            s.setHostname("client.example");
            s.setAuth(password(new ArrayList<>()).build());
            JavaOnly.Trace trace = new JavaOnly.Trace();
            s.setMonitor(trace, false);
            Recipient r = addMessage(s);
            StartResult result = s.start();
            assertEquals(SmtpError.NONE, result.error(), result + "\n" + server.log());
            assertEquals(Outcome.DELIVERED, r.outcome(), server.log());
            assertTrue(server.log().contains("AUTH SCRAM-SHA-256 "), server.log());
            assertTrue(trace.text().contains("C: AUTH SCRAM-SHA-256 <redacted>"), trace.text());
            assertFalse(trace.text().contains("p="), trace.text());
        }
    }

    @Test
    void scramSha256RefusesAServerThatCannotProveItself() throws Exception {
        try (ScramServer server = new ScramServer(USER, PASSWORD, false); Session s = javaEngine().createSession()) {
            s.setServer(server.hostPort());
            s.setHostname("client.example");
            s.setAuth(password(new ArrayList<>()).build());
            Recipient r = addMessage(s);
            StartResult result = s.start();
            assertEquals(SmtpError.AUTH_FAILED, result.error(), result + "\n" + server.log());
            assertFalse(server.log().contains("MAIL"), server.log());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    private static org.esmtp4j.SmtpEngine javaEngine() {
        return org.esmtp4j.Smtp.engine(JavaOnly.ENGINE);
    }
}
