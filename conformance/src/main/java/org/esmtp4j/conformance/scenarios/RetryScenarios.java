package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.esmtp4j.Recipient;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.Transcript;

/**
 * {@code start()} again on the same session (spec §5.4, §5.6): it sends exactly the recipients
 * that are not complete (4xx at RCPT, never attempted, accepted but their message failed with
 * 4xx or was abandoned), skips messages with nothing left, and makes no connection at all when
 * nothing is left ({@code NOTHING_TO_DO}). {@link Recipient#resetStatus()} makes a finished
 * recipient pending again. Each start uses the next server script (one per connection).
 */
public final class RetryScenarios implements ScenarioSource {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final String QUIT = "QUIT\r\n";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("retry/only-rcpt-4xx-resent")
                .about("250, 550, 451, 552 at RCPT and a delivery: the second start sends only the 451 and 552 recipients")
                .covers("O4")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("550 5.1.1 unknown")
                    .expect("RCPT TO:<c@example.org>").reply("451 4.3.0 later")
                    .expect("RCPT TO:<d@example.org>").reply("552 4.5.3 too many recipients")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<c@example.org>").reply("250 ok")
                    .expect("RCPT TO:<d@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org", "d@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE", "true NONE");
                    connection(o, 1, EHLO + MAIL + "\r\nRCPT TO:<c@example.org>\r\nRCPT TO:<d@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + QUIT);
                    Expect.outcomes(o, DELIVERED, PERMANENT, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("retry/end-of-data-451-resends-accepted")
                .about("the end of data got 451: the second start resends the accepted recipients but not the one refused with 550")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("550 5.1.1 unknown")
                    .expect("RCPT TO:<c@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try later")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org", "c@example.org")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED, PERMANENT, DELIVERED);
                    Expect.rcptCode(o, 0, 1, 550);
                })
                .build(),
            Scenario.named("retry/everything-complete-nothing-to-do")
                .about("after a full delivery a second start has nothing to do: it makes no connection")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.connections(o, 1);
                    Expect.results(o, "true NONE", "false NOTHING_TO_DO");
                    Expect.outcomes(o, DELIVERED);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("retry/mail-550-not-resent")
                .about("MAIL 550 completes the recipients (unlike libESMTP 1.1.0): the second start has nothing to do")
                .covers("O2")
                .server(Scripts.quit(Scripts.ehlo().expect(MAIL).reply("550 5.7.1 no")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.connections(o, 1);
                    Expect.results(o, "true NONE", "false NOTHING_TO_DO");
                    Expect.outcomes(o, PERMANENT);
                })
                .build(),
            Scenario.named("retry/data-554-not-resent")
                .about("DATA 554 completes the accepted recipients (unlike libESMTP 1.1.0): the second start has nothing to do")
                .covers("O3")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("554 5.7.1 no")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.connections(o, 1);
                    Expect.results(o, "true NONE", "false NOTHING_TO_DO");
                    Expect.outcomes(o, PERMANENT);
                })
                .build(),
            Scenario.named("retry/mail-451-resent")
                .about("MAIL 451 leaves everything pending: the second start sends the whole message")
                .server(Scripts.quit(Scripts.ehlo().expect(MAIL).reply("451 4.3.0 later")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org", "b@example.org")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE", "true NONE");
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("retry/data-451-resent")
                .about("DATA 451: the second start resends the accepted recipient and delivers it")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("451 4.3.0 not now")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.transferCode(o, 0, 250);
                })
                .build(),
            Scenario.named("retry/end-of-data-554-resends-only-rcpt-4xx")
                .about("the end of data got 554: the accepted recipient is done, the one that got 451 at RCPT is resent")
                .covers("O5")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("451 4.3.0 later")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("554 5.6.0 rejected")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "b@example.org")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, PERMANENT, DELIVERED);
                })
                .build(),
            Scenario.named("retry/require-all-abandoned-resends-all")
                .about("a message abandoned by require-all-recipients: the next start resends every recipient that was not refused with 5xx")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("450 4.2.1 busy")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org", "b@example.org")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("retry/reset-status-resends-delivered-recipient")
                .about("Recipient.resetStatus on a delivered recipient makes the next start send it again")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org", "b@example.org")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "b@example.org")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .starts(2, s -> s.messages().get(0).recipients().get(1).resetStatus())
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE", "true NONE");
                    connection(o, 1, EHLO + MAIL + "\r\nRCPT TO:<b@example.org>\r\nDATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("retry/reset-status-resends-permanent-recipient")
                .about("Recipient.resetStatus on a recipient refused with 550 makes the next start try it again")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("550 5.1.1 unknown")
                    .expect("DATA").reply("554 5.5.1 no recipients")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> s.messages().get(0).recipients().get(0).resetStatus())
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("retry/message-reset-status-alone-resends-nothing")
                .about("Message.resetStatus clears the message statuses but leaves recipients complete: nothing to do")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> s.messages().get(0).resetStatus())
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.connections(o, 1);
                    Expect.results(o, "true NONE", "false NOTHING_TO_DO");
                    Expect.outcomes(o, DELIVERED);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("retry/second-message-only")
                .about("two messages, the second got 451 at the end of data: the next start sends only the second")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 later")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "b@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    connection(o, 1, EHLO + MAIL + "\r\nRCPT TO:<b@example.org>\r\nDATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued",
                            "mailStatus m2 250 ok", "recipientStatus m2 <b@example.org> 250 ok",
                            "messageData m2 39", "messageData m2 33", "messageData m2 15", "messageData m2 26",
                            "messageData m2 8", "messageSent m2 451 4.3.0 later", "disconnected",
                            "connected", "mailStatus m2 250 ok", "recipientStatus m2 <b@example.org> 250 ok",
                            "messageData m2 39", "messageData m2 33", "messageData m2 15", "messageData m2 26",
                            "messageData m2 8", "messageSent m2 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("retry/recipient-added-between-starts")
                .about("a recipient added after a delivery is the only one the next start sends")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "b@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> s.messages().get(0).addRecipient("b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    connection(o, 1, EHLO + MAIL + "\r\nRCPT TO:<b@example.org>\r\nDATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("retry/dropped-before-dot-resent")
                .about("the connection reset before DATA was answered: the next start sends the message again and delivers it")
                .server(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reset().build())
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true DROPPED_CONNECTION", "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("retry/unknown-is-resent")
                .about("UNKNOWN (reset after the dot) is not complete: the next start sends the message again, a possible duplicate")
                .server(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reset().build())
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true DROPPED_CONNECTION", "true NONE");
                    Expect.connections(o, 2);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("retry/three-starts")
                .about("451 at RCPT twice, then 250: each start resends the recipient until it is delivered")
                .server(Scripts.quit(rcptRefused(Scripts.ehlo(), "451 4.3.0 later")))
                .server(Scripts.quit(rcptRefused(Scripts.ehlo(), "452 4.2.2 still full")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(3, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE", "true NONE", "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("retry/new-message-after-nothing-to-do")
                .about("after NOTHING_TO_DO a newly added message is sent by the next start, the finished one is not")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")))
                .server(Scripts.quit(delivered(Scripts.ehlo(), "b@example.org")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(3, s -> {
                    // called before the second and the third start; the session remembers which
                    if (s.applicationData() == null) {
                        s.setApplicationData("before the second start", null);
                    } else {
                        Clients.message(s, "b@example.org");
                    }
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE", "false NOTHING_TO_DO", "true NONE");
                    connection(o, 1, EHLO + MAIL + "\r\nRCPT TO:<b@example.org>\r\nDATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("retry/no-usable-server-then-delivered")
                .about("EHLO 421 found no usable server; the next start delivers everything")
                .server(Script.builder().greet("220 test.example ESMTP").expect("EHLO client.example").reply("421 4.3.2 busy")
                    .expect("QUIT").reply("221 bye").build())
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org", "b@example.org")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "false NO_USABLE_SERVER", "true NONE");
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build());
    }

    /** Appends one delivered transaction for {@code rcpts} without PIPELINING. */
    private static ScriptBuilder delivered(ScriptBuilder b, String... rcpts) {
        b.expect(MAIL).reply("250 ok");
        for (String r : rcpts) {
            b.expect("RCPT TO:<" + r + ">").reply("250 ok");
        }
        return b.expect("DATA").reply("354 go").expectData().reply("250 queued");
    }

    /** Appends a transaction whose only recipient, a@example.org, is refused with {@code reply}; DATA gets 554. */
    private static ScriptBuilder rcptRefused(ScriptBuilder b, String reply) {
        return b.expect(MAIL).reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply(reply)
            .expect("DATA").reply("554 5.5.1 no valid recipients");
    }

    /** What the client sent on one connection, exactly. */
    private static void connection(Observation o, int index, String wire) {
        assertEquals(wire, o.clientTexts().get(index), () -> "connection " + index + "\n" + o);
    }

    /** Every connection's script ran as written. */
    private static void scriptsCompleted(Observation o) {
        for (Transcript t : o.transcripts()) {
            assertTrue(t.scriptCompleted(), () -> "connection " + t.connectionIndex() + " did not follow the script\n"
                    + t.failures() + "\n" + t.dialogue());
        }
    }
}
