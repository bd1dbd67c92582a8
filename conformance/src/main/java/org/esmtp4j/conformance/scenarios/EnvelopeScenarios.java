package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;

import java.util.List;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;

/** MAIL, RCPT and DATA answered 2xx, 4xx and 5xx, with and without PIPELINING. */
public final class EnvelopeScenarios implements ScenarioSource {

    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";

    @Override
    public List<Scenario> scenarios() {
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
}
