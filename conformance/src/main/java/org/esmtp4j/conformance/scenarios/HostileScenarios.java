package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.UNKNOWN;

import java.util.List;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;

/** The hostile-server cases of hostile-cases.md §4, named by their case ids. */
public final class HostileScenarios implements ScenarioSource {

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("hostile/A7-truncated-final-reply")
                .about("A7: the end of data answered `250 q` and FIN: a reply cut short is no reply, the outcome is unknown")
                .covers("L7")
                .server(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().replyRaw("250 q").close().build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    Expect.outcomes(o, UNKNOWN);
                    Expect.transferCode(o, 0, 0);
                })
                .build());
    }
}
