package org.esmtp4j.conformance.tls;

import java.time.Duration;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Timeout;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.ThrowAwayPki;

/**
 * Runs in a child JVM whose environment names libESMTP's configuration directory: one message
 * through STARTTLS (any certificate trusted), then the result, the outcome and what the client
 * sent after STARTTLS are printed.
 */
public final class ConfigDirChild {

    private ConfigDirChild() {
    }

    /**
     * @param args the engine name
     * @throws Exception when the certificate cannot be made
     */
    public static void main(String[] args) throws Exception {
        IssuedCertificate certificate;
        try (ThrowAwayPki pki = ThrowAwayPki.create()) {
            certificate = pki.selfSigned("localhost", "dns:localhost", "ip:127.0.0.1");
        }
        Script script = Script.builder().greet("220 test.example ESMTP")
                .expect("EHLO client.example").reply("250-test.example", "250 STARTTLS")
                .expect("STARTTLS").reply("220 2.0.0 go ahead").startTls(certificate.serverContext())
                .expect("EHLO client.example").reply("250 test.example")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
             Session session = Smtp.engine(args[0]).createSession()) {
            session.setServer(server.hostPort());
            session.setHostname("client.example");
            for (Timeout t : Timeout.values()) {
                session.setTimeout(t, Duration.ofSeconds(5), true);
            }
            session.setStartTls(StartTlsMode.REQUIRED);
            session.setTls(TlsSettings.builder().trustAnyCertificateInsecurely().build());
            Message m = session.addMessage();
            m.setReversePath("sender@example.org");
            m.setMessageSource(MessageSource.of("Subject: x\r\n\r\nbody\r\n"));
            Recipient r = m.addRecipient("a@example.org");
            StartResult result = session.start();
            System.out.println("result " + result.connected() + " " + result.error());
            System.out.println("outcome " + r.outcome());
            String sent = server.awaitTranscript(Duration.ofSeconds(15)).clientText();
            System.out.println("mail sent " + sent.contains("MAIL FROM"));
        }
    }
}
