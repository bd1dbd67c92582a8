package org.esmtp4j.conformance.javatls;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Monitor;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;

/**
 * Shared pieces of the TLS and AUTH tests. They run on the java engine only for now: the
 * libesmtp engine's TLS and AUTH are built separately.
 */
final class JavaOnly {

    static final String ENGINE = "java";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String CLIENT = "client.example";
    static final String CONTENT = "Date: Mon, 01 Jan 2024 00:00:00 +0000\r\nFrom: sender@example.org\r\n"
            + "Message-Id: <fixed.1@client.example>\r\nSubject: tls\r\n\r\nHello.\r\n";

    private JavaOnly() {
    }

    static ScriptedSmtpServer serve(Script... scripts) {
        return ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(5)).start(scripts);
    }

    /** A java-engine session aimed at the server, EHLO name {@value #CLIENT}, short timeouts. */
    static Session session(ScriptedSmtpServer server) {
        Session s = Smtp.engine(ENGINE).createSession();
        s.setServer(server.hostPort());
        s.setHostname(CLIENT);
        for (org.esmtp4j.Timeout t : org.esmtp4j.Timeout.values()) {
            s.setTimeout(t, Duration.ofSeconds(5), true);
        }
        return s;
    }

    /** Adds one message to {@code rcpt@example.org} and returns that recipient. */
    static Recipient addMessage(Session session) {
        Message m = session.addMessage();
        m.setReversePath("sender@example.org");
        m.setMessageSource(MessageSource.of(CONTENT));
        return m.addRecipient("rcpt@example.org");
    }

    /** MAIL, RCPT, DATA, the message, QUIT, all accepted; {@code mail} is the expected MAIL line. */
    static ScriptBuilder transaction(ScriptBuilder b, String mail) {
        return b.expect(mail).reply("250 ok")
                .expect("RCPT TO:<rcpt@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close();
    }

    static ScriptBuilder transaction(ScriptBuilder b) {
        return transaction(b, "MAIL FROM:<sender@example.org>");
    }

    /** Collects everything the monitor sees, as text. */
    static final class Trace implements Monitor {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void trace(byte[] buffer, int offset, int length, Direction direction) {
            text.append(direction == Direction.READ ? "S: " : direction == Direction.WRITE ? "C: " : "H: ")
                    .append(new String(buffer, offset, length, StandardCharsets.UTF_8));
        }

        synchronized String text() {
            return text.toString();
        }
    }

    /** Records the TLS events and answers the certificate questions with {@code accept}. */
    static final class TlsEvents implements SmtpEvents {
        final List<String> events = new ArrayList<>();
        private final boolean accept;

        TlsEvents(boolean accept) {
            this.accept = accept;
        }

        @Override
        public synchronized void startTlsOk(String protocol, String cipher, int bits) {
            events.add("startTlsOk " + protocol);
        }

        @Override
        public synchronized boolean acceptInvalidPeerCertificate(long verifyResult, String reason) {
            events.add("invalidPeerCertificate " + verifyResult);
            return accept;
        }

        @Override
        public synchronized boolean acceptNoPeerCertificate() {
            events.add("noPeerCertificate");
            return accept;
        }

        @Override
        public synchronized boolean acceptWrongPeerCertificate(String nameInCertificate) {
            events.add("wrongPeerCertificate " + nameInCertificate);
            return accept;
        }

        @Override
        public synchronized boolean acceptWeakCipher(int bits) {
            events.add("weakCipher " + bits);
            return accept;
        }

        @Override
        public synchronized void unusableCaList() {
            events.add("unusableCaList");
        }

        @Override
        public synchronized void unusableClientCertificate() {
            events.add("unusableClientCertificate");
        }

        @Override
        public synchronized boolean continueWithoutClientCertificate() {
            events.add("noClientCertificate");
            return accept;
        }

        @Override
        public synchronized boolean extensionNotAvailable(org.esmtp4j.Extension extension, boolean libesmtpDefault) {
            events.add("extna " + extension);
            return libesmtpDefault;
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }
    }
}
