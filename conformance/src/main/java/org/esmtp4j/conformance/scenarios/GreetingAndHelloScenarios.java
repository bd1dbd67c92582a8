package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Status;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.ClientBatch;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.Transcript;

/**
 * The greeting and the EHLO/HELO exchange (spec §5.1, §5.2, §5.9): which replies fall back to the
 * next address (greeting not 220, EHLO 4xx, HELO refused), which end the session on this server
 * (other EHLO 5xx) and which switch to HELO (EHLO 500/501/502/504). The scripted server has one
 * address, so a fallback ends the start with {@code NO_USABLE_SERVER} after one connection.
 */
public final class GreetingAndHelloScenarios implements ScenarioSource {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String HELO = "HELO client.example\r\n";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final String ENVELOPE = "MAIL FROM:<sender@example.org>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n";
    /** What the client sends for one recipient after the greeting, EHLO or HELO included by the caller. */
    private static final String TRANSACTION = ENVELOPE + DATA_WIRE + "QUIT\r\n";
    /** The events of one delivered message with one recipient: messageData fires once per content line. */
    private static final String[] DELIVERY_EVENTS = {
        "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok", "messageData m1 39",
        "messageData m1 33", "messageData m1 15", "messageData m1 26", "messageData m1 8", "messageSent m1 250 queued",
        "disconnected"};

