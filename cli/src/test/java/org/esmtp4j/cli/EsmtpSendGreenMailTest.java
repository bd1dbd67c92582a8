package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** esmtp-send, run as a process, delivering into GreenMail on every available engine. */
class EsmtpSendGreenMailTest {

    private static final String MESSAGE = "Subject: original\r\nX-Test: cli\r\n\r\nHello from esmtp-send.\r\n"
            + ".leading dot\r\n";

    @TempDir
    Path dir;

    private GreenMail server;
    private String hostPort;
    private Path messageFile;

    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

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

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void deliversAndReportsTheDocumentedJson(String engine) throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", hostPort,
                "-f", "a@example.org", "--hostname", "client.example", "-s", "Overridden", "--json",
                messageFile.toString(), "b@example.org");

        assertEquals(0, r.exitStatus(), r.toString());
        Map<String, Object> json = r.json();
        assertEquals(List.of("engine", "engineVersion", "started", "error", "events", "messages"),
                List.copyOf(json.keySet()), "the documented keys in the documented order");
        assertEquals(engine, json.get("engine"));
        assertEquals(Smtp.engine(engine).version(), json.get("engineVersion"));
        assertEquals(true, json.get("started"));
        Map<String, Object> error = MiniJson.object(json.get("error"));
        assertEquals(List.of("code", "name", "text"), List.copyOf(error.keySet()));
        assertEquals(0L, error.get("code"));
        assertEquals("NONE", error.get("name"));

        List<Object> events = MiniJson.array(json.get("events"));
        List<Object> names = events.stream().map(e -> MiniJson.object(e).get("event")).toList();
        assertEquals(List.of("CONNECT", "MAILSTATUS", "RCPTSTATUS", "MESSAGESENT", "DISCONNECT"), names, r.toString());
        assertEquals(Map.of("event", "MAILSTATUS", "mailbox", "a@example.org"), MiniJson.object(events.get(1)));
        assertEquals(Map.of("event", "RCPTSTATUS", "mailbox", "b@example.org"), MiniJson.object(events.get(2)));

        List<Object> messages = MiniJson.array(json.get("messages"));
        assertEquals(1, messages.size());
        Map<String, Object> message = MiniJson.object(messages.get(0));
        assertEquals(List.of("reversePath", "transfer", "recipients"), List.copyOf(message.keySet()));
        assertEquals(250L, MiniJson.object(message.get("reversePath")).get("code"));
        Map<String, Object> transfer = MiniJson.object(message.get("transfer"));
        assertEquals(List.of("code", "text", "enhanced"), List.copyOf(transfer.keySet()));
        assertEquals(250L, transfer.get("code"));
        Map<String, Object> recipient = MiniJson.object(MiniJson.array(message.get("recipients")).get(0));
        assertEquals(List.of("mailbox", "status", "complete", "outcome"), List.copyOf(recipient.keySet()));
        assertEquals("b@example.org", recipient.get("mailbox"));
        assertEquals(250L, MiniJson.object(recipient.get("status")).get("code"));
        assertEquals(true, recipient.get("complete"));
        assertEquals("delivered", recipient.get("outcome"));

        MimeMessage[] received = server.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("Overridden", received[0].getSubject(), "-s overrides the message's Subject (Hdr_OVERRIDE)");
        assertEquals("cli", received[0].getHeader("X-Test")[0]);
        assertEquals("<a@example.org>", received[0].getHeader("Return-Path")[0]);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void readsTheMessageFromStandardInputAndPrintsTheRepliesAsText(String engine) throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, MESSAGE.getBytes(StandardCharsets.UTF_8),
                List.of("--engine", engine, "-h", hostPort, "-f", "a@example.org", "--gen-to", "-", "b@example.org",
                        "c@example.org"));

        assertEquals(0, r.exitStatus(), r.toString());
        assertTrue(r.stdout().contains("RCPT TO:<b@example.org>: delivered (250"), r.stdout());
        assertTrue(r.stdout().contains("RCPT TO:<c@example.org>: delivered (250"), r.stdout());
        assertEquals("", r.stderr());
        MimeMessage[] received = server.getReceivedMessages();
        assertEquals(2, received.length, "one copy per recipient");
        assertEquals("original", received[0].getSubject());
        String to = received[0].getHeader("To")[0];
        assertTrue(to.contains("b@example.org") && to.contains("c@example.org"), "--gen-to: " + to);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void monitorTracesTheDialogueAndHeadersOnStandardError(String engine) throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", hostPort, "-m",
                "--verbose", "--hostname", "client.example", "-f", "a@example.org", messageFile.toString(),
                "b@example.org");

        assertEquals(0, r.exitStatus(), r.toString());
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.contains("C: EHLO client.example"), r.stderr());
        assertTrue(lines.contains("C: MAIL FROM:<a@example.org>"), r.stderr());
        assertTrue(lines.contains("C: RCPT TO:<b@example.org>"), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("S: 220")), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("H: Subject: original")), r.stderr());
        assertFalse(lines.stream().anyMatch(l -> l.contains("Hello from esmtp-send")), "content is never traced");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("esmtp-send: engine " + engine + " ")
                && l.endsWith("(requested with --engine)")), "--verbose names the engine and why: " + r.stderr());
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void invalidContentIsRefusedBeforeConnecting(String engine) throws Exception {
        Path longLine = Files.writeString(dir.resolve("long.eml"), "Subject: x\r\n\r\n" + "a".repeat(2000) + "\r\n");
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", hostPort, "--json",
                longLine.toString(), "b@example.org");

        assertEquals(2, r.exitStatus(), r.toString());
        assertEquals(false, r.json().get("started"));
        assertEquals("INVAL", MiniJson.object(r.json().get("error")).get("name"));
        assertEquals(0, server.getReceivedMessages().length);
    }
}
