package org.esmtp4j.conformance.crash;

import java.time.Duration;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.StartResult;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;

/**
 * Runs in a child JVM: the server reads a pipelined RCPT, RCPT, RCPT, DATA batch and closes the
 * connection without a reply. Prints the outcomes, or dies when the engine crashes.
 */
public final class PipelinedDropChild {

    private PipelinedDropChild() {
    }

    /**
     * @param args the engine name, then "close" or "reset"
     */
    public static void main(String[] args) {
        var b = Script.builder().greet("220 test.example ESMTP").expect("EHLO client.example")
                .reply("250-test.example", "250 PIPELINING")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA");
        Script script = args[1].equals("reset") ? b.reset().build() : b.close().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script);
             Session session = Smtp.engine(args[0]).createSession()) {
            session.setServer(server.hostPort());
            session.setHostname("client.example");
            for (Timeout t : Timeout.values()) {
                session.setTimeout(t, Duration.ofSeconds(2), true);
            }
            Message m = session.addMessage();
            m.setReversePath("sender@example.org");
            m.setMessageSource(MessageSource.of("Subject: x\r\n\r\nbody\r\n"));
            m.addRecipient("a@example.org");
            m.addRecipient("b@example.org");
            m.addRecipient("c@example.org");
            StartResult result = session.start();
            System.out.println("result " + result.connected() + " " + result.error());
            for (Recipient r : m.recipients()) {
                System.out.println("outcome " + r.mailbox() + " " + r.outcome());
            }
        }
    }
}
