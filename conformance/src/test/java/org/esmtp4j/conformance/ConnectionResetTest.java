package org.esmtp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile case A5: the server resets the connection 64 KiB into a 4 MiB DATA transfer. The
 * process survives (libESMTP writes without MSG_NOSIGNAL: an unhandled SIGPIPE would kill the
 * JVM under the libesmtp engine), the recipient is not delivered and not complete, and the same
 * JVM then completes a normal session.
 */
class ConnectionResetTest {

    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void resetInTheMiddleOfDataIsReportedAndTheJvmSurvives(String engine) throws Exception {
        byte[] line = new byte[78];
        Arrays.fill(line, (byte) 'x');
        line[76] = '\r';
        line[77] = '\n';
        byte[] body = new byte[4 * 1024 * 1024];
        for (int i = 0; i + line.length <= body.length; i += line.length) {
            System.arraycopy(line, 0, body, i, line.length);
        }
        byte[] content = concat("Subject: big\r\n\r\n".getBytes(), Arrays.copyOf(body, body.length / 78 * 78));

        Script resetting = Script.builder()
                .greet("220 test ESMTP")
                .expect("EHLO client.example").reply("250-test", "250 8BITMIME")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .resetAfterReadingBytes(64 * 1024)
                .build();
        Script normal = Script.builder()
                .greet("220 test ESMTP")
                .expect("EHLO client.example").reply("250 test")
                .expect("MAIL FROM:<a@example.org>").reply("250 ok")
                .expect("RCPT TO:<b@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye")
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(resetting, normal)) {
            Recipient r;
            StartResult result;
            try (Session session = Smtp.engine(engine).createSession()) {
                session.setServer(server.hostPort());
                session.setHostname("client.example");
                session.setTimeout(org.esmtp4j.Timeout.DATA2, Duration.ofSeconds(2), true);
                Message m = session.addMessage();
                m.setReversePath("a@example.org");
                m.setMessageSource(MessageSource.of(content));
                r = m.addRecipient("b@example.org");
                result = session.start();
            }
            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.DROPPED_CONNECTION, result.error(), result.toString());
            assertFalse(r.isComplete());
            if (engine.equals("libesmtp")) {
                // libESMTP ignores write errors and reads the whole content before it notices the
                // reset, so the engine cannot tell whether the end of data reached the server:
                // COMPATIBILITY.md C1.
                assertEquals(Outcome.UNKNOWN, r.outcome(), r.toString());
            } else {
                assertEquals(Outcome.TRANSIENT, r.outcome(), r.toString());
            }

            // The same JVM carries on: a normal session to the second script.
            try (Session session = Smtp.engine(engine).createSession()) {
                session.setServer(server.hostPort());
                session.setHostname("client.example");
                Message m = session.addMessage();
                m.setReversePath("a@example.org");
                m.setMessageSource(MessageSource.of("Subject: small\r\n\r\nok\r\n"));
                Recipient ok = m.addRecipient("b@example.org");
                session.start();
                assertEquals(Outcome.DELIVERED, ok.outcome(), ok.toString());
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
