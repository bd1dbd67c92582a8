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
import java.util.List;
import javax.net.ssl.SSLContext;
import org.esmtp4j.AuthSettings;
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
import org.esmtp4j.conformance.server.CertificateAuthority;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * STARTTLS on the java engine (libESMTP §6.1 with hostile cases C1-C10): each mode with STARTTLS
 * offered or not, a good certificate, a self-signed one, one from an unknown CA, one for another
 * name, a refused STARTTLS, a failed handshake, response injection, early data, and SNI.
 */
class StartTlsModesTest {

    private static ThrowAwayPki pki;
    private static CertificateAuthority ca;
    private static SSLContext mailExample;
    private static SSLContext otherExample;
    private static IssuedCertificate selfSigned;

    @BeforeAll
    static void certificates() throws IOException {
        pki = ThrowAwayPki.create();
        ca = pki.newAuthority("esmtp4j throw-away test CA");
        mailExample = ca.issue("mail.example", "dns:mail.example").serverContext();
        otherExample = ca.issue("other.example", "dns:other.example").serverContext();
        selfSigned = pki.selfSigned("mail.example", "dns:mail.example", "ip:127.0.0.1");
    }

    @AfterAll
    static void deleteCertificates() {
        pki.close();
    }

    /** Trusts the throw-away CA; the certificate must say mail.example (the server is 127.0.0.1). */
    private static TlsSettings trustingTheCa() {
        return TlsSettings.builder().trustedCertificates(ca.certificatePem()).expectedHostName("mail.example").build();
    }

    private static ScriptBuilder upToStartTls(String ehloReply) {
        return Script.builder().greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply(ehloReply)
                .expect("STARTTLS");
    }

