package org.esmtp4j.conformance.tls;

import static org.esmtp4j.conformance.tls.LibesmtpTls.WAIT;
import static org.esmtp4j.conformance.tls.LibesmtpTls.assumeEngine;
import static org.esmtp4j.conformance.tls.LibesmtpTls.deliver;
import static org.esmtp4j.conformance.tls.LibesmtpTls.greetAndEhlo;
import static org.esmtp4j.conformance.tls.LibesmtpTls.serve;
import static org.esmtp4j.conformance.tls.LibesmtpTls.session;
import static org.esmtp4j.conformance.tls.LibesmtpTls.upToTls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.ThrowAwayPki;
import org.esmtp4j.conformance.server.TlsDetails;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS on the libesmtp engine against the scripted server: the engine's own OpenSSL context
 * per start (trusted CA file, client certificate), the TLS events and their answers, the name
 * checked against the configured host (not libESMTP's canonical name), and two TLS sessions in
 * one process (libESMTP 1.1.0 issue #30).
 */
class LibesmtpStartTlsTest {

    /** The password of {@link #otherEncryptedKey}. */
    private static final char[] KEY_PASSWORD = "key password 1".toCharArray();

    private static ThrowAwayPki pki;
    private static CertificateAuthority ca;
    private static IssuedCertificate localhost;
    private static IssuedCertificate other;
    /** The key of {@link #other}, encrypted with {@link #KEY_PASSWORD}. */
    private static Path otherEncryptedKey;
    private static IssuedCertificate selfSigned;

    @BeforeAll
    static void certificates() throws IOException {
        assumeEngine();
        pki = ThrowAwayPki.create();
        ca = pki.newAuthority("esmtp4j test CA");
        localhost = ca.issue("localhost", "dns:localhost", "ip:127.0.0.1");
        other = ca.issue("other.example", "dns:other.example");
        otherEncryptedKey = other.encryptedKeyPem(KEY_PASSWORD);
        selfSigned = pki.selfSigned("localhost", "dns:localhost", "ip:127.0.0.1");
    }

    private static TlsSettings trustingTestCa() {
        return TlsSettings.builder().trustedCertificates(ca.certificatePem()).build();
    }

    /** A script for a server that must see no connection. */
    private static Script neverPlayed() {
        return Script.builder().greet("220 test.example ESMTP").expect("QUIT").reply("221 bye").build();
    }

    private static Recipient onlyRecipient(Session s) {
        return s.messages().get(0).recipients().get(0);
    }

    @Test
    void deliversInsideTlsWithTheTrustedCaFile() {
        Script script = deliver(upToTls(localhost.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(trustingTestCa());
            s.setEventListener(events);
            StartResult result = s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertTrue(result.connected(), result.toString());
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
            TlsDetails tls = t.tls().orElseThrow();
            assertTrue(t.clientTextAfterTls().startsWith("EHLO client.example\r\nMAIL FROM:"), t.clientTextAfterTls());
            // TLS 1.2 only: libESMTP 1.1.0 stalls on TLS 1.3's post-handshake session tickets
            assertEquals("TLSv1.2", tls.protocol());
            // connected to 127.0.0.1: the IP SAN matched (OpenSSL); libESMTP's own check, which
            // ignores IP SANs and fires "wrong" for 127.0.0.1, is answered by the engine
            assertEquals(List.of("tlsOk " + tls.protocol() + " bits>=128:true cipher:true"), events.events());
            assertEquals(List.of(), tls.requestedServerNames(), "no SNI for an IP literal (RFC 6066 §3)");
        }
    }

    @Test
    void sendsTheConfiguredHostNameAsSniAndChecksIt() {
        Script script = deliver(upToTls(localhost.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session("localhost:" + server.port())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(trustingTestCa());
            s.setEventListener(events);
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(List.of("localhost"), t.tls().orElseThrow().requestedServerNames());
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
            assertEquals(1, events.events().size(), events.events().toString());
        }
    }

    @Test
    void selfSignedIsRefusedByDefaultAndQuitsInsideTls() {
        Script script = upToTls(selfSigned.serverContext()).expect("QUIT").reply("221 bye").build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.ENABLED);
            s.setTls(trustingTestCa());
            s.setEventListener(events);
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals("QUIT\r\n", t.clientTextAfterTls(), "nothing but QUIT after the handshake");
            assertEquals(List.of("invalid 18 self-signed certificate"), events.events());
            assertFalse(onlyRecipient(s).isComplete());
            assertEquals(Outcome.TRANSIENT, onlyRecipient(s).outcome());
        }
    }

    @Test
    void selfSignedIsAcceptedWhenTheListenerSaysSo() {
        Script script = deliver(upToTls(selfSigned.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
        TlsRecorder events = new TlsRecorder().acceptInvalid(true);
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setEventListener(events);
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
            // the certificate names 127.0.0.1, so accepting the chain asks nothing more
            assertEquals(2, events.events().size(), events.events().toString());
            assertTrue(events.events().get(0).startsWith("invalid 18 "), events.events().toString());
            assertTrue(events.events().get(1).startsWith("tlsOk "), events.events().toString());
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAsWrongPeerCertificate() {
        Script script = upToTls(other.serverContext()).expect("QUIT").reply("221 bye").build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(trustingTestCa());
            s.setEventListener(events);
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals("QUIT\r\n", t.clientTextAfterTls());
            assertEquals(List.of("wrong other.example"), events.events());
        }
    }

    @Test
    void theExpectedHostNameIsTheReferenceIdentity() {
        Script script = deliver(upToTls(other.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(TlsSettings.builder().trustedCertificates(ca.certificatePem()).expectedHostName("other.example").build());
            s.setEventListener(events);
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(List.of("other.example"), t.tls().orElseThrow().requestedServerNames());
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
            assertEquals(1, events.events().size(), "libESMTP's check against 127.0.0.1 is not the application's question: "
                    + events.events());
        }
    }

    @Test
    void aWildcardOutsideTheLeftmostLabelOnlyLibesmtpWouldAcceptIsRefused() throws IOException {
        // libESMTP's match_domain accepts "*" in any label (hostile case C7) and compares an IP
        // literal with DNS names: it would accept "*.0.0.1" for 127.0.0.1. RFC 6125 does not.
        IssuedCertificate wildcard = ca.issue("wildcard", "dns:*.0.0.1");
        Script script = upToTls(wildcard.serverContext()).expect("QUIT").reply("221 bye").build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(trustingTestCa());
            s.setEventListener(events);
            s.start();

            assertEquals("QUIT\r\n", server.awaitTranscript(WAIT).clientTextAfterTls());
            assertEquals(List.of("wrong *.0.0.1"), events.events());
        }
    }

    @Test
    void trustAnyCertificateAsksNothing() {
        Script script = deliver(upToTls(other.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(TlsSettings.builder().trustAnyCertificateInsecurely().build());
            s.setEventListener(events);
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
            assertEquals(1, events.events().size(), events.events().toString());
        }
    }

    @Test
    void a454ToStartTlsQuitsEvenWhenTlsIsOnlyEnabled() {
        Script script = greetAndEhlo("STARTTLS").expect("STARTTLS").reply("454 4.7.0 TLS not available")
                .expect("QUIT").reply("221 bye").build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.ENABLED);
            s.setTls(trustingTestCa());
            s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            t.assertClientSentLines("EHLO client.example", "STARTTLS", "QUIT");
            assertEquals(Outcome.TRANSIENT, onlyRecipient(s).outcome());
        }
    }

    @Test
    void requiredWithoutStartTlsOfferedQuitsBeforeMail() {
        Script script = greetAndEhlo("8BITMIME").expect("QUIT").reply("221 bye").build();
        TlsRecorder events = new TlsRecorder();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(trustingTestCa());
            s.setEventListener(events);
            StartResult result = s.start();

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            t.assertClientSentLines("EHLO client.example", "QUIT");
            assertEquals(List.of("extna STARTTLS"), events.events());
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error());
            assertFalse(onlyRecipient(s).isComplete());
        }
    }

    @Test
    void enabledWithoutStartTlsOfferedContinuesInTheClear() {
        Script script = deliver(greetAndEhlo("8BITMIME")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.ENABLED);
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    /**
     * libESMTP 1.1.0 caches its own SSL_CTX in a static and frees it with the first session: the
     * second STARTTLS session of a process crashed (issue #30). With a client certificate, its
     * X509_free of the borrowed certificate after STARTTLS (§8.3 #5) would also free the
     * certificate the context still holds. Three sessions in this JVM, each with a client
     * certificate: the JVM survives and each delivers.
     */
    @Test
    void severalTlsSessionsWithAClientCertificateInOneProcess() {
        IssuedCertificate client = other;
        for (int i = 0; i < 3; i++) {
            Script script = deliver(upToTls(localhost.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
            try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
                s.setStartTls(StartTlsMode.REQUIRED);
                s.setTls(TlsSettings.builder().trustedCertificates(ca.certificatePem())
                        .clientCertificate(client.chainPem(), client.keyPem(), null).build());
                s.start();

                server.awaitTranscript(WAIT).assertScriptCompleted();
                assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome(), "session " + (i + 1));
            }
        }
    }

    @Test
    void anEncryptedClientKeyAsksForItsPassword() {
        IssuedCertificate client = other;
        int[] asked = new int[1];
        Script script = deliver(upToTls(localhost.serverContext()).expect("EHLO client.example").reply("250 secure")).build();
        try (ScriptedSmtpServer server = serve(script); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.REQUIRED);
            s.setTls(TlsSettings.builder().trustedCertificates(ca.certificatePem())
                    .clientCertificate(client.chainPem(), otherEncryptedKey, () -> {
                        asked[0]++;
                        return KEY_PASSWORD.clone();
                    }).build());
            s.start();

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(1, asked[0]);
            assertEquals(Outcome.DELIVERED, onlyRecipient(s).outcome());
        }
    }

    @Test
    void aWrongKeyPasswordFailsBeforeConnecting() {
        IssuedCertificate client = other;
        try (ScriptedSmtpServer server = serve(neverPlayed()); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.ENABLED);
            s.setTls(TlsSettings.builder().trustedCertificates(ca.certificatePem())
                    .clientCertificate(client.chainPem(), otherEncryptedKey, "wrong"::toCharArray).build());
            StartResult result = s.start();

            assertFalse(result.connected());
            assertEquals(SmtpError.CLIENT_ERROR, result.error());
            assertTrue(result.detail().contains(otherEncryptedKey.toString()), result.detail());
            assertEquals(0, server.transcripts().size() + server.extraConnections(), "no connection");
            assertFalse(s.start().connected(), "and again on the next start");
            assertFalse(onlyRecipient(s).isComplete());
        }
    }

    @Test
    void aMissingCaFileFailsBeforeConnectingInsteadOfFallingBackToCleartext() {
        Path missing = Path.of("/nonexistent/esmtp4j-ca.pem");
        try (ScriptedSmtpServer server = serve(neverPlayed()); Session s = session(server.hostPort())) {
            s.setStartTls(StartTlsMode.ENABLED);
            s.setTls(TlsSettings.builder().trustedCertificates(missing).build());
            StartResult result = s.start();

            assertEquals(SmtpError.CLIENT_ERROR, result.error());
            assertTrue(result.detail().startsWith("TLS setup failed: cannot load the trusted certificates " + missing),
                    result.detail());
            assertEquals(0, server.transcripts().size() + server.extraConnections());
        }
    }
}
