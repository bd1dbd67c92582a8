package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.esmtp4j.Outcome;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.ClientBatch;
import org.esmtp4j.conformance.server.Transcript;

/**
 * PIPELINING (RFC 2920, spec §5.3): which commands the client groups into one write when the
 * server offers it, and that it groups nothing when the server does not. Batches are the client
 * lines that arrived before the server's next reply, so {@code RCPT|RCPT|DATA} proves the client
 * did not wait between them; MAIL, DATA, the end of data and QUIT always wait.
 */
public final class PipeliningScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";

    @Override
    public List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        list.addAll(oneMessage());
        list.addAll(refusals());
        list.addAll(twoMessages());
        return list;
    }

    private static List<Scenario> oneMessage() {
        return List.of(
            Scenario.named("pipelining/rcpts-and-data-in-one-batch")
                .about("with PIPELINING three RCPTs and DATA go in one write; MAIL, the end of data and QUIT each wait")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA")
                    .reply("250 ok", "250 ok", "250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL,
                            "RCPT TO:<a@example.org>|RCPT TO:<b@example.org>|RCPT TO:<c@example.org>|DATA", "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("pipelining/not-advertised-every-command-waits")
                .about("without PIPELINING every RCPT and DATA waits for its reply: one command per batch")
                .server(Scripts.quit(Scripts.ehlo("SIZE 100000", "8BITMIME")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("RCPT TO:<c@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>",
                            "RCPT TO:<c@example.org>", "DATA", "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("pipelining/twenty-recipients-one-batch")
                .about("twenty RCPTs and DATA in one write, answered in one write")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch(withData(rcpts(20))).reply(withGo(replies(20, "250 ok")))
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, mailboxes(20)))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, String.join("|", withData(rcpts(20))), "<content>", "QUIT");
                    Expect.outcomes(o, repeat(DELIVERED, 20));
                })
                .build(),
            Scenario.named("pipelining/replies-in-separate-writes")
                .about("the server answers each pipelined command in its own write: the client takes them in order")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("250 ok").reply("451 4.2.1 later").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, DELIVERED, TRANSIENT);
                    Expect.rcptCode(o, 0, 1, 451);
                })
                .build(),
            Scenario.named("pipelining/replies-split-mid-line")
                .about("the grouped replies arrive cut inside lines: each reply is still paired with its command")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .splitReply("550 5.1.1 unknown\r\n250 ok\r\n354 go", 5, 21, 28)
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.outcomes(o, PERMANENT, DELIVERED);
                    Expect.rcptCode(o, 0, 0, 550);
                })
                .build(),
            Scenario.named("pipelining/require-all-keeps-data-out-of-the-batch")
                .about("require-all-recipients with PIPELINING: the RCPTs are batched, DATA waits for their replies")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>").reply("250 ok", "250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|RCPT TO:<b@example.org>", "DATA",
                            "<content>", "QUIT");
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("pipelining/require-all-one-refused-quits")
                .about("require-all-recipients with PIPELINING and one RCPT 550: no DATA at all, QUIT after the replies")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>").reply("550 5.1.1 unknown", "250 ok")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|RCPT TO:<b@example.org>", "QUIT");
                    Expect.outcomes(o, PERMANENT, TRANSIENT);
                    Expect.transferCode(o, 0, 0);
                })
                .build());
    }

    private static List<Scenario> refusals() {
        return List.of(
            Scenario.named("pipelining/every-rcpt-refused-data-554")
                .about("every pipelined RCPT refused: DATA was already in the batch and the server refuses it")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("550 5.1.1 unknown", "553 5.1.3 bad address", "554 5.5.1 no valid recipients")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|RCPT TO:<b@example.org>|DATA", "QUIT");
                    Expect.outcomes(o, PERMANENT, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                })
                .build(),
            Scenario.named("pipelining/every-rcpt-refused-lone-dot")
                .about("every pipelined RCPT refused but DATA answered 354 (RFC 2920 allows it): the client sends a lone dot, "
                        + "and the 250 to it is not a delivery")
                .covers("O6")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("550 5.1.1 unknown", "450 4.2.1 later", "354 go")
                    .expect(".").reply("250 ok, nothing")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + "RCPT TO:<b@example.org>\r\nDATA\r\n.\r\nQUIT\r\n");
                    Expect.outcomes(o, PERMANENT, TRANSIENT);
                    Expect.transferCode(o, 0, 554);
                })
                .build(),
            Scenario.named("pipelining/data-451-after-accepted-rcpts")
                .about("pipelined RCPTs accepted but DATA answered 451: no content, QUIT, the recipients transient")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .reply("250 ok", "250 ok", "451 4.3.0 not now")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|RCPT TO:<b@example.org>|DATA", "QUIT");
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                    Expect.transferCode(o, 0, 451);
                })
                .build(),
            Scenario.named("pipelining/mail-refused-rcpts-never-sent")
                .about("MAIL waits for its reply even with PIPELINING: after MAIL 550 no RCPT was ever written")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("550 5.7.1 sender refused")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "QUIT");
                    Expect.outcomes(o, PERMANENT, PERMANENT);
                })
                .build());
    }

    private static List<Scenario> twoMessages() {
        return List.of(
            Scenario.named("pipelining/rset-and-next-mail-batched")
                .about("after a failed end of data, RSET and the next MAIL go in one write")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("451 4.3.0 try later")
                    .expectBatch("RSET", MAIL).reply("250 reset", "250 ok")
                    .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|DATA", "<content>", "RSET|" + MAIL,
                            "RCPT TO:<b@example.org>|DATA", "<content>", "QUIT");
                    Expect.outcomes(o, 0, TRANSIENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("pipelining/not-advertised-rset-waits")
                .about("without PIPELINING RSET waits for its reply before the next MAIL")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("554 5.6.0 no")
                    .expect("RSET").reply("250 reset")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>", "DATA", "RSET", MAIL,
                            "RCPT TO:<b@example.org>", "DATA", "<content>", "QUIT");
                    Expect.outcomes(o, 0, PERMANENT);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("pipelining/require-all-failure-rset-and-mail-batched")
                .about("require-all-recipients abandons the first message: RSET and the second MAIL are pipelined")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>").reply("250 ok", "450 4.2.1 busy")
                    .expectBatch("RSET", MAIL).reply("250 reset", "250 ok")
                    .expect("RCPT TO:<c@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                    Clients.message(s, "c@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|RCPT TO:<b@example.org>",
                            "RSET|" + MAIL, "RCPT TO:<c@example.org>", "DATA", "<content>", "QUIT");
                    Expect.outcomes(o, 0, TRANSIENT, TRANSIENT);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.transferCode(o, 0, 0);
                })
                .build(),
            Scenario.named("pipelining/second-mail-after-delivery-waits")
                .about("after a delivered message the next MAIL is sent alone (no RSET) and waits for its reply")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    scriptsCompleted(o);
                    batches(o, 0, "EHLO client.example", MAIL, "RCPT TO:<a@example.org>|DATA", "<content>", MAIL,
                            "RCPT TO:<b@example.org>|DATA", "<content>", "QUIT");
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + DATA_WIRE
                            + MAIL + "\r\nRCPT TO:<b@example.org>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                })
                .build());
    }

    private static String[] mailboxes(int n) {
        String[] m = new String[n];
        for (int i = 0; i < n; i++) {
            m[i] = "r" + (i + 1) + "@example.org";
        }
        return m;
    }

    private static String[] rcpts(int n) {
        String[] m = mailboxes(n);
        for (int i = 0; i < n; i++) {
            m[i] = "RCPT TO:<" + m[i] + ">";
        }
        return m;
    }

    private static String[] replies(int n, String reply) {
        String[] r = new String[n];
        Arrays.fill(r, reply);
        return r;
    }

    private static String[] withData(String[] lines) {
        String[] l = Arrays.copyOf(lines, lines.length + 1);
        l[lines.length] = "DATA";
        return l;
    }

    private static String[] withGo(String[] lines) {
        String[] l = Arrays.copyOf(lines, lines.length + 1);
        l[lines.length] = "354 go";
        return l;
    }

    private static Outcome[] repeat(Outcome outcome, int n) {
        Outcome[] o = new Outcome[n];
        Arrays.fill(o, outcome);
        return o;
    }

    /** Every connection's script ran as written. */
    static void scriptsCompleted(Observation o) {
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
    static void batches(Observation o, int connection, String... expected) {
        List<String> actual = new ArrayList<>();
        for (ClientBatch batch : o.transcripts().get(connection).batches()) {
            List<String> folded = new ArrayList<>();
            for (String line : batch.lines()) {
                if (line.matches("(EHLO|HELO|MAIL|RCPT|DATA|RSET|QUIT)( .*)?")) {
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
