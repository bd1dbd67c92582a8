package org.esmtp4j.conformance.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;

/** Shared setup of the libesmtp engine's TLS and AUTH tests. */
final class LibesmtpTls {

    static final String ENGINE = "libesmtp";
    static final String CLIENT = "client.example";
    static final String FROM = "sender@example.org";
    static final String TO = "rcpt@example.org";
    static final String CONTENT = "Date: Sun, 01 Nov 2026 10:00:00 +0000\r\nMessage-Id: <tls@example.org>\r\n"
            + "Subject: tls\r\n\r\nHello.\r\n";
    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Every client timeout. libESMTP bounds the TLS handshake by the timeout in force, and a
     * JSSE server's first handshake can take seconds on a loaded machine; no test waits for it.
     */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    private LibesmtpTls() {
    }

    /** Skips the test where the libesmtp engine does not load. */
    static void assumeEngine() {
        assumeTrue(Smtp.isAvailable(ENGINE), () -> "the libesmtp engine is unavailable: " + Smtp.unavailableReason(ENGINE));
    }

    static ScriptedSmtpServer serve(Script... perConnection) {
        return ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(25)).start(perConnection);
    }

    /** A libesmtp session to {@code hostPort} with short timeouts and one message to {@link #TO}. */
    static Session session(String hostPort) {
        Session s = Smtp.engine(ENGINE).createSession();
        s.setServer(hostPort);
        s.setHostname(CLIENT);
        for (Timeout t : Timeout.values()) {
            s.setTimeout(t, CLIENT_TIMEOUT, true);
        }
        Message m = s.addMessage();
        m.setReversePath(FROM);
        m.setMessageSource(MessageSource.of(CONTENT));
        m.addRecipient(TO);
        return s;
    }

    /** Greeting and a first EHLO answered with these extension lines. */
    static ScriptBuilder greetAndEhlo(String... extensions) {
        StringBuilder reply = new StringBuilder("250");
        reply.append(extensions.length == 0 ? " " : "-").append("test.example");
        for (int i = 0; i < extensions.length; i++) {
            reply.append("\r\n250").append(i == extensions.length - 1 ? " " : "-").append(extensions[i]);
        }
        return Script.builder().greet("220 test.example ESMTP").expect("EHLO " + CLIENT).reply(reply.toString());
    }

    /** Up to and including the server's switch to TLS. */
    static ScriptBuilder upToTls(javax.net.ssl.SSLContext serverContext) {
        return greetAndEhlo("STARTTLS").expect("STARTTLS").reply("220 2.0.0 go ahead").startTls(serverContext);
    }

    /** One message delivered, then QUIT. */
    static ScriptBuilder deliver(ScriptBuilder b) {
        return b.expect("MAIL FROM:<" + FROM + ">").reply("250 ok")
                .expect("RCPT TO:<" + TO + ">").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye");
    }
}
