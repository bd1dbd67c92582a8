package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Transcript;

/** MAIL, RCPT and DATA answered 2xx, 4xx and 5xx, with and without PIPELINING. */
public final class EnvelopeScenarios implements ScenarioSource {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MAIL = "MAIL FROM:<sender@example.org>\r\n";
    private static final String RCPT_A = "RCPT TO:<a@example.org>\r\n";
    private static final String RCPT_B = "RCPT TO:<b@example.org>\r\n";
    private static final String QUIT = "QUIT\r\n";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";

    @Override
    public List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>(basics());
        list.addAll(mailReplies());
        list.addAll(rcptReplies());
        list.addAll(dataReplies());
        list.addAll(requireAllRecipients());
        return list;
    }

    private static List<Scenario> basics() {
        return List.of(
            Scenario.named("envelope/plain-delivery")
                .about("one recipient, no extensions: every command waits for its reply")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\n"
                            + "RCPT TO:<a@example.org>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                    Expect.results(o, "true NONE");
                })
                .build(),
            Scenario.named("envelope/rcpt-250-550-451")
                .about("three RCPT replies: delivered, permanent, transient")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA")
                    .reply("250 ok", "550 5.1.1 no such user", "451 4.3.0 try later", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED, PERMANENT, TRANSIENT);
                    Expect.rcptCode(o, 0, 1, 550);
                    Expect.transferCode(o, 0, 250);
                })
                .build(),
            Scenario.named("envelope/mail-550")
                .about("MAIL refused permanently: no RCPT, no DATA, recipients permanent and complete")
                .covers("O2")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect("MAIL FROM:<sender@example.org>").reply("550 5.7.1 sender rejected")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.outcomes(o, PERMANENT);
                    Expect.clientNeverSent(o, "RCPT");
                })
                .build(),
            Scenario.named("envelope/data-554")
                .about("DATA refused permanently: the accepted recipient fails permanently")
                .covers("O3")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("554 5.6.0 no data for you")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.outcomes(o, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                })
                .build(),
            Scenario.named("envelope/end-of-data-451-then-retry")
                .about("the end of data answered 451; the second start sends the message again and it is delivered")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try again")))
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.connections(o, 2);
                    Expect.results(o, "true NONE", "true NONE");
                })
                .build(),
            Scenario.named("envelope/rcpt-552-is-transient")
                .about("552 to RCPT is temporary (RFC 5321 §4.5.3.1.10): retried, not complete")
                .covers("O4")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("552 5.5.3 too many recipients")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> Expect.outcomes(o, DELIVERED, TRANSIENT))
                .build());
    }

    private static List<Scenario> mailReplies() {
        return List.of(
            Scenario.named("envelope/mail-451")
                .about("MAIL refused temporarily: no RCPT, QUIT; the recipient is transient and not complete")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect("MAIL FROM:<sender@example.org>").reply("451 4.3.0 queue full")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, TRANSIENT);
                    complete(o, 0, false);
                    assertEquals(451, o.messages().get(0).reversePathStatus().code(), () -> o.toString());
                    Expect.events(o, "connected", "mailStatus m1 451 4.3.0 queue full", "disconnected");
                })
                .build(),
            Scenario.named("envelope/mail-421-is-an-ordinary-4xx")
                .about("421 to MAIL gets no special handling: QUIT as after any 4xx, the recipients transient")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("421 4.3.2 shutting down")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                    complete(o, 0, false, false);
                })
                .build(),
            Scenario.named("envelope/mail-553-two-recipients")
                .about("MAIL 553: both recipients fail permanently and are complete; only the MAIL status event fires")
                .covers("O2")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("553 5.1.8 bad sender domain")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + QUIT);
                    Expect.outcomes(o, PERMANENT, PERMANENT);
                    complete(o, 0, true, true);
                    Expect.events(o, "connected", "mailStatus m1 553 5.1.8 bad sender domain", "disconnected");
                })
                .build());
    }

    private static List<Scenario> rcptReplies() {
        return List.of(
            Scenario.named("envelope/rcpt-251-is-acceptance")
                .about("251 (user not local, will forward) to RCPT is a 2xx: the recipient is delivered")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("251 2.1.5 will forward")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.rcptCode(o, 0, 0, 251);
                })
                .build(),
            Scenario.named("envelope/rcpt-421-is-an-ordinary-4xx")
                .about("421 to one RCPT is an ordinary 4xx: the other recipient still gets DATA and is delivered")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("421 4.4.5 too busy for you")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, TRANSIENT, DELIVERED);
                    complete(o, 0, false, true);
                })
                .build(),
            Scenario.named("envelope/every-rcpt-550-then-data-554")
                .about("every RCPT refused: DATA is still sent (libESMTP does not count); the server refuses it, no content")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("550 5.1.1 unknown")
                    .expect("RCPT TO:<b@example.org>").reply("550 5.1.1 unknown")
                    .expect("DATA").reply("554 5.5.1 no valid recipients")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + RCPT_B + "DATA\r\n" + QUIT);
                    Expect.outcomes(o, PERMANENT, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                })
                .build(),
            Scenario.named("envelope/every-rcpt-550-lone-dot")
                .about("every RCPT refused and DATA answered 354: an empty message (a lone dot); its 250 is not a delivery")
                .covers("O6")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("550 5.1.1 unknown")
                    .expect("DATA").reply("354 go")
                    .expect(".").reply("250 empty message accepted")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n.\r\n" + QUIT);
                    Expect.outcomes(o, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                    assertTrue(o.messages().get(0).transferStatus().local(), () -> o.toString());
                })
                .build(),
            Scenario.named("envelope/every-rcpt-451-then-data-503")
                .about("every RCPT refused temporarily and DATA answered 503: all recipients transient, nothing complete")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("451 4.3.0 later")
                    .expect("RCPT TO:<b@example.org>").reply("452 4.2.2 mailbox full")
                    .expect("DATA").reply("503 5.5.1 no recipients")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                    complete(o, 0, false, false);
                    Expect.transferCode(o, 0, 503);
                })
                .build());
    }

    private static List<Scenario> dataReplies() {
        return List.of(
            Scenario.named("envelope/data-451")
                .about("DATA refused temporarily: no content, QUIT; the accepted recipient is transient and the message-sent event fires")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("451 4.3.0 not now")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                    complete(o, 0, false);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageSent m1 451 4.3.0 not now", "disconnected");
                })
                .build(),
            Scenario.named("envelope/end-of-data-554-keeps-rcpt-4xx-transient")
                .about("the end of data refused permanently: accepted recipients fail for good, "
                        + "the one refused temporarily at RCPT stays transient")
                .covers("O5")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA")
                    .reply("250 ok", "451 4.3.0 later", "550 5.1.1 unknown", "354 go")
                    .expectData().reply("554 5.6.0 content rejected")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, PERMANENT, TRANSIENT, PERMANENT);
                    complete(o, 0, true, false, true);
                    Expect.transferCode(o, 0, 554);
                })
                .build(),
            Scenario.named("envelope/end-of-data-552-permanent")
                .about("552 to the end of data (message too big) is permanent, unlike 552 to RCPT")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("552 5.3.4 message too big")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, PERMANENT);
                    complete(o, 0, true);
                    Expect.transferCode(o, 0, 552);
                })
                .build(),
            Scenario.named("envelope/end-of-data-multiline-250")
                .about("a three-line 250 to the end of data is one reply: delivered, its lines kept in the transfer status")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250-queued as 1234", "250-scanned", "250 thank you")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + "DATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals("queued as 1234\nscanned\nthank you", o.messages().get(0).transferStatus().text(),
                            () -> o.toString());
                })
                .build(),
            Scenario.named("envelope/end-of-data-451-events")
                .about("the end of data refused temporarily: every event in order, the recipient transient")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 2.1.0 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 2.1.5 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try again")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "mailStatus m1 250 2.1.0 ok", "recipientStatus m1 <a@example.org> 250 2.1.5 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 451 4.3.0 try again", "disconnected");
                })
                .build());
    }

    private static List<Scenario> requireAllRecipients() {
        return List.of(
            Scenario.named("envelope/require-all-every-rcpt-accepted")
                .about("require-all-recipients with every RCPT accepted: an ordinary delivery")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + RCPT_B + "DATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("envelope/require-all-one-rcpt-550")
                .about("require-all-recipients and one RCPT 550: no DATA, no message-sent event, the accepted recipient "
                        + "stays transient")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("550 5.1.1 unknown")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + RCPT_B + QUIT);
                    Expect.outcomes(o, TRANSIENT, PERMANENT);
                    complete(o, 0, false, true);
                    Expect.transferCode(o, 0, 0);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "recipientStatus m1 <b@example.org> 550 5.1.1 unknown", "disconnected");
                })
                .build(),
            Scenario.named("envelope/require-all-one-rcpt-451")
                .about("require-all-recipients and one RCPT 451: no DATA, both recipients transient")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("451 4.3.0 later")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + RCPT_B + QUIT);
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                    complete(o, 0, false, false);
                })
                .build(),
            Scenario.named("envelope/require-all-off-one-rcpt-550")
                .about("without require-all-recipients one RCPT 550 does not stop the message: DATA for the other")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("550 5.1.1 unknown")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.requireAllRecipients(false);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + RCPT_A + RCPT_B + "DATA\r\n" + DATA_WIRE + QUIT);
                    Expect.outcomes(o, DELIVERED, PERMANENT);
                    complete(o, 0, true, true);
                })
                .build());
    }

    /** Every connection's script ran as written. */
    private static void scriptsCompleted(Observation o) {
        for (Transcript t : o.transcripts()) {
            assertTrue(t.scriptCompleted(), () -> "connection " + t.connectionIndex() + " did not follow the script\n"
                    + t.failures() + "\n" + t.dialogue());
        }
    }

    /** The complete flag of each recipient of one message, in order. */
    private static void complete(Observation o, int message, boolean... flags) {
        List<Boolean> expected = new ArrayList<>();
        List<Boolean> actual = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            expected.add(flags[i]);
        }
        for (Observation.RecipientState r : o.messages().get(message).recipients()) {
            actual.add(r.complete());
        }
        assertEquals(expected, actual, () -> "complete flags of message " + (message + 1) + "\n" + o);
    }
}
