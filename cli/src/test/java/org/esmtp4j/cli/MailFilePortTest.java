package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link MailFilePort}, the port shown in MIGRATION.md section 5, against GreenMail, so the
 * documented program keeps compiling and delivering.
 */
class MailFilePortTest {

    /** LF line ends on purpose: C's mail-file needs -c for them, the port does not. */
    private static final String MESSAGE = "Subject: original\nX-Test: mail-file\n\nHello from the port.\n"
            + ".leading dot\n";

    @TempDir
    Path dir;

    private GreenMail server;
    private String hostPort;
    private Path messageFile;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws Exception {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        hostPort = "127.0.0.1:" + server.getSmtp().getPort();
        messageFile = Files.writeString(dir.resolve("msg.eml"), MESSAGE);
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private int send(String... args) throws Exception {
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            return MailFilePort.send(args, out);
        }
    }

    private List<String> printedLines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void deliversWithSubjectOverrideCcMdnAndMonitorAndPrintsEveryStatus() throws Exception {
        int exit = send("-h", hostPort, "-f", "a@example.org", "-s", "Overridden", "--cc", "c@example.org",
                "-d", "-n", "failure", "-n", "delay", "-m", "-c", messageFile.toString(),
                "b@example.org", "c@example.org");

        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
        MimeMessage[] received = server.getReceivedMessages();
        assertEquals(2, received.length, "one copy per recipient");
        MimeMessage m = received[0];
        assertEquals("Overridden", m.getSubject(), "-s replaces the file's Subject (Hdr_OVERRIDE)");
        assertEquals("mail-file", m.getHeader("X-Test")[0]);
        assertTrue(m.getHeader("Disposition-Notification-To")[0].contains("a@example.org"), "-d: the reverse path");
        assertTrue(m.getHeader("Cc")[0].contains("c@example.org"), "--cc header");
        assertNull(m.getHeader("To"), "no To is generated when --to/--cc/--bcc is given");
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertEquals("Hello from the port.\n.leading dot", body.stripTrailing(), "LF-only input canonicalised, dot-stuffing undone");

        List<String> lines = printedLines();
        assertTrue(lines.contains("C: MAIL FROM:<a@example.org>"), "monitor: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("S: 250")), "monitor: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("H: Subject: Overridden")), "monitor with headers: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("250 .*")), "message status: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("b@example.org: DELIVERED 250")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("c@example.org: DELIVERED 250")), lines.toString());
    }

    @Test
    void generatesToFromTheEnvelopeWhenNoRecipientHeaderIsGiven() throws Exception {
        int exit = send("--noauth", "-h", hostPort, "-f", "a@example.org", messageFile.toString(), "b@example.org", "d@example.org");

        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
        MimeMessage[] received = server.getReceivedMessages();
        assertEquals(2, received.length, printed.toString(StandardCharsets.UTF_8));
        String to = received[0].getHeader("To")[0];
        assertTrue(to.contains("b@example.org") && to.contains("d@example.org"), "generated To: " + to);
        assertEquals("original", received[0].getSubject());
    }

    @Test
    void usageErrorsAndAMissingFileSendNothing() throws Exception {
        assertEquals(2, send("-h", hostPort, messageFile.toString()), "a file and no mailbox");
        assertEquals(2, send("-n", "sometimes", messageFile.toString(), "b@example.org"));
        assertEquals(2, send("-x", messageFile.toString(), "b@example.org"));
        assertEquals(1, send("-h", hostPort, dir.resolve("missing.eml").toString(), "b@example.org"));
        assertEquals(0, server.getReceivedMessages().length);
    }
}
