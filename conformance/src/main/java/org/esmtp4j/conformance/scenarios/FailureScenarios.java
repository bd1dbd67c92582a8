package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.esmtp4j.Outcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.esmtp4j.Status;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.Transcript;

/**
 * Faults at each protocol step (spec §5.2, §5.8, §5.9; RFC 5321 §4.5.3.2): the connection closed
 * (FIN) or reset (RST) by the server, a server that stops answering within the timeouts (set to
 * 1 s with the override), and replies that break the reply syntax or the pairing of replies with
 * commands. What matters is each recipient's outcome: TRANSIENT while the end of data was not
 * sent, UNKNOWN once it was and no reply came.
 */
public final class FailureScenarios implements ScenarioSource {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MAIL = "MAIL FROM:<sender@example.org>\r\n";
    private static final String RCPT_A = "RCPT TO:<a@example.org>\r\n";
    private static final String CONTENT = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n";
    private static final String DOT = ".\r\n";
    private static final String QUIT = "QUIT\r\n";

    @Override
    public List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        list.addAll(drops());
        list.addAll(timeouts());
        list.addAll(malformedReplies());
        return list;
    }

    private static List<Scenario> drops() {
        return List.of(
            Scenario.named("drop/close-after-ehlo-sent")
                .about("the server half-closes instead of answering EHLO: the read error gets QUIT, the recipient is transient")
                .server(Script.builder().greet("220 test.example ESMTP").expect("EHLO client.example").close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    // libESMTP answers a read error after the greeting by going to its QUIT
                    // state (spec §5.2); the half-closed server still reads it.
                    Expect.clientSent(o, EHLO + QUIT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("drop/close-after-mail-sent")
                .about("the server half-closes instead of answering MAIL: QUIT, the recipient is transient and not complete")
                .server(Scripts.ehlo().expect("MAIL FROM:<sender@example.org>").close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "disconnected");
                })
                .build(),
            Scenario.named("drop/reset-after-mail-sent")
                .about("the server resets the connection instead of answering MAIL: the recipient is transient")
                .server(Scripts.ehlo().expect("MAIL FROM:<sender@example.org>").reset().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("drop/close-after-rcpt-sent")
                .about("the server half-closes instead of answering RCPT: no DATA but QUIT, the recipient is transient")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + QUIT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "disconnected");
                })
                .build(),
            Scenario.named("drop/close-after-first-pipelined-rcpt-reply")
                .about("pipelined RCPTs and DATA, the server answers the first RCPT then closes: both recipients transient")
                .server(Scripts.ehlo("PIPELINING")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("250 ok").close().build())
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "RCPT TO:<b@example.org>\r\nDATA\r\n");
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                    Expect.rcptCode(o, 0, 0, 250);
                })
                .build(),
            Scenario.named("drop/reset-after-data-sent")
                .about("the server resets the connection instead of answering DATA: no content, the accepted recipient is transient")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reset().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n");
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("drop/close-after-354")
                .about("the server half-closes right after 354 but keeps reading: the whole message and the dot go out, "
                        + "no reply comes: UNKNOWN")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go").close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT + QUIT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, UNKNOWN);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("drop/reset-mid-content")
                .about("a 1 MiB message reset by the server 16 KiB into the data: libESMTP cannot tell whether the dot went out")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go").resetAfterReadingBytes(16 * 1024).build())
                .client(s -> Clients.messageWithContent(s, bigContent(), "a@example.org"))
                .expect(o -> Expect.results(o, "true DROPPED_CONNECTION"))
                // libESMTP ignores write errors and reads the message to its end before the
                // read of the reply fails (L1): the dot may have gone out, so UNKNOWN. The java
                // engine sees the failed write before the dot: TRANSIENT.
                .divergence("L1", "libesmtp", o -> {
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, UNKNOWN);
                })
                .divergence("L1", "java", o -> {
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("drop/close-after-dot")
                .about("the server half-closes after reading the end of data without replying: QUIT, and UNKNOWN: "
                        + "the message may have been delivered")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT + QUIT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, UNKNOWN);
                })
                .build(),
            Scenario.named("drop/reset-after-dot")
                .about("the server resets the connection after reading the end of data: UNKNOWN")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reset().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, UNKNOWN);
                })
                .build(),
            Scenario.named("drop/close-instead-of-quit-reply")
                .about("the server closes instead of answering QUIT after the delivery: a dropped connection, "
                        + "but the recipient stays delivered")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT + QUIT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("drop/quit-answered-500-is-ignored")
                .about("a 500 to QUIT is read and ignored: the start succeeds, the recipient is delivered")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("500 what?").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    /**
     * The server stays silent after the command (expectClientClose reads without replying), so
     * the client's 1 s timeout (set with the override, spec §5.8) is what ends the connection.
     */
    private static List<Scenario> timeouts() {
        return List.of(
            Scenario.named("timeout/envelope-mail-reply")
                .about("no reply to MAIL within the 1 s envelope timeout: dropped without QUIT, the recipient transient")
                .server(Scripts.ehlo().expect("MAIL FROM:<sender@example.org>").expectClientClose().build())
                .client(s -> {
                    s.setTimeout(Timeout.ENVELOPE, Duration.ofSeconds(1), true);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("timeout/data-354")
                .about("no reply to DATA within the 1 s data timeout: no content sent, the accepted recipient transient")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").expectClientClose().build())
                .client(s -> {
                    s.setTimeout(Timeout.DATA, Duration.ofSeconds(1), true);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n");
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("timeout/data2-after-dot")
                .about("no reply to the end of data within the 1 s DATA2 timeout: UNKNOWN, dropped without QUIT")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().expectClientClose().build())
                .client(s -> {
                    s.setTimeout(Timeout.DATA2, Duration.ofSeconds(1), true);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, UNKNOWN);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("timeout/greeting-timeout-applies-to-ehlo")
                .about("the greeting timeout also covers the EHLO reply: no reply within 1 s drops the connection")
                .server(Script.builder().greet("220 test.example ESMTP").expect("EHLO client.example")
                    .expectClientClose().build())
                .client(s -> {
                    s.setTimeout(Timeout.GREETING, Duration.ofSeconds(1), true);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build());
    }

    private static List<Scenario> malformedReplies() {
        return List.of(
            Scenario.named("malformed/bare-250-to-mail")
                .about("a bare 250 (no space, no text) to MAIL: libESMTP rejects it as a syntax error, the java engine accepts it")
                .server(Scripts.ehlo().expect("MAIL FROM:<sender@example.org>").replyRaw("250\r\n")
                    .expectAny().reply("250 ok")
                    .expectAny().reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.clientSentContaining(o, MAIL))
                .divergence("P1", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("P1", "java", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("malformed/bare-250-to-end-of-data")
                .about("a bare 250 to the end of data: libESMTP cannot read it (UNKNOWN), the java engine takes it as delivery")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().replyRaw("250\r\n")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.clientSentContaining(o, DOT))
                .divergence("P1", "libesmtp", o -> {
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, UNKNOWN);
                })
                .divergence("P1", "java", o -> {
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("malformed/650-to-rcpt")
                .about("650 to the second RCPT: libESMTP counts it as an ordinary failure and sends DATA; "
                        + "the java engine stops with a protocol error")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("650 what")
                    .expectAny().reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> Expect.clientSentContaining(o, "RCPT TO:<b@example.org>\r\n"))
                .divergence("P2", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "RCPT TO:<b@example.org>\r\nDATA\r\n" + CONTENT + DOT
                            + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED, TRANSIENT);
                    Expect.rcptCode(o, 0, 1, 650);
                })
                .divergence("P2", "java", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "RCPT TO:<b@example.org>\r\nQUIT\r\n");
                    Expect.results(o, "true INVALID_RESPONSE_STATUS");
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                })
                .build(),
            Scenario.named("malformed/plus-250-to-mail")
                .about("+250 to MAIL: libESMTP's strtol reads it as 250 and carries on; the java engine stops with a protocol error")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("+250 ok")
                    .expectAny().reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.clientSentContaining(o, MAIL))
                .divergence("P2", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + CONTENT + DOT + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .divergence("P2", "java", o -> {
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("malformed/unsolicited-second-reply-to-mail")
                .about("two replies to MAIL: libESMTP pairs the extra one with RCPT and desynchronises; the java engine detects it")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok", "250 2.1.5 unsolicited")
                    .expectAny().reply("550 5.1.1 no such user")
                    .expectAny().reply("354 go")
                    .expectAny().reply("221 bye")
                    .build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.clientSentContaining(o, MAIL))
                // libESMTP takes the extra reply as the answer to RCPT and the real RCPT answer
                // (550) as the answer to DATA: a 5xx to DATA, so the recipient fails for good
                // although nothing refused it.
                .divergence("P8", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.rcptCode(o, 0, 0, 250);
                    Expect.transferCode(o, 0, 550);
                    Expect.outcomes(o, PERMANENT);
                })
                .divergence("P8", "java", o -> {
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    assertEquals(Status.NONE, o.messages().get(0).reversePathStatus(), () -> o.toString());
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("malformed/unsolicited-reply-after-greeting")
                .about("a 250 sent with the greeting before EHLO: libESMTP takes it as the EHLO reply and runs one reply "
                        + "behind; the java engine detects it")
                .server(Script.builder().greet("220 test.example ESMTP", "250 surprise")
                    .expectAny().reply("250 test.example")
                    .expectAny().reply("250 ok")
                    .expectAny().reply("250 ok")
                    .expectAny().reply("354 go")
                    .expectAny().reply("221 bye")
                    .build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.outcomes(o, TRANSIENT))
                // libESMTP pairs every later reply with the command after the one it answers:
                // the EHLO reply becomes the MAIL status and the RCPT reply the DATA reply, a
                // 2xx to DATA (P9), so it quits; the java engine quits at the extra reply.
                .divergence("P8", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_STATUS");
                    assertEquals("test.example", o.messages().get(0).reversePathStatus().text(), () -> o.toString());
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("P8", "java", o -> {
                    Expect.clientSent(o, EHLO + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    assertEquals(Status.NONE, o.messages().get(0).reversePathStatus(), () -> o.toString());
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("malformed/250-to-data")
                .about("DATA answered 250 instead of 354: never a delivery; the recipient stays transient on both engines")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("250 ok")
                    .expectAny().reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.outcomes(o, TRANSIENT))
                // Both engines quit with an invalid status; the libesmtp engine's facade stores a
                // local 451 where libESMTP would store the 250, the java engine stores nothing.
                .divergence("P9", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_STATUS");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.transferCode(o, 0, 451);
                    assertTrue(o.messages().get(0).transferStatus().local(), () -> o.toString());
                })
                .divergence("P9", "java", o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + QUIT);
                    Expect.results(o, "true INVALID_RESPONSE_STATUS");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("malformed/354-to-end-of-data")
                .about("the end of data answered 354: stored as the transfer status, no delivery, the recipient transient")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("354 again?")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE");
                    Expect.transferCode(o, 0, 354);
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("malformed/continuation-code-mismatch-to-rcpt")
                .about("a two-line RCPT reply whose lines carry different codes is a status mismatch: QUIT, nothing delivered")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250-ok", "251 forwarded")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + QUIT);
                    Expect.results(o, "true STATUS_MISMATCH");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("malformed/reply-split-inside-the-code")
                .about("a MAIL reply arriving in pieces cut inside the code is reassembled: an ordinary delivery")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").splitReply("250 2.1.0 ok", 1, 2)
                    .expect("RCPT TO:<a@example.org>").splitReply("250 ok", 3)
                    .expect("DATA").splitReply("354 go", 2)
                    .expectData().splitReply("250 queued", 1, 4)))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    /** A message of about 1 MiB: 78-octet lines, enough to still be writing when the server resets. */
    private static String bigContent() {
        char[] line = new char[78];
        Arrays.fill(line, 'x');
        line[76] = '\r';
        line[77] = '\n';
        String l = new String(line);
        StringBuilder b = new StringBuilder(Clients.CONTENT.length() + 14_000 * 78).append(Clients.CONTENT);
        for (int i = 0; i < 14_000; i++) {
            b.append(l);
        }
        return b.toString();
    }

    /** Every connection's script ran as written. */
    private static void scriptsCompleted(Observation o) {
        for (Transcript t : o.transcripts()) {
            assertTrue(t.scriptCompleted(), () -> "connection " + t.connectionIndex() + " did not follow the script\n"
                    + t.failures() + "\n" + t.dialogue());
        }
    }
}
