package org.esmtp4j.conformance.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.esmtp4j.EngineChoice;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Monitor;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.StartResult;

/**
 * The README's first command: starts an embedded GreenMail server on 127.0.0.1, sends one
 * message to two recipients through every available engine, and prints the engine choice, the
 * protocol trace and each recipient's outcome.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * @param args ignored
     * @throws Exception if GreenMail cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        int failures = 0;
        try {
            String hostPort = "127.0.0.1:" + server.getSmtp().getPort();
            out.println("GreenMail listening on " + hostPort);
            EngineChoice choice = Smtp.engineChoice();
            out.println("Default engine: " + choice.engine() + " (" + choice.reason() + ")");
            for (String name : Smtp.engineNames()) {
                if (!Smtp.isAvailable(name)) {
                    out.println("\n=== engine " + name + ": unavailable: " + Smtp.unavailableReason(name));
                    continue;
                }
                failures += send(out, name, hostPort);
            }
            out.println("\nGreenMail received " + server.getReceivedMessages().length
                    + " message copies (one per recipient).");
        } finally {
            server.stop();
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int send(PrintStream out, String engineName, String hostPort) {
        out.println("\n=== engine " + engineName + " " + Smtp.engine(engineName).version());
        try (Session session = Smtp.engine(engineName).createSession()) {
            session.setServer(hostPort);
            session.setHostname("demo.esmtp4j.example");
            session.setMonitor(Demo::trace, true);
            Message message = session.addMessage();
            message.setReversePath("alice@example.org");
            message.setHeader("Subject", "esmtp4j demo via " + engineName);
            message.addMailboxHeader("To", "Bob", "bob@example.org");
            message.setMessageSource(MessageSource.of(
                    "X-Demo: yes\r\n\r\nHello from esmtp4j.\r\n.A line that starts with a dot survives.\r\n"));
            List<Recipient> recipients = List.of(message.addRecipient("bob@example.org"),
                    message.addRecipient("carol@example.org"));
            StartResult result = session.start();
            out.println("--- session: " + result);
            int failed = 0;
            for (Recipient r : recipients) {
                out.println("--- <" + r.mailbox() + ">: " + r.outcome() + ", RCPT " + r.status());
                failed += r.outcome() == org.esmtp4j.Outcome.DELIVERED ? 0 : 1;
            }
            out.println("--- message: " + message.transferStatus());
            return failed;
        }
    }

    private static void trace(byte[] buffer, int offset, int length, Monitor.Direction direction) {
        String prefix = direction == Monitor.Direction.READ ? "S: " : direction == Monitor.Direction.WRITE ? "C: " : "H: ";
        String text = new String(buffer, offset, length, StandardCharsets.UTF_8);
        for (String line : text.split("\r\n")) {
            System.out.println(prefix + line);
        }
    }
}
