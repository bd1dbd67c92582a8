package org.esmtp4j.conformance.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The STARTTLS step with a certificate generated for the test run. */
class StartTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static IssuedCertificate certificate;

    @BeforeAll
    static void generateCertificate() throws IOException {
        try (ThrowAwayPki pki = ThrowAwayPki.create()) {
            certificate = pki.selfSigned("mail.example", "dns:mail.example", "ip:127.0.0.1");
        }
    }

    private static ScriptBuilder upToStartTls() {
        return Script.builder().greet("220 x")
                .expect("EHLO a").reply("250-x\r\n250 STARTTLS")
                .expect("STARTTLS").reply("220 go");
    }

    @Test
    void upgradesAndRecordsWhereTlsStarted() throws IOException {
        Script script = upToStartTls().startTls(certificate.serverContext())
                .expect("EHLO a").reply("250 secure")
                .expect("QUIT").reply("221 bye")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO a\r\n");
            client.readReply();
            client.send("STARTTLS\r\n");
            assertEquals("220 go\r\n", client.readReply());
            client.startTls(certificate.clientContextTrustingOnlyThis(), "mail.example");
            client.send("EHLO a\r\n");
            assertEquals("250 secure\r\n", client.readReply());
            client.send("QUIT\r\n");
            assertEquals("221 bye\r\n", client.readReply());
            assertEquals("", client.readToEnd(), "the server ends with close_notify and FIN");
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            transcript.assertClientSentLines("EHLO a", "STARTTLS", "EHLO a", "QUIT");
            TlsDetails tls = transcript.tls().orElseThrow();
            assertEquals("EHLO a\r\nSTARTTLS\r\n".length(), tls.clientOffset());
            assertEquals("220 x\r\n250-x\r\n250 STARTTLS\r\n220 go\r\n".length(), tls.serverOffset());
            assertEquals("EHLO a\r\nQUIT\r\n", transcript.clientTextAfterTls());
            assertEquals(List.of("mail.example"), tls.requestedServerNames());
            assertTrue(tls.protocol().startsWith("TLSv1."), tls.protocol());
        }
    }

    @Test
    void plaintextPipelinedAfterStartTlsFailsTheScriptInsteadOfBeingRead() throws IOException {
        Script script = upToStartTls().startTls(certificate.serverContext()).expect("EHLO a").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO a\r\n");
            client.readReply();
            client.send("STARTTLS\r\nEHLO a\r\n");
            assertEquals("220 go\r\n", client.readReply());

            Transcript transcript = server.awaitTranscript(WAIT);
            ScriptFailure failure = transcript.failures().get(0);
            assertEquals(ScriptFailure.Kind.BYTES_BEFORE_TLS, failure.kind());
            assertEquals("EHLO a\r\n", WireText.text(failure.received()));
            assertEquals("EHLO a\r\nSTARTTLS\r\n".length(), failure.clientOffset());
            assertTrue(transcript.tls().isEmpty());
        }
    }

    @Test
    void rejectionStepPassesWhenTheClientDoesNotTrustTheCertificate() throws IOException,
            GeneralSecurityException {
        Script script = upToStartTls().startTlsExpectingRejection(certificate.serverContext()).build();
        SSLContext defaultTrust = SSLContext.getInstance("TLS");
        defaultTrust.init(null, null, null);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO a\r\n");
            client.readReply();
            client.send("STARTTLS\r\n");
            client.readReply();
            assertThrows(SSLException.class, () -> client.startTls(defaultTrust, "mail.example"));
            client.hangUp();

            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            assertTrue(transcript.tlsRejection().isPresent());
        }
    }

    @Test
    void rejectionStepFailsWhenTheClientAcceptsTheCertificate() throws IOException {
        Script script = upToStartTls().startTlsExpectingRejection(certificate.serverContext()).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
                RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO a\r\n");
            client.readReply();
            client.send("STARTTLS\r\n");
            client.readReply();
            client.startTls(certificate.clientContextTrustingOnlyThis(), "mail.example");

            ScriptFailure failure = server.awaitTranscript(WAIT).failures().get(0);
            assertEquals(ScriptFailure.Kind.TLS, failure.kind());
            assertEquals("startTlsExpectingRejection", failure.step());
        }
    }
}