    @Override
    public List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        list.addAll(greetings());
        list.addAll(ehloRefusals());
        list.addAll(heloReplies());
        list.addAll(failover());
        return list;
    }

    private static List<Scenario> greetings() {
        return List.of(
            Scenario.named("greeting/421-quits-no-usable-server")
                .about("a 421 greeting gets QUIT and no EHLO; with no other address the start reports no usable server")
                .server(Script.builder().greet("421 4.3.2 too busy").expect("QUIT").reply("221 bye").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                    Expect.events(o, "connected", "disconnected");
                })
                .build(),
            Scenario.named("greeting/554-quits-no-usable-server")
                .about("a 554 greeting gets QUIT and no EHLO; the recipient stays transient for the next start")
                .server(Script.builder().greet("554 5.7.1 no service for you").expect("QUIT").reply("221 bye")
                    .expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                })
                .build(),
            Scenario.named("greeting/250-not-220-drops-without-quit")
                .about("a 2xx greeting other than 220 drops the connection without a word, then falls back")
                .server(Script.builder().greet("250 test.example hello").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, "");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                    Expect.events(o, "connected", "disconnected");
                })
                .build(),
            Scenario.named("greeting/server-closes-before-greeting")
                .about("the server closes before greeting: a read error at the greeting drops the connection and falls back (start not connected)")
                .server(Script.builder().close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.clientSent(o, "");
                    Expect.results(o, "false DROPPED_CONNECTION");
                    untouched(o);
                })
                .build(),
            Scenario.named("greeting/multiline-220")
                .about("a three-line 220 greeting is read whole before EHLO")
                .server(Scripts.quit(Script.builder().greet("220-test.example ESMTP", "220-no spam please", "220 ready")
                    .expect("EHLO client.example").reply("250 test.example")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + TRANSACTION);
                    Expect.outcomes(o, DELIVERED);
                    Expect.events(o, DELIVERY_EVENTS);
                })
                .build(),
            Scenario.named("greeting/split-220-across-reads")
                .about("a 220 greeting arriving in three pieces is reassembled before EHLO")
                .server(Scripts.quit(Script.builder().splitReply("220 test.example ESMTP", 2, 9)
                    .expect("EHLO client.example").reply("250 test.example")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + TRANSACTION);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("greeting/stall-times-out")
                .about("no greeting within the 1 s greeting timeout (override): dropped without QUIT, the start still counts as connected")
                // the server reads without ever greeting: the client's timeout ends the connection
                .server(Script.builder().expectClientClose().build())
                .client(s -> {
                    s.setTimeout(Timeout.GREETING, Duration.ofSeconds(1), true);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, "");
                    Expect.results(o, "true DROPPED_CONNECTION");
                    untouched(o);
                    Expect.events(o, "connected", "disconnected");
                })
                .build(),
            Scenario.named("greeting/bare-220")
                .about("a greeting of just 220 with no text: libESMTP rejects the syntax and falls back, "
                        + "the java engine accepts it (RFC 5321 §4.2)")
                .server(Scripts.quit(Script.builder().replyRaw("220\r\n")
                    .expect("EHLO client.example").reply("250 test.example")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> Expect.connections(o, 1))
                .divergence("P1", "libesmtp", o -> {
                    Expect.clientSent(o, "");
                    Expect.results(o, "false INVALID_RESPONSE_SYNTAX");
                    untouched(o);
                })
                .divergence("P1", "java", o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + TRANSACTION);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("greeting/garbage")
                .about("a greeting that is not an SMTP reply is a syntax error and a fallback condition: the start is not connected")
                .server(Script.builder().greet("hello, I am not SMTP").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                // The greeting was not 220: the connection is dropped without a word and the start
                // falls back (spec §5.1, §5.2), so it is not connected.
                .expect(o -> {
                    Expect.clientSent(o, "");
                    Expect.results(o, "false INVALID_RESPONSE_SYNTAX");
                    untouched(o);
                })
                .build());
    }

    private static List<Scenario> ehloRefusals() {
        List<Scenario> list = new ArrayList<>();
        for (int code : new int[] {500, 501, 502, 504}) {
            list.add(Scenario.named("ehlo/" + code + "-falls-back-to-helo")
                .about("EHLO answered " + code + " means EHLO is not understood: HELO, then a transaction without pipelining")
                .server(Scripts.quit(Script.builder().greet("220 test.example SMTP")
                    .expect("EHLO client.example").reply(code + " 5.5.1 what is EHLO?")
                    .expect("HELO client.example").reply("250 test.example")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + HELO + TRANSACTION);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                    Expect.events(o, DELIVERY_EVENTS);
                })
                .build());
        }
        for (int code : new int[] {421, 451}) {
            list.add(Scenario.named("ehlo/" + code + "-quits-no-usable-server")
                .about("EHLO answered " + code + " gets QUIT and falls back; with one address the start reports no usable server")
                .server(Script.builder().greet("220 test.example ESMTP")
                    .expect("EHLO client.example").reply(code + " 4.3.2 not now")
                    .expect("QUIT").reply("221 bye").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                })
                .build());
        }
        for (int code : new int[] {550, 554, 503}) {
            list.add(Scenario.named("ehlo/" + code + "-quits-without-helo")
                .about("EHLO answered " + code + " ends the session with QUIT, no HELO and no fallback; the start is connected")
                .server(Script.builder().greet("220 test.example ESMTP")
                    .expect("EHLO client.example").reply(code + " 5.7.1 go away")
                    .expect("QUIT").reply("221 bye").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + "QUIT\r\n");
                    Expect.results(o, "true NONE");
                    untouched(o);
                    Expect.events(o, "connected", "disconnected");
                })
                .build());
        }
        list.add(Scenario.named("ehlo/3xx-is-invalid-status")
            .about("EHLO answered 354 (neither 2xx, 4xx nor 5xx) is an invalid status: QUIT, recipients untouched")
            .server(Script.builder().greet("220 test.example ESMTP")
                .expect("EHLO client.example").reply("354 what?")
                .expect("QUIT").reply("221 bye").expectClientClose().build())
            .client(s -> Clients.message(s, "a@example.org"))
            .expect(o -> {
                scriptsCompleted(o);
                Expect.clientSent(o, EHLO + "QUIT\r\n");
                Expect.results(o, "true INVALID_RESPONSE_STATUS");
                untouched(o);
            })
            .build());
        list.add(Scenario.named("ehlo/unknown-keywords-ignored")
            .about("unknown EHLO keywords (and lowercase known ones) are ignored or matched without case: pipelining still batches")
            .server(Scripts.quit(Scripts.ehlo("X-FROBNICATE 12", "pipelining", "VRFY")
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                .expectData().reply("250 queued")))
            .client(s -> Clients.message(s, "a@example.org"))
            .expect(o -> {
                scriptsCompleted(o);
                batches(o, 0, "EHLO client.example", "MAIL FROM:<sender@example.org>", "RCPT TO:<a@example.org>|DATA",
                        "<content>", "QUIT");
                Expect.outcomes(o, DELIVERED);
            })
            .build());
        list.add(Scenario.named("ehlo/multiline-split-across-reads")
            .about("a multi-line EHLO reply cut in the middle of a line is read whole; PIPELINING in its last line counts")
            .server(Scripts.quit(Script.builder().greet("220 test.example ESMTP")
                .expect("EHLO client.example").splitReply("250-test.example\r\n250-SIZE 100000\r\n250 PIPELINING", 7, 22, 37)
                .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                .expectData().reply("250 queued")))
            .client(s -> Clients.message(s, "a@example.org"))
            .expect(o -> {
                scriptsCompleted(o);
                batches(o, 0, "EHLO client.example", "MAIL FROM:<sender@example.org>", "RCPT TO:<a@example.org>|DATA",
                        "<content>", "QUIT");
                Expect.outcomes(o, DELIVERED);
            })
            .build());
        return list;
    }

    private static List<Scenario> heloReplies() {
        return List.of(
            Scenario.named("helo/550-quits-no-usable-server")
                .about("EHLO 502 then HELO 550: QUIT and fall back; with one address no usable server")
                .server(Script.builder().greet("220 test.example SMTP")
                    .expect("EHLO client.example").reply("502 5.5.1 no EHLO")
                    .expect("HELO client.example").reply("550 5.7.1 not you")
                    .expect("QUIT").reply("221 bye").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + HELO + "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                })
                .build(),
            Scenario.named("helo/421-quits-no-usable-server")
                .about("EHLO 500 then HELO 421: QUIT and fall back, like any other HELO refusal")
                .server(Script.builder().greet("220 test.example SMTP")
                    .expect("EHLO client.example").reply("500 unrecognised")
                    .expect("HELO client.example").reply("421 4.3.2 closing")
                    .expect("QUIT").reply("221 bye").expectClientClose().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + HELO + "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                })
                .build(),
            Scenario.named("helo/no-pipelining-after-helo")
                .about("after HELO no extension is known: two RCPTs and DATA each wait for their reply")
                .server(Scripts.quit(Scripts.helo(502)
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("451 4.2.1 later")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", "HELO client.example", "MAIL FROM:<sender@example.org>",
                            "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA", "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, TRANSIENT);
                })
                .build(),
            Scenario.named("helo/multiline-250")
                .about("a multi-line 250 to HELO is accepted like a one-line one")
                .server(Scripts.quit(Script.builder().greet("220 test.example SMTP")
                    .expect("EHLO client.example").reply("502 5.5.1 no EHLO")
                    .expect("HELO client.example").reply("250-test.example", "250 pleased to meet you")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + HELO + TRANSACTION);
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    /**
     * Fallback conditions move to the next address of the server name; the scripted server has
     * only 127.0.0.1, so the second script must stay unused: the client never reconnects to the
     * same address by itself.
     */
    private static List<Scenario> failover() {
        Script wouldDeliver = Scripts.quit(Scripts.ehlo()
            .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued"));
        return List.of(
            Scenario.named("failover/greeting-421-no-reconnect")
                .about("after a 421 greeting the client does not reconnect to the same address: one connection, no usable server")
                .server(Script.builder().greet("421 4.3.2 busy").expect("QUIT").reply("221 bye").expectClientClose().build())
                .server(wouldDeliver)
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.connections(o, 1);
                    Expect.clientSent(o, "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                })
                .build(),
            Scenario.named("failover/ehlo-450-no-reconnect")
                .about("after EHLO 450 the client does not reconnect to the same address: one connection, no usable server")
                .server(Script.builder().greet("220 test.example ESMTP")
                    .expect("EHLO client.example").reply("450 4.3.2 not now")
                    .expect("QUIT").reply("221 bye").expectClientClose().build())
                .server(wouldDeliver)
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.connections(o, 1);
                    Expect.clientSent(o, EHLO + "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    untouched(o);
                })
                .build(),
            Scenario.named("failover/next-start-uses-the-server-again")
                .about("a start that found no usable server leaves the recipient pending work: the next start delivers it")
                .server(Script.builder().greet("421 4.3.2 busy").expect("QUIT").reply("221 bye").expectClientClose().build())
                .server(wouldDeliver)
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.connections(o, 2);
                    Expect.results(o, "false NO_USABLE_SERVER", "true NONE");
                    Expect.clientSent(o, "QUIT\r\n" + EHLO + TRANSACTION);
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    /** The session never reached MAIL: every status is empty and the recipient transient, not complete. */
    private static void untouched(Observation o) {
        assertEquals(Status.NONE, o.messages().get(0).reversePathStatus(), () -> o.toString());
        assertEquals(Status.NONE, o.messages().get(0).transferStatus(), () -> o.toString());
        for (Observation.RecipientState r : o.messages().get(0).recipients()) {
            assertEquals(Status.NONE, r.status(), () -> o.toString());
            assertFalse(r.complete(), () -> o.toString());
            assertEquals(TRANSIENT, r.outcome(), () -> o.toString());
        }
    }

    /** Every connection's script ran as written. */
    private static void scriptsCompleted(Observation o) {
        for (Transcript t : o.transcripts()) {
            assertTrue(t.scriptCompleted(), () -> "connection " + t.connectionIndex() + " did not follow the script\n"
                    + t.failures() + "\n" + t.dialogue());
        }
    }

    /**
     * The client's lines on one connection, grouped by the server reply they arrived before:
     * each argument is one batch, its lines joined with {@code |}, message content folded to
     * {@code <content>}.
     */
    private static void batches(Observation o, int connection, String... expected) {
        List<String> actual = new ArrayList<>();
        for (ClientBatch batch : o.transcripts().get(connection).batches()) {
            List<String> folded = new ArrayList<>();
            for (String line : batch.lines()) {
                boolean command = line.matches("(EHLO|HELO|MAIL|RCPT|DATA|RSET|QUIT|NOOP)( .*)?");
                if (command) {
                    folded.add(line);
                } else if (folded.isEmpty() || !folded.get(folded.size() - 1).equals("<content>")) {
                    folded.add("<content>");
                }
            }
            actual.add(String.join("|", folded));
        }
        assertEquals(List.of(expected), actual, () -> o.toString());
    }
}
