package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.Transcript;

/**
 * Several messages over one connection (spec §5.2, §5.4): after a delivered message the next MAIL
 * follows directly; after a refused MAIL too (no RSET); after a refused DATA or end of data, or a
 * message abandoned by require-all-recipients, RSET comes first. After the last message QUIT
 * follows whatever happened. RSET and QUIT replies are read and ignored.
 */
public final class MultiMessageScenarios implements ScenarioSource {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final String QUIT = "QUIT\r\n";
    /** A Date and Message-Id of the content's own, so that no generated header varies in length. */
    private static final String HEADERS = "Date: Sun, 01 Nov 2026 10:00:00 +0000\r\nMessage-Id: <fixed@example.org>\r\n";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("multi/two-delivered-no-rset")
                .about("two messages delivered on one connection: the second MAIL follows the 250 directly, no RSET")
                .server(Scripts.quit(delivered(delivered(Scripts.ehlo(), "a@example.org"), "b@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + wire("a@example.org") + wire("b@example.org") + QUIT);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.connections(o, 1);
                })
                .build(),
            Scenario.named("multi/three-delivered-events")
                .about("three delivered messages: status events carry each message's number, one connect and disconnect")
                .server(Scripts.quit(delivered(delivered(delivered(Scripts.ehlo(), "a@example.org"), "b@example.org"),
                    "c@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                    Clients.message(s, "c@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.events(o, concat(new String[] {"connected"}, deliveryEvents(1, "a@example.org"),
                            deliveryEvents(2, "b@example.org"), deliveryEvents(3, "c@example.org"),
                            new String[] {"disconnected"}));
                })
                .build(),
            Scenario.named("multi/mail-550-next-mail-without-rset")
                .about("the middle of three messages gets MAIL 550: the third MAIL follows without RSET")
                .covers("O2")
                .server(Scripts.quit(delivered(delivered(Scripts.ehlo(), "a@example.org")
                    .expect(MAIL).reply("550 5.7.1 not from you"), "c@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                    Clients.message(s, "c@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + wire("a@example.org") + MAIL + "\r\n" + wire("c@example.org") + QUIT);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, PERMANENT);
                    Expect.outcomes(o, 2, DELIVERED);
                })
                .build(),
            Scenario.named("multi/mail-451-next-mail-without-rset")
                .about("the first message gets MAIL 451: the second MAIL follows without RSET and is delivered")
                .server(Scripts.quit(delivered(Scripts.ehlo()
                    .expect(MAIL).reply("451 4.3.0 not now"), "b@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + "\r\n" + wire("b@example.org") + QUIT);
                    Expect.outcomes(o, 0, TRANSIENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/end-of-data-451-rset-first")
                .about("the first message's end of data gets 451: RSET before the second MAIL")
                .server(Scripts.quit(delivered(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try later")
                    .expect("RSET").reply("250 reset"), "b@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + wire("a@example.org") + "RSET\r\n" + wire("b@example.org") + QUIT);
                    Expect.outcomes(o, 0, TRANSIENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/data-554-rset-first")
                .about("the first message's DATA gets 554: RSET before the second MAIL; the first recipient fails for good")
                .covers("O3")
                .server(Scripts.quit(delivered(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("554 5.7.1 no")
                    .expect("RSET").reply("250 reset"), "b@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\nRSET\r\n" + wire("b@example.org")
                            + QUIT);
                    Expect.outcomes(o, 0, PERMANENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/rset-refused-is-ignored")
                .about("RSET answered 500 is ignored: the next MAIL follows and is delivered")
                .server(Scripts.quit(delivered(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("554 5.6.0 rejected")
                    .expect("RSET").reply("500 5.5.1 what?"), "b@example.org")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, 0, PERMANENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/last-message-failure-goes-to-quit")
                .about("the last message's end of data gets 452: QUIT follows directly, no RSET")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "a@example.org")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("452 4.3.1 out of space")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + wire("a@example.org") + wire("b@example.org") + QUIT);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, TRANSIENT);
                })
                .build(),
            Scenario.named("multi/require-all-abandons-first-rset-second")
                .about("require-all-recipients abandons the first message after one RCPT 550: RSET, then the second is delivered")
                .server(Scripts.quit(delivered(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("550 5.1.1 unknown")
                    .expect("RSET").reply("250 reset"), "c@example.org")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                    Clients.message(s, "c@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + MAIL + "\r\nRCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRSET\r\n"
                            + wire("c@example.org") + QUIT);
                    Expect.outcomes(o, 0, TRANSIENT, PERMANENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/four-messages-mixed-pipelined")
                .about("four pipelined messages: delivered, MAIL 550, every RCPT refused then DATA 554, delivered")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")
                    .expect(MAIL).reply("550 5.7.1 no")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<c@example.org>", "DATA").reply("550 5.1.1 unknown", "554 5.5.1 no recipients")
                    .expectBatch("RSET", MAIL).reply("250 reset", "250 ok")
                    .expectBatch("RCPT TO:<d@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                    Clients.message(s, "c@example.org");
                    Clients.message(s, "d@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, PERMANENT);
                    Expect.outcomes(o, 2, PERMANENT);
                    Expect.outcomes(o, 3, DELIVERED);
                    Expect.transferCode(o, 2, 554);
                })
                .build(),
            Scenario.named("multi/message-without-recipients-skipped")
                .about("a message with no recipient has nothing incomplete and is skipped; the next one is sent")
                .server(Scripts.quit(delivered(Scripts.ehlo(), "b@example.org")))
                .client(s -> {
                    Clients.message(s);
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, EHLO + wire("b@example.org") + QUIT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/different-senders-and-contents")
                .about("each message is sent with its own reverse path (one of them null) and its own content")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<one@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("MAIL FROM:<>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    message(s, "one@example.org", HEADERS + "Subject: one\r\n\r\nfirst\r\n", "a@example.org");
                    message(s, "", HEADERS + "Subject: two\r\n\r\nsecond\r\n", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    // the null reverse path also makes the generated From header "<>"
                    Expect.clientSent(o, EHLO + "MAIL FROM:<one@example.org>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: one\r\nFrom: one@example.org\r\n\r\n"
                            + "first\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
                            + "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: two\r\nFrom: <>\r\n\r\n"
                            + "second\r\n.\r\n" + QUIT);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("multi/reset-during-second-message")
                .about("the server resets the connection after the second MAIL: the first stays delivered, the second is transient")
                .server(delivered(Scripts.ehlo(), "a@example.org").expect(MAIL).reset().build())
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, TRANSIENT);
                })
                .build());
    }

    /** Appends one delivered transaction for {@code rcpt} without PIPELINING. */
    private static ScriptBuilder delivered(ScriptBuilder b, String rcpt) {
        return b.expect(MAIL).reply("250 ok")
            .expect("RCPT TO:<" + rcpt + ">").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued");
    }

    /** What the client sends for one delivered message to {@code rcpt}. */
    private static String wire(String rcpt) {
        return MAIL + "\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n" + DATA_WIRE;
    }

    /** The events of one delivered message (message number is 1-based). */
    private static String[] deliveryEvents(int message, String rcpt) {
        String m = " m" + message + " ";
        return new String[] {"mailStatus" + m + "250 ok", "recipientStatus" + m + "<" + rcpt + "> 250 ok",
            "messageData" + m + "39", "messageData" + m + "33", "messageData" + m + "15", "messageData" + m + "26",
            "messageData" + m + "8", "messageSent" + m + "250 queued"};
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static Message message(Session s, String from, String content, String rcpt) {
        Message m = s.addMessage();
        m.setReversePath(from);
        m.setMessageSource(MessageSource.of(content));
        m.addRecipient(rcpt);
        return m;
    }

    /** Every connection's script ran as written. */
    private static void scriptsCompleted(Observation o) {
        for (Transcript t : o.transcripts()) {
            assertTrue(t.scriptCompleted(), () -> "connection " + t.connectionIndex() + " did not follow the script\n"
                    + t.failures() + "\n" + t.dialogue());
        }
    }
}
