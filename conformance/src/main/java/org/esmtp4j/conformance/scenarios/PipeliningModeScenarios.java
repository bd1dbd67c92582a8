package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.esmtp4j.conformance.scenarios.PipeliningScenarios.batches;
import static org.esmtp4j.conformance.scenarios.PipeliningScenarios.scriptsCompleted;

import java.util.List;
import java.util.function.Consumer;
import org.esmtp4j.Pipelining;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.ScriptBuilder;

/**
 * {@code Session.setPipelining}: {@link Pipelining#FULL} (MAIL, RCPTs and DATA in one write, each
 * end of data in the next message's write: one round trip per message) and
 * {@link Pipelining#OFF}. libESMTP's batching is fixed, so the libesmtp engine refuses both
 * (COMPATIBILITY.md L23); on the java engine the client bytes of a successful session are those
 * of libESMTP's batching, and refusals end in the same outcomes.
 */
public final class PipeliningModeScenarios implements ScenarioSource {

    private static final String ENTRY = "L23";
    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String RCPT_A = "RCPT TO:<a@example.org>";
    private static final String RCPT_B = "RCPT TO:<b@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final String REFUSAL = "libESMTP 1.1.0 always groups commands its own way";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            full("pipelining/full-one-round-trip-per-message")
                .about("FULL: MAIL, RCPT and DATA in one write, the end of data in the next message's write; the bytes are "
                        + "libESMTP's, in three writes fewer")
                .server(Scripts.quit(firstEndOfDataAnswered("250 queued")
                    .expectBatch(MAIL, RCPT_B, "DATA").reply("250 ok", "250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(full(PipeliningModeScenarios::twoMessages))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL + "|" + RCPT_A + "|DATA",
                            "<content>|" + MAIL + "|" + RCPT_B + "|DATA", "<content>", "QUIT");
                    // the same bytes as pipelining/second-mail-after-delivery-waits
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\n" + RCPT_A + "\r\nDATA\r\n" + DATA_WIRE
                            + MAIL + "\r\n" + RCPT_B + "\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.results(o, "true NONE");
                    // the events of libESMTP's batching, in the same order
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "mailStatus m2 250 ok",
                            "recipientStatus m2 <b@example.org> 250 ok", "messageData m2 39", "messageData m2 33",
                            "messageData m2 15", "messageData m2 26", "messageData m2 8", "messageSent m2 250 queued",
                            "disconnected");
                })
                .build(),
            full("pipelining/full-last-end-of-data-waits-before-quit")
                .about("FULL: QUIT is never pipelined after the end of data (hostile case G5): the dot's reply is read first")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expectBatch(MAIL, RCPT_A, RCPT_B, "DATA").reply("250 ok", "250 ok", "250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(full(s -> Clients.message(s, "a@example.org", "b@example.org")))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL + "|" + RCPT_A + "|" + RCPT_B + "|DATA", "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            full("pipelining/full-mail-refused-pipelined-replies-ignored")
                .about("FULL: MAIL 550 with RCPT and DATA already sent: their 503s are not recipient statuses, the outcome is "
                        + "libESMTP's for a refused MAIL, no RSET, the next message goes on")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expectBatch(MAIL, RCPT_A, "DATA")
                    .reply("550 5.7.1 sender refused", "503 5.5.1 need MAIL first", "503 5.5.1 need MAIL first")
                    .expectBatch(MAIL, RCPT_B, "DATA").reply("250 ok", "250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(full(PipeliningModeScenarios::twoMessages))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL + "|" + RCPT_A + "|DATA", MAIL + "|" + RCPT_B + "|DATA",
                            "<content>", "QUIT");
                    // as pipelining/mail-refused-rcpts-never-sent: permanent, from MAIL's 550
                    Expect.outcomes(o, 0, PERMANENT);
                    Expect.rcptCode(o, 0, 0, 0);
                    Expect.transferCode(o, 0, 0);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            full("pipelining/full-mail-refused-data-354-lone-dot")
                .about("FULL: MAIL refused but DATA answered 354 (a broken server): a lone dot ends it (RFC 2920 §3.1); "
                        + "the 250 to it is not a delivery")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expectBatch(MAIL, RCPT_A, "DATA")
                    .reply("550 5.7.1 sender refused", "503 5.5.1 need MAIL first", "354 go")
                    .expect(".").reply("250 ok, nothing")))
                .client(full(s -> Clients.message(s, "a@example.org")))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\n" + RCPT_A + "\r\nDATA\r\n.\r\nQUIT\r\n");
                    Expect.outcomes(o, PERMANENT);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            full("pipelining/full-refused-end-of-data-no-rset")
                .about("FULL: the first end of data refused 554 after the second MAIL went out with it: no RSET, the "
                        + "first message permanent, the second delivered")
                .server(Scripts.quit(firstEndOfDataAnswered("554 5.6.0 content refused")
                    .expectBatch(MAIL, RCPT_B, "DATA").reply("250 ok", "250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(full(PipeliningModeScenarios::twoMessages))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    Expect.clientNeverSent(o, "RSET");
                    Expect.outcomes(o, 0, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            full("pipelining/full-end-of-data-421-then-close")
                .about("FULL: the end of data answered 421 and the connection closed with the next MAIL group unanswered: "
                        + "the first message transient, the second not attempted (transient), DROPPED_CONNECTION")
                .server(firstEndOfDataAnswered("421 4.3.2 shutting down")
                    .expectBatch(MAIL, RCPT_B, "DATA").close().build())
                .client(full(PipeliningModeScenarios::twoMessages))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, 0, TRANSIENT);
                    Expect.transferCode(o, 0, 421);
                    Expect.outcomes(o, 1, TRANSIENT);
                    Expect.rcptCode(o, 1, 0, 0);
                    Expect.results(o, "true DROPPED_CONNECTION");
                })
                .build(),
            full("pipelining/full-require-all-keeps-data-out")
                .about("FULL with all recipients required: MAIL and the RCPTs in one write, DATA waits for their replies")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expectBatch(MAIL, RCPT_A, RCPT_B).reply("250 ok", "250 ok", "250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(full(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                }))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL + "|" + RCPT_A + "|" + RCPT_B, "DATA", "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            full("pipelining/full-chunking-one-write")
                .about("FULL with CHUNKING: MAIL, RCPT and every BDAT chunk in one write, answered together")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING")
                    .expectBatch(MAIL, RCPT_A)
                    .expectBdat().expectBdat().expectBdat()
                    .reply("250 ok", "250 ok", "250 header chunk ok", "250 body chunk ok", "250 queued")))
                .client(full(s -> Clients.message(s, "a@example.org")))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.transferCode(o, 0, 250);
                    Expect.clientSentContaining(o, "EHLO client.example\r\n" + MAIL + "\r\n" + RCPT_A + "\r\nBDAT ");
                })
                .build(),
            full("pipelining/full-chunking-mail-refused")
                .about("FULL with CHUNKING and MAIL refused: the chunk replies (503) are not the message's status")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING")
                    .expectBatch(MAIL, RCPT_A)
                    .expectBdat().expectBdat().expectBdat()
                    .reply("550 5.7.1 sender refused", "503 5.5.1 need MAIL first", "503 5.5.1 no transaction",
                            "503 5.5.1 no transaction", "503 5.5.1 no transaction")))
                .client(full(s -> Clients.message(s, "a@example.org")))
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, PERMANENT);
                    Expect.rcptCode(o, 0, 0, 0);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("pipelining/off-every-command-waits")
                .about("OFF: the server offers PIPELINING, yet every RCPT and DATA waits for its reply")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expect(RCPT_A).reply("250 ok")
                    .expect(RCPT_B).reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.setPipelining(Pipelining.OFF);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .divergence(ENTRY, "libesmtp", PipeliningModeScenarios::refused)
                .divergence(ENTRY, "java", o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, RCPT_A, RCPT_B, "DATA", "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build());
    }

    /** The first of two messages, under FULL, up to the reply to its end of data. */
    private static ScriptBuilder firstEndOfDataAnswered(String reply) {
        return Scripts.ehlo("PIPELINING")
            .expectBatch(MAIL, RCPT_A, "DATA").reply("250 ok", "250 ok", "354 go")
            .expectData().reply(reply);
    }

    private static void twoMessages(Session s) {
        Clients.message(s, "a@example.org");
        Clients.message(s, "b@example.org");
    }

    /** A scenario the libesmtp engine refuses at {@code setPipelining(FULL)}. */
    private static Scenario.Builder full(String id) {
        return Scenario.named(id).divergence(ENTRY, "libesmtp", PipeliningModeScenarios::refused);
    }

    private static Consumer<Session> full(Consumer<Session> messages) {
        return s -> {
            s.setPipelining(Pipelining.FULL);
            messages.accept(s);
        };
    }

    private static void refused(Observation o) {
        Expect.refused(o, REFUSAL);
        Expect.connections(o, 0);
    }
}
