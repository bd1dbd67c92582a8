package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import jakarta.mail.internet.MimeMessage;
import org.esmtp4j.Smtp;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.ThrowAwayPki;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * esmtp-send's TLS and AUTH options, run as a process: {@code -T --cafile} with AUTH PLAIN
 * against the scripted server on every available engine, {@code --smtps --insecure} with AUTH
 * into GreenMail on the java engine, and {@code --smtps} refused on the libesmtp engine.
 */
class EsmtpSendTlsAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** {@code \0alice\0s3cret}. */
    private static final String PLAIN_IR = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.US_ASCII));

    /** Self-signed for localhost and IP 127.0.0.1, so that it is its own trust anchor for --cafile. */
    private static IssuedCertificate certificate;

    @TempDir
    Path dir;

    private Path messageFile;
    private Path passwordFile;
    private Path caFile;

    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = selfSignedForLocalhost();
    }

    private static IssuedCertificate selfSignedForLocalhost() throws IOException {
        try (ThrowAwayPki pki = ThrowAwayPki.create()) {
            return pki.selfSigned("localhost", "dns:localhost", "ip:127.0.0.1");
        }
    }

    @BeforeEach
    void writeFiles() throws Exception {
        messageFile = Files.writeString(dir.resolve("msg.eml"),
                "Date: Mon, 01 Jan 2024 00:00:00 +0000\r\nFrom: a@example.org\r\nMessage-Id: <1@client.example>\r\n"
                        + "Subject: tls\r\n\r\nHello.\r\n");
        passwordFile = Files.writeString(dir.resolve("password"), "s3cret\n");
        caFile = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void requiredStartTlsWithTheCaFileThenAuthPlainInsideTls(String engine) throws Exception {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 STARTTLS")
                .expect("STARTTLS").reply("220 2.0.0 go ahead")
                .startTls(certificate.serverContext())
                .expect("EHLO client.example").reply("250-mx.example", "250 AUTH PLAIN LOGIN")
                .expect("AUTH PLAIN " + PLAIN_IR).reply("235 2.7.0 accepted")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(10)).start(script)) {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--hostname", "client.example", "-f", "a@example.org", "-T", "--cafile", caFile.toString(),
                    "-u", "alice", "--password-file", passwordFile.toString(), "-m", "--json",
                    messageFile.toString(), "b@example.org");

            Transcript t = server.awaitTranscript(WAIT);
            t.assertScriptCompleted();
            assertEquals(0, r.exitStatus(), r.toString());
            assertEquals("EHLO client.example\r\nSTARTTLS\r\n", t.clientText().substring(0, t.tls().orElseThrow().clientOffset()),
                    "nothing but EHLO and STARTTLS in cleartext");
            assertTrue(t.clientTextAfterTls().startsWith("EHLO client.example\r\nAUTH PLAIN " + PLAIN_IR + "\r\nMAIL"),
                    t.clientTextAfterTls());
            assertEquals("NONE", MiniJson.object(r.json().get("error")).get("name"));
            // the trace on stderr never shows the credentials
            assertTrue(r.stderr().contains("AUTH PLAIN <redacted>"), r.stderr());
            assertFalse(r.stderr().contains(PLAIN_IR), r.stderr());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aCertificateTheCaFileDoesNotVouchForSendsNoMail(String engine) throws Exception {
        IssuedCertificate stranger = selfSignedForLocalhost();
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 STARTTLS")
                .expect("STARTTLS").reply("220 2.0.0 go ahead")
                .startTls(stranger.serverContext())
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(10)).start(script)) {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--hostname", "client.example", "-f", "a@example.org", "-t", "--cafile", caFile.toString(),
                    "-u", "alice", "--password-file", passwordFile.toString(), messageFile.toString(), "b@example.org");

            Transcript t = server.awaitTranscript(WAIT);
            assertEquals(1, r.exitStatus(), r.toString());
            assertFalse(t.clientText().contains("MAIL"), t.clientText());
            assertFalse(t.clientText().contains("AUTH"), t.clientText());
        }
    }

    @Test
    void smtpsIsRefusedOnTheLibesmtpEngine() throws Exception {
        assumeTrue(Smtp.isAvailable("libesmtp"), "the libesmtp engine is not available here");
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "libesmtp", "-h", "127.0.0.1:1", "--smtps",
                "--insecure", "--json", messageFile.toString(), "b@example.org");

        assertEquals(2, r.exitStatus(), r.toString());
        Map<String, Object> json = r.json();
        assertEquals(false, json.get("started"));
        assertTrue(((String) MiniJson.object(json.get("error")).get("text")).contains("implicit TLS"), r.toString());
    }

    @Test
    void aMechanismListIsRefusedOnTheLibesmtpEngine() throws Exception {
        assumeTrue(Smtp.isAvailable("libesmtp"), "the libesmtp engine is not available here");
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "libesmtp", "-h", "127.0.0.1:1", "-T",
                "-u", "alice", "--password-file", passwordFile.toString(), "--mechanisms", "LOGIN", "--json",
                messageFile.toString(), "b@example.org");

        assertEquals(2, r.exitStatus(), r.toString());
        assertTrue(((String) MiniJson.object(r.json().get("error")).get("text")).startsWith("AUTH mechanisms [LOGIN]"),
                r.toString());
    }

    @Test
    void smtpsInsecureWithAuthDeliversIntoGreenMail() throws Exception {
        GreenMail greenMail = startSmtps();
        try {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "java",
                    "-h", "127.0.0.1:" + greenMail.getSmtps().getPort(), "-f", "a@example.org", "--smtps", "--insecure",
                    "-u", "alice", "--password-file", passwordFile.toString(), messageFile.toString(), "b@example.org");

            assertEquals(0, r.exitStatus(), r.toString());
            assertTrue(r.stderr().contains("esmtp-send: " + TlsAuthOptions.INSECURE_WARNING), r.stderr());
            assertTrue(greenMail.waitForIncomingEmail(5000, 1));
            MimeMessage received = greenMail.getReceivedMessages()[0];
            assertEquals("tls", received.getSubject());
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void smtpsWithAWrongPasswordSendsNoMailAndExitsOne() throws Exception {
        GreenMail greenMail = startSmtps();
        try {
            Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n");
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "java",
                    "-h", "127.0.0.1:" + greenMail.getSmtps().getPort(), "-f", "a@example.org", "--smtps", "--insecure",
                    "-u", "alice", "--password-file", wrong.toString(), "--json", messageFile.toString(), "b@example.org");

            assertEquals(1, r.exitStatus(), r.toString());
            assertEquals("AUTH_FAILED", MiniJson.object(r.json().get("error")).get("name"), r.toString());
            assertEquals(0, greenMail.getReceivedMessages().length);
        } finally {
            greenMail.stop();
        }
    }

    private static GreenMail startSmtps() {
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        // Loading GreenMail's key store in a cold JVM can take longer than its 2 s default.
        smtps.setServerStartupTimeout(15_000);
        GreenMail greenMail = new GreenMail(smtps)
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "s3cret"));
        greenMail.start();
        return greenMail;
    }
}
