package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.esmtp4j.Smtp;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * esmtp-send, run as a process, against the conformance kit's scripted server: exit statuses 1
 * (a recipient refused), 2 (bad input, no connection made) and 3 (nothing listening).
 */
class EsmtpSendScriptedServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path messageFile;

    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    @BeforeEach
    void writeMessage() throws Exception {
        messageFile = Files.writeString(dir.resolve("msg.eml"),
                "Date: Mon, 01 Jan 2024 00:00:00 +0000\r\nFrom: a@example.org\r\nMessage-Id: <1@client.example>\r\n"
                        + "Subject: scripted\r\n\r\nHello.\r\n");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aRecipientRefusedWith550ExitsOneWithOutcomePermanent(String engine) throws Exception {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 ENHANCEDSTATUSCODES")
                .expect("MAIL FROM:<a@example.org>").reply("250 2.1.0 sender ok")
                .expect("RCPT TO:<ok@example.org>").reply("250 2.1.5 ok")
                .expect("RCPT TO:<unknown@example.org>").reply("550-5.1.1 no such user", "550 5.1.1 really")
                .expect("DATA").reply("354 2.0.0 go ahead")
                .expectData().reply("250 2.0.0 queued as X1")
                .expect("QUIT").reply("221 2.0.0 bye").close()
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(5)).start(script)) {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--hostname", "client.example", "-f", "a@example.org", "--json", messageFile.toString(),
                    "ok@example.org", "unknown@example.org");

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(1, r.exitStatus(), r.toString());
            Map<String, Object> json = r.json();
            assertEquals(true, json.get("started"));
            assertEquals("NONE", MiniJson.object(json.get("error")).get("name"));
            Map<String, Object> message = MiniJson.object(MiniJson.array(json.get("messages")).get(0));
            assertEquals(Map.of("code", 250L, "text", "queued as X1", "enhanced", "2.0.0"),
                    MiniJson.object(message.get("transfer")));
            List<Object> recipients = MiniJson.array(message.get("recipients"));
            Map<String, Object> ok = MiniJson.object(recipients.get(0));
            Map<String, Object> refused = MiniJson.object(recipients.get(1));
            assertEquals("delivered", ok.get("outcome"));
            assertEquals("unknown@example.org", refused.get("mailbox"));
            assertEquals("permanent", refused.get("outcome"));
            assertEquals(true, refused.get("complete"));
            assertEquals(Map.of("code", 550L, "text", "no such user\r\nreally", "enhanced", "5.1.1"),
                    MiniJson.object(refused.get("status")), "multi-line text joined with CRLF");
            List<Object> rcptEvents = MiniJson.array(json.get("events")).stream().map(MiniJson::object)
                    .filter(e -> e.get("event").equals("RCPTSTATUS")).map(e -> e.get("mailbox")).toList();
            assertEquals(List.of("ok@example.org", "unknown@example.org"), rcptEvents);
            assertTrue(r.stderr().contains("<unknown@example.org> not delivered: refused for good"), r.stderr());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aLineBreakInARecipientExitsTwoWithoutConnecting(String engine) throws Exception {
        Script probe = Script.builder().greet("220 probe").close().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(probe)) {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--json", messageFile.toString(), "ok@example.org", "b@example.org\r\nRCPT TO:<evil@example.net>");

            assertEquals(2, r.exitStatus(), r.toString());
            Map<String, Object> json = r.json();
            assertEquals(false, json.get("started"));
            Map<String, Object> error = MiniJson.object(json.get("error"));
            assertEquals(7L, error.get("code"));
            assertEquals("INVAL", error.get("name"));
            assertTrue(((String) error.get("text")).startsWith("recipient mailbox"), error.toString());
            assertEquals(List.of(), json.get("events"));
            // The message as far as it was defined: the first recipient, never attempted.
            Map<String, Object> message = MiniJson.object(MiniJson.array(json.get("messages")).get(0));
            Map<String, Object> first = MiniJson.object(MiniJson.array(message.get("recipients")).get(0));
            assertEquals(1, MiniJson.array(message.get("recipients")).size());
            assertNull(first.get("status"));
            assertNull(first.get("outcome"));
            assertTrue(r.stderr().contains("refused before connecting: recipient mailbox"), r.stderr());

            // Had esmtp-send connected, its connection would be queued before this probe and be
            // accepted first (the accept queue is FIFO): the probe must be the only connection.
            try (Socket socket = new Socket(server.address(), server.port())) {
                socket.setSoTimeout((int) WAIT.toMillis());
                InputStream in = socket.getInputStream();
                assertEquals('2', in.read());
            }
            server.awaitTranscript(WAIT);
            assertEquals(1, server.transcripts().size());
            assertEquals(0, server.extraConnections(), "esmtp-send connected although it refused the recipient");
            assertTrue(server.transcripts().get(0).clientText().isEmpty());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aRefusedGreetingIsASessionThatRanSoItExitsOne(String engine) throws Exception {
        Script refusal = Script.builder()
                .greet("554 no service")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(5)).start(refusal)) {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--json", messageFile.toString(), "b@example.org");

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(1, r.exitStatus(), "a connection was made, so the outcomes decide: " + r);
            Map<String, Object> json = r.json();
            assertEquals(true, json.get("started"));
            assertEquals("NO_USABLE_SERVER", MiniJson.object(json.get("error")).get("name"));
            Map<String, Object> message = MiniJson.object(MiniJson.array(json.get("messages")).get(0));
            assertEquals("transient", MiniJson.object(MiniJson.array(message.get("recipients")).get(0)).get("outcome"));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aClosedPortExitsThree(String engine) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            port = socket.getLocalPort();
        }
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", "127.0.0.1:" + port,
                "--json", messageFile.toString(), "b@example.org");

        assertEquals(3, r.exitStatus(), r.toString());
        Map<String, Object> json = r.json();
        assertEquals(false, json.get("started"));
        assertEquals(List.of(), json.get("events"));
        Map<String, Object> error = MiniJson.object(json.get("error"));
        assertTrue((Long) error.get("code") != 0L, error.toString());
        assertTrue(r.stderr().contains("no SMTP session with 127.0.0.1:" + port), r.stderr());
    }
}
