package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * esmtp-send, run as a process: the envelope options reach the wire as the libESMTP calls they
 * map to, and {@code --timeout} overrides the RFC minimum.
 */
class EsmtpSendOptionMappingTest {

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
                        + "Subject: mapped\r\n\r\nHello.\r\n");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void dsnSizeBodyDeliverByAndEtrnOptionsReachTheWire(String engine) throws Exception {
        // libESMTP 1.1.0 prints By_NOTIFY as 'R' (COMPATIBILITY P11); the java engine sends 'N'.
        String by = engine.equals("libesmtp") ? "BY=3600RT" : "BY=3600NT";
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example")
                    .reply("250-mx.example", "250-DSN", "250-SIZE 100000", "250-8BITMIME", "250-DELIVERBY", "250 ETRN")
                .expect("ETRN @example.net").reply("250 queue started")
                .expect("MAIL FROM:<a@example.org> SIZE=2048 RET=HDRS ENVID=ID1 BODY=8BITMIME " + by).reply("250 ok")
                .expect("RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;o@example.org").reply("250 ok")
                .expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(5)).start(script)) {
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--hostname", "client.example", "-f", "a@example.org", "-n", "success,failure", "--ret", "hdrs",
                    "--envid", "ID1", "--orcpt", "rfc822;o@example.org", "--size", "2048", "--body", "8bitmime",
                    "--deliver-by", "3600:notify:trace", "--etrn", "@example.net", "--json",
                    messageFile.toString(), "b@example.org");

            server.awaitTranscript(WAIT).assertScriptCompleted();
            assertEquals(0, r.exitStatus(), r.toString());
            List<Object> events = MiniJson.array(r.json().get("events"));
            assertTrue(events.contains(Map.of("event", "ETRNSTATUS", "option", 64L, "domain", "example.net")),
                    "ETRNSTATUS with libESMTP's option '@' (64): " + events);
            assertTrue(r.stdout().contains("\"outcome\":\"delivered\""), r.stdout());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aGreetingTimeoutBelowTheRfcMinimumIsHonoured(String engine) throws Exception {
        Script silent = Script.builder().stall(Duration.ofSeconds(8)).close().build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(10)).start(silent)) {
            long start = System.nanoTime();
            EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", engine, "-h", server.hostPort(),
                    "--timeout", "greeting=1000", "--json", messageFile.toString(), "b@example.org");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(1, r.exitStatus(), "connected, then timed out: the outcomes decide: " + r);
            assertTrue(elapsed.compareTo(Duration.ofSeconds(6)) < 0,
                    "the 1 s greeting timeout applied instead of the RFC's 5 minutes: took " + elapsed);
            assertEquals(true, r.json().get("started"));
        }
    }
}
