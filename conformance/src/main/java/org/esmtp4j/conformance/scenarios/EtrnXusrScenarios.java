package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.EventLog;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.ClientBatch;
import org.esmtp4j.conformance.server.Transcript;

/**
 * ETRN (RFC 1985, spec §5.5) and XUSR: ETRN nodes are sent after EHLO and before any MAIL, at
 * every start, pipelined with the following MAIL or QUIT; they make ETRN required (EXTNA_ETRN,
 * default quit). libESMTP 1.1.0 prints option 0 as a space, giving {@code ETRN  domain} with two
 * spaces (COMPATIBILITY P10). XUSR, when offered, goes before every MAIL and its reply is ignored.
 */
public final class EtrnXusrScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final String[] DATA_EVENTS = {"messageData m1 39", "messageData m1 33", "messageData m1 15",
        "messageData m1 26", "messageData m1 8"};

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("etrn/domain-option-spacing")
                .about("an ETRN node for a domain alone: libESMTP sends 'ETRN  example.net' (two spaces), the java engine one space")
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expectMatching("ETRN {1,2}example\\.net").reply("250 queuing for example.net started")))
                .client(s -> s.addEtrnNode("example.net", EtrnNode.Option.DOMAIN))
                .divergence("P10", "libesmtp", etrnOnly("ETRN  example.net"))
                .divergence("P10", "java", etrnOnly("ETRN example.net"))
                .build(),
            Scenario.named("etrn/subdomains-option")
                .about("an ETRN node with subdomains: 'ETRN @example.org'; its status and ETRNSTATUS event carry the reply")
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expect("ETRN @example.org").reply("253 OK, 3 pending messages started")))
                .client(s -> s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nETRN @example.org\r\nQUIT\r\n");
                    Expect.results(o, "true NONE");
                    Expect.events(o, "connected", "etrnStatus SUBDOMAINS example.org 253 OK, 3 pending messages started",
                            "disconnected");
                })
                .build(),
            Scenario.named("etrn/queue-name")
                .about("an ETRN node naming a queue ('#queue'): the domain option gives the P10 double space on libESMTP")
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expectMatching("ETRN {1,2}#outbound").reply("250 queue started")))
                .client(s -> s.addEtrnNode("#outbound", EtrnNode.Option.DOMAIN))
                .divergence("P10", "libesmtp", o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nETRN  #outbound\r\nQUIT\r\n");
                })
                .divergence("P10", "java", o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nETRN #outbound\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("etrn/batched-with-mail")
                .about("under PIPELINING every ETRN goes in one batch with the first MAIL; an ETRN refusal does not change the flow")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "ETRN")
                    .expectBatch("ETRN @example.net", "ETRN @example.org", MAIL)
                    .reply("250 queuing for example.net started", "458 unable to queue example.org", "250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.addEtrnNode("example.net", EtrnNode.Option.SUBDOMAINS);
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nETRN @example.net\r\nETRN @example.org\r\n" + MAIL
                            + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                    List<String> e = new ArrayList<>(List.of("connected",
                            "etrnStatus SUBDOMAINS example.net 250 queuing for example.net started",
                            "etrnStatus SUBDOMAINS example.org 458 unable to queue example.org",
                            "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok"));
                    e.addAll(List.of(DATA_EVENTS));
                    e.add("messageSent m1 250 queued");
                    e.add("disconnected");
                    Expect.events(o, e.toArray(new String[0]));
                })
                .build(),
            Scenario.named("etrn/domain-option-batched-with-mail")
                .about("under PIPELINING a domain-only ETRN is batched with MAIL; libESMTP's line has two spaces")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "ETRN")
                    .expectMatching("ETRN {1,2}example\\.net")
                    .expect(MAIL)
                    .reply("250 queuing started", "250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.addEtrnNode("example.net", EtrnNode.Option.DOMAIN);
                    Clients.message(s, "a@example.org");
                })
                .divergence("P10", "libesmtp", batchedWithMail("ETRN  example.net"))
                .divergence("P10", "java", batchedWithMail("ETRN example.net"))
                .build(),
            Scenario.named("etrn/only-session-pipelined-with-quit")
                .about("an ETRN-only session (no message) under PIPELINING: the ETRNs and QUIT go in one batch")
                .server(Scripts.ehlo("PIPELINING", "ETRN")
                    .expectBatch("ETRN @example.net", "ETRN @example.org", "QUIT")
                    .reply("251 OK, no messages waiting", "253 OK, 3 pending messages started", "221 bye").build())
                .client(s -> {
                    s.addEtrnNode("example.net", EtrnNode.Option.SUBDOMAINS);
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                })
                .expect(o -> {
                    completed(o);
                    Expect.results(o, "true NONE");
                    Expect.clientSent(o, "EHLO client.example\r\nETRN @example.net\r\nETRN @example.org\r\nQUIT\r\n");
                    assertEquals(List.of("ETRN @example.net", "ETRN @example.org", "QUIT"),
                            o.transcripts().get(0).batchContaining("QUIT").lines());
                    Expect.events(o, "connected", "etrnStatus SUBDOMAINS example.net 251 OK, no messages waiting",
                            "etrnStatus SUBDOMAINS example.org 253 OK, 3 pending messages started", "disconnected");
                })
                .build(),
            Scenario.named("etrn/without-pipelining-each-waits")
                .about("without PIPELINING each ETRN waits for its reply before the next command")
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expect("ETRN @example.net").reply("250 started")
                    .expect("ETRN @example.org").reply("250 started")))
                .client(s -> {
                    s.addEtrnNode("example.net", EtrnNode.Option.SUBDOMAINS);
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                })
                .expect(o -> {
                    completed(o);
                    List<List<String>> batches = o.transcripts().get(0).batches().stream().map(ClientBatch::lines).toList();
                    assertEquals(List.of(List.of("EHLO client.example"), List.of("ETRN @example.net"),
                            List.of("ETRN @example.org"), List.of("QUIT")), batches);
                })
                .build(),
            Scenario.named("etrn/missing-default-quit")
                .about("ETRN nodes but no ETRN offered: EXTNA_ETRN with libESMTP's default (quit): QUIT after EHLO, error 8")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")))
                .client(s -> {
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "extensionNotAvailable ETRN -> true", "disconnected");
                })
                .build(),
            Scenario.named("etrn/missing-answer-continue")
                .about("ETRN missing and the listener answers continue: no ETRN is sent, the message goes, the node keeps no status")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org");
                })
                .answers(new EventLog.Answers().quitOnMissingExtension(false))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    Expect.clientNeverSent(o, "ETRN");
                    assertEquals("extensionNotAvailable ETRN -> false", o.events().get(1));
                })
                .build(),
            Scenario.named("etrn/only-session-missing-quits")
                .about("an ETRN-only session to a server without ETRN: EXTNA_ETRN, QUIT, error 8")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")))
                .client(s -> s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable ETRN -> true", "disconnected");
                })
                .build(),
            Scenario.named("etrn/sent-at-every-start")
                .about("ETRN nodes have no complete flag: a second start sends the ETRN again along with the retried message")
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expect("ETRN @example.org").reply("250 started")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try later")))
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expect("ETRN @example.org").reply("251 nothing waiting")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org");
                })
                .starts(2, s -> { })
                .expect(o -> {
                    completed(o);
                    Expect.connections(o, 2);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(List.of("etrnStatus SUBDOMAINS example.org 250 started",
                            "etrnStatus SUBDOMAINS example.org 251 nothing waiting"),
                            o.events().stream().filter(e -> e.startsWith("etrnStatus")).toList());
                })
                .build(),
            Scenario.named("xusr/before-every-mail")
                .about("XUSR offered: XUSR goes before each message's MAIL and waits for its reply, even under PIPELINING")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "XUSR")
                    .expect("XUSR").reply("250 user submission")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")
                    .expect("XUSR").reply("250 user submission")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nXUSR\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "XUSR\r\n" + MAIL + "\r\nRCPT TO:<b@example.org>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                    assertEquals(List.of("XUSR"), o.transcripts().get(0).batchContaining("XUSR").lines());
                })
                .build(),
            Scenario.named("xusr/without-pipelining")
                .about("XUSR without PIPELINING: XUSR, MAIL, RCPT, DATA each wait for their reply")
                .server(Scripts.quit(Scripts.ehlo("XUSR")
                    .expect("XUSR").reply("250 ok")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nXUSR\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("xusr/reply-ignored")
                .about("XUSR answered 502: the reply is ignored and MAIL follows")
                .server(Scripts.quit(Scripts.ehlo("XUSR")
                    .expect("XUSR").reply("502 5.5.1 not implemented after all")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                })
                .build(),
            Scenario.named("xusr/not-offered")
                .about("no XUSR offered: no XUSR is sent")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.clientNeverSent(o, "XUSR");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("xusr/rset-then-xusr-pipelined")
                .about("after a failed transaction under PIPELINING, RSET and the next XUSR go in one batch")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "XUSR")
                    .expect("XUSR").reply("250 ok")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("452 4.3.1 out of space")
                    .expectBatch("RSET", "XUSR").reply("250 reset", "250 ok")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<b@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, 0, TRANSIENT);
                    Expect.outcomes(o, 1, DELIVERED);
                    assertEquals(List.of("RSET", "XUSR"), o.transcripts().get(0).batchContaining("RSET").lines());
                })
                .build(),
            Scenario.named("xusr/after-etrn-pipelined")
                .about("ETRN and XUSR offered under PIPELINING: the ETRN and XUSR go in one batch, then MAIL")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "ETRN", "XUSR")
                    .expectBatch("ETRN @example.net", "XUSR").reply("250 started", "250 ok")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.addEtrnNode("example.net", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nETRN @example.net\r\nXUSR\r\n" + MAIL
                            + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                })
                .build());
    }

    /** An ETRN-only session: EHLO, this ETRN line, QUIT. */
    private static Consumer<Observation> etrnOnly(String etrn) {
        return o -> {
            completed(o);
            Expect.results(o, "true NONE");
            Expect.clientSent(o, "EHLO client.example\r\n" + etrn + "\r\nQUIT\r\n");
            Expect.events(o, "connected", "etrnStatus DOMAIN example.net 250 queuing for example.net started", "disconnected");
        };
    }

    /** This ETRN line pipelined with MAIL, then the message delivered. */
    private static Consumer<Observation> batchedWithMail(String etrn) {
        return o -> {
            completed(o);
            Expect.outcomes(o, DELIVERED);
            Expect.clientSent(o, "EHLO client.example\r\n" + etrn + "\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                    + DATA_WIRE + "QUIT\r\n");
            assertEquals(List.of(etrn, MAIL), o.transcripts().get(0).batchContaining(MAIL).lines());
        };
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