    private static Session tlsSession(ScriptedSmtpServer server, StartTlsMode mode, TlsSettings tls,
            JavaOnly.TlsEvents events) {
        Session s = session(server);
        s.setStartTls(mode);
        s.setTls(tls);
        s.setEventListener(events);
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = StartTlsMode.class, names = {"ENABLED", "REQUIRED"})
    void upgradesForgetsPreTlsCapabilitiesAndSendsTheEnvelopeOnlyInsideTls(StartTlsMode mode) {
        // C10: before TLS the server offers AUTH and no SIZE; after TLS SIZE and no AUTH.
        Script script = transaction(upToStartTls("250-mx.example\r\n250-AUTH PLAIN\r\n250 STARTTLS")
                .reply("220 go ahead").startTls(mailExample)
                .expect("EHLO client.example").reply("250-mx.example\r\n250 SIZE 100000"),
                "MAIL FROM:<sender@example.org> SIZE=5000").build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, mode, trustingTheCa(), events)) {
            s.setAuth(AuthSettings.password("alice", "s3cret".toCharArray()));
            Recipient r = addMessage(s);
            r.message().setSizeEstimate(5000);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(Outcome.DELIVERED, r.outcome());
            assertEquals("EHLO client.example\r\nSTARTTLS\r\n",
                    t.clientText().substring(0, t.tls().orElseThrow().clientOffset()));
            assertTrue(t.clientTextAfterTls().startsWith("EHLO client.example\r\nMAIL FROM:"), t.clientTextAfterTls());
            assertEquals(List.of("mail.example"), t.tls().orElseThrow().requestedServerNames(), "SNI (C5)");
            assertEquals(1, events.events().size(), events.events().toString());
            assertTrue(events.events().get(0).startsWith("startTlsOk TLSv1."), events.events().toString());
        }
    }

    @Test
    void enabledWithoutStartTlsOfferedContinuesInCleartext() {
        Script script = transaction(Script.builder().greet("220 mx")
                .expect("EHLO client.example").reply("250-mx\r\n250 8BITMIME")).build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.ENABLED, trustingTheCa(), new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, r.outcome());
        }
    }

    @Test
    void disabledNeverSendsStartTls() {
        Script script = transaction(Script.builder().greet("220 mx")
                .expect("EHLO client.example").reply("250-mx\r\n250 STARTTLS")).build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.DISABLED, trustingTheCa(), new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, r.outcome());
        }
    }

    @Test
    void requiredWithoutStartTlsOfferedQuitsBeforeAuthAndMail() {
        // C2(a): STARTTLS stripped; AUTH is offered and cleartext AUTH allowed, yet nothing but QUIT.
        Script script = Script.builder().greet("220 mx")
                .expect("EHLO client.example").reply("250-mx\r\n250 AUTH PLAIN")
                .expect("QUIT").reply("221 bye").close().build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED, trustingTheCa(), events)) {
            s.setAuth(AuthSettings.builder().interaction((m, r) -> List.of("a".toCharArray(), "b".toCharArray()))
                    .allowPlainMechanisms(true).allowCleartext(true).build());
            Recipient r = addMessage(s);
            StartResult result = s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error());
            assertTrue(result.connected());
            assertEquals(List.of("extna STARTTLS"), events.events());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void requiredOnTheHeloPathQuitsBeforeMail() {
        // C2(b): EHLO refused, HELO accepted: no STARTTLS possible.
        Script script = Script.builder().greet("220 mx")
                .expect("EHLO client.example").reply("502 no")
                .expect("HELO client.example").reply("250 mx")
                .expect("QUIT").reply("221 bye").close().build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED, trustingTheCa(), events)) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error());
            assertEquals(List.of("extna STARTTLS"), events.events());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @ParameterizedTest
    @EnumSource(value = StartTlsMode.class, names = {"ENABLED", "REQUIRED"})
    void refusedStartTlsQuitsInEveryMode(StartTlsMode mode) {
        // C3: libESMTP quits even when TLS is only ENABLED; the error stays NONE (§5.9).
        Script script = upToStartTls("250-mx\r\n250 STARTTLS").reply("454 4.7.0 TLS not available")
                .expect("QUIT").reply("221 bye").close().build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, mode, trustingTheCa(), new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertTrue(result.connected());
            assertEquals(SmtpError.NONE, result.error());
            assertTrue(result.detail().contains("454"), result.detail());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    /** The handshake completes, the check fails, the client quits inside TLS and sends nothing else. */
    private void refusedAfterHandshake(SSLContext serverContext, TlsSettings tls, String expectedEvent) {
        Script script = upToStartTls("250-mx\r\n250 STARTTLS").reply("220 go").startTls(serverContext)
                .expect("QUIT").reply("221 bye").close().build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.ENABLED, tls, events)) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals("QUIT\r\n", t.clientTextAfterTls());
            assertEquals(List.of(expectedEvent), events.events());
            assertTrue(result.connected());
            assertEquals(SmtpError.NONE, result.error(), "libESMTP leaves smtp_errno untouched (§5.9)");
            assertTrue(result.detail().startsWith("TLS refused"), result.detail());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void selfSignedCertificateIsRefusedByDefault() {
        // C4; X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        refusedAfterHandshake(selfSigned.serverContext(),
                TlsSettings.builder().expectedHostName("mail.example").build(), "invalidPeerCertificate 18");
    }

    @Test
    void unknownCaIsRefusedByDefault() {
        // C4; the server sends its (untrusted) root along: X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
        refusedAfterHandshake(mailExample, TlsSettings.builder().expectedHostName("mail.example").build(),
                "invalidPeerCertificate 19");
    }

    @Test
    void certificateForAnotherNameIsRefused() {
        // C5/C6: the configured name is the reference, whatever DNS says
        refusedAfterHandshake(otherExample, trustingTheCa(), "wrongPeerCertificate other.example");
    }

    @Test
    void certificateForTheServersIpIsNotEnoughForTheConfiguredName() {
        // The trusted self-signed certificate lists IP 127.0.0.1, where the client connects, but
        // the reference identity is the configured name (RFC 2595 §2.4).
        refusedAfterHandshake(selfSigned.serverContext(), TlsSettings.builder().expectedHostName("mail.other")
                .trustedCertificates(selfSigned.certificatePem()).build(), "wrongPeerCertificate mail.example");
    }

    @Test
    void listenerMayAcceptASelfSignedCertificate() {
        Script script = transaction(upToStartTls("250-mx\r\n250 STARTTLS").reply("220 go")
                .startTls(selfSigned.serverContext()).expect("EHLO client.example").reply("250 mx")).build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(true);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED,
                        TlsSettings.builder().expectedHostName("mail.example").build(), events)) {
            Recipient r = addMessage(s);
            s.start();
            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, r.outcome());
            assertEquals("invalidPeerCertificate 18", events.events().get(0));
            assertTrue(events.events().get(1).startsWith("startTlsOk"));
        }
    }

    @Test
    void failedHandshakeDropsTheConnectionWithClientError() throws Exception {
        // The caller's own context verifies during the handshake (libESMTP §6.4 with
        // SSL_VERIFY_PEER): a bad certificate fails the handshake itself.
        SSLContext systemTrust = SSLContext.getInstance("TLS");
        systemTrust.init(null, null, null);
        Script script = upToStartTls("250-mx\r\n250 STARTTLS").reply("220 go")
                .startTlsExpectingRejection(selfSigned.serverContext()).build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.ENABLED, TlsSettings.builder().sslContext(systemTrust).build(),
                        new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertTrue(t.tlsRejection().isPresent());
            assertEquals(SmtpError.CLIENT_ERROR, result.error(), result.toString());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void serverClosingMidHandshakeIsAClientErrorAndNeverCleartext() {
        // C8 under REQUIRED: nothing after STARTTLS
        Script script = upToStartTls("250-mx\r\n250 STARTTLS").reply("220 go").close().build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED, trustingTheCa(), new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            String plaintext = "EHLO client.example\r\nSTARTTLS\r\n";
            assertTrue(t.clientText().startsWith(plaintext), t.clientText());
            if (t.clientText().length() > plaintext.length()) {
                assertEquals(0x16, t.clientBytes()[plaintext.length()], "only the TLS ClientHello follows");
            }
            assertFalse(t.clientText().contains("MAIL"));
            assertEquals(SmtpError.CLIENT_ERROR, result.error(), result.toString());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void bytesAfterThe220AreStartTlsInjectionAndDropTheConnection() {
        // C1: the probe's bytes in one write; nothing more may be sent, not even QUIT.
        Script script = upToStartTls("250-mx\r\n250 STARTTLS").replyRaw("220 go\r\n250-injected\r\n")
                .expectClientClose().build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED, trustingTheCa(), new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals("EHLO client.example\r\nSTARTTLS\r\n", t.clientText());
            assertEquals(SmtpError.INVALID_RESPONSE_SYNTAX, result.error());
            assertTrue(result.detail().contains("STARTTLS injection"), result.detail());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void dataInsideTlsBeforeEhloIsAProtocolError() {
        // C9: two replies in one TLS record before the client's EHLO. Whether the client sees
        // them before or after sending EHLO, it ends the session before any MAIL.
        Script script = upToStartTls("250-mx\r\n250 STARTTLS").reply("220 go").startTls(mailExample)
                .sendUnsolicited("250 early", "250 early again").build();
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED, trustingTheCa(), new JavaOnly.TlsEvents(false))) {
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            assertFalse(t.clientTextAfterTls().contains("MAIL"), t.clientTextAfterTls());
            assertEquals(SmtpError.INVALID_RESPONSE_SYNTAX, result.error(), result.toString());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    @Test
    void unusableTrustFileNeverFallsBackToCleartext() throws IOException {
        // libESMTP (§8.3 #21) goes on in cleartext under ENABLED; the java engine quits.
        java.nio.file.Path notPem = java.nio.file.Files.createTempFile("not-a-ca", ".pem");
        try {
            Script script = Script.builder().greet("220 mx")
                    .expect("EHLO client.example").reply("250-mx\r\n250 STARTTLS")
                    .expect("QUIT").reply("221 bye").close().build();
            JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
            try (ScriptedSmtpServer server = serve(script);
                    Session s = tlsSession(server, StartTlsMode.ENABLED,
                            TlsSettings.builder().trustedCertificates(notPem).build(), events)) {
                Recipient r = addMessage(s);
                StartResult result = s.start();
                server.awaitTranscript(WAIT).assertScriptCompleted();
                assertEquals(List.of("unusableCaList"), events.events());
                assertEquals(SmtpError.CLIENT_ERROR, result.error());
                assertEquals(Outcome.TRANSIENT, r.outcome());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(notPem);
        }
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreetingAndNeverSendsStartTls() {
        Script script = transaction(Script.builder().startTls(mailExample).greet("220 mx")
                .expect("EHLO client.example").reply("250-mx\r\n250 STARTTLS")).build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.REQUIRED, trustingTheCa(), events)) {
            s.setImplicitTls(true);
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            assertEquals(Outcome.DELIVERED, r.outcome());
            assertEquals(0, t.tls().orElseThrow().clientOffset());
            assertEquals(0, t.tls().orElseThrow().serverOffset());
            assertEquals(List.of("mail.example"), t.tls().orElseThrow().requestedServerNames());
            assertTrue(events.events().get(0).startsWith("startTlsOk"), events.events().toString());
        }
    }

    @Test
    void implicitTlsWithARefusedCertificateClosesWithoutSendingAnything() {
        Script script = Script.builder().startTls(otherExample).expectClientClose().build();
        JavaOnly.TlsEvents events = new JavaOnly.TlsEvents(false);
        try (ScriptedSmtpServer server = serve(script);
                Session s = tlsSession(server, StartTlsMode.DISABLED, trustingTheCa(), events)) {
            s.setImplicitTls(true);
            Recipient r = addMessage(s);
            StartResult result = s.start();
            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals("", t.clientTextAfterTls());
            assertEquals(List.of("wrongPeerCertificate other.example"), events.events());
            assertEquals(SmtpError.NONE, result.error());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }
}
