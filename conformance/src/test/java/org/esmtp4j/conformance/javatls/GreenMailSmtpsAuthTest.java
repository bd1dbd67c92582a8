package org.esmtp4j.conformance.javatls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Implicit TLS (SMTPS, RFC 8314) with AUTH into GreenMail on the java engine: the handshake
 * before the greeting, then AUTH PLAIN or LOGIN inside TLS, then delivery. GreenMail's
 * certificate is self-signed, so verification is switched off explicitly for this test.
 */
class GreenMailSmtpsAuthTest {

    private GreenMail server;

    @BeforeEach
    void startServer() {
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        // Loading GreenMail's key store in a cold JVM can take longer than its 2 s default.
        smtps.setServerStartupTimeout(15_000);
        server = new GreenMail(smtps)
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "s3cret"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private StartResult send(String mechanism, String password, Recipient[] recipient, JavaOnly.Trace trace) {
        try (Session session = Smtp.engine(JavaOnly.ENGINE).createSession()) {
            session.setServer("127.0.0.1:" + server.getSmtps().getPort());
            session.setHostname("client.example");
            session.setImplicitTls(true);
            session.setTls(TlsSettings.builder().trustAnyCertificateInsecurely().build());
            session.setAuth(AuthSettings.builder()
                    .interaction((m, requests) -> List.of("alice".toCharArray(), password.toCharArray()))
                    .allowPlainMechanisms(true).mechanisms(mechanism).build());
            session.setMonitor(trace, false);
            Message m = session.addMessage();
            m.setReversePath("sender@example.org");
            m.setMessageSource(MessageSource.of("Subject: smtps " + mechanism + "\r\n\r\nover implicit TLS\r\n"));
            recipient[0] = m.addRecipient("alice@example.org");
            return session.start();
        }
    }

    @ParameterizedTest(name = "AUTH {0}")
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void deliversOverImplicitTlsAfterAuth(String mechanism) throws Exception {
        Recipient[] r = new Recipient[1];
        JavaOnly.Trace trace = new JavaOnly.Trace();
        StartResult result = send(mechanism, "s3cret", r, trace);
        assertEquals(SmtpError.NONE, result.error(), result.toString());
        assertEquals(Outcome.DELIVERED, r[0].outcome(), String.valueOf(r[0].status()));
        assertTrue(server.waitForIncomingEmail(5000, 1));
        MimeMessage received = server.getReceivedMessages()[0];
        assertEquals("smtps " + mechanism, received.getSubject());
        assertTrue(trace.text().contains("AUTH " + mechanism), trace.text());
        assertFalse(trace.text().contains("s3cret"), trace.text());
        assertFalse(trace.text().contains("czNjcmV0"), "base64 of the password: " + trace.text());
    }

    @ParameterizedTest(name = "AUTH {0}")
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void wrongPasswordSendsNoMail(String mechanism) {
        Recipient[] r = new Recipient[1];
        StartResult result = send(mechanism, "wrong", r, new JavaOnly.Trace());
        assertEquals(SmtpError.AUTH_FAILED, result.error(), result.toString());
        assertEquals(Outcome.TRANSIENT, r[0].outcome());
        assertEquals(0, server.getReceivedMessages().length);
    }
}
