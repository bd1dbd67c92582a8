package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.Message;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.EventLog;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.Transcript;

/**
 * DELIVERBY (RFC 2852, spec §1.7, §2): {@code BY=<time><mode>[T]} on MAIL when the server offers
 * DELIVERBY, silently omitted otherwise (never required); a time under the server's minimum
 * raises {@code SMTP_EV_DELIVERBY_EXPIRED} while MAIL is built, and a positive answer sends the
 * minimum plus the adjustment. libESMTP 1.1.0 prints the mode letter off by one (COMPATIBILITY
 * P11): {@code R} for NOTIFY and an out-of-bounds byte ({@code %}) for RETURN; the java engine
 * sends RFC 2852's {@code N} and {@code R}.
 */
public final class DeliverByScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final List<String> DATA_EVENTS = List.of("messageData m1 39", "messageData m1 33", "messageData m1 15",
            "messageData m1 26", "messageData m1 8");

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("deliverby/notify")
                .about("BY=3600 with mode NOTIFY: libESMTP sends the letter R, the java engine N")
                .server(oneMessage(MAIL + " BY=3600[RN]", "DELIVERBY"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(3600, ByMode.NOTIFY, false))
                .divergence("P11", "libesmtp", wire(MAIL + " BY=3600R"))
                .divergence("P11", "java", wire(MAIL + " BY=3600N"))
                .build(),
            Scenario.named("deliverby/notify-trace-negative-time")
                .about("BY=-60 with NOTIFY and trace: libESMTP sends -60RT, the java engine -60NT")
                .server(oneMessage(MAIL + " BY=-60[RN]T", "DELIVERBY"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(-60, ByMode.NOTIFY, true))
                .divergence("P11", "libesmtp", wire(MAIL + " BY=-60RT"))
                .divergence("P11", "java", wire(MAIL + " BY=-60NT"))
                .build(),
            Scenario.named("deliverby/return-trace")
                .about("BY=86400 with RETURN and trace: libESMTP reads past its letter table (%), the java engine sends RT")
                .server(oneMessage(MAIL + " BY=86400[%R]T", "DELIVERBY"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(86400, ByMode.RETURN, true))
                .divergence("P11", "libesmtp", wire(MAIL + " BY=86400%T"))
                .divergence("P11", "java", wire(MAIL + " BY=86400RT"))
                .build(),
            Scenario.named("deliverby/not-offered-omitted")
                .about("DELIVERBY set but not offered: BY= is silently left out, no event, the message goes")
                .server(oneMessage(MAIL, "8BITMIME"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(3600, ByMode.RETURN, true))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "QUIT\r\n");
                    Expect.events(o, events(List.of()));
                })
                .build(),
            Scenario.named("deliverby/not-offered-after-helo")
                .about("DELIVERBY set, server only speaks HELO: no extension known, BY= left out, the message goes")
                .server(Scripts.quit(Scripts.helo(502)
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(600, ByMode.NOTIFY, false))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientNeverSent(o, "BY=");
                })
                .build(),
            Scenario.named("deliverby/below-minimum-no-adjust")
                .about("BY=10 under the server's minimum 60: DELIVERBY_EXPIRED with shortfall 50 before MAIL; answer 0 sends 10 unchanged")
                .server(oneMessage(MAIL + " BY=10[RN]", "DELIVERBY 60"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(10, ByMode.NOTIFY, false))
                .divergence("P11", "libesmtp", wireAndEvents(MAIL + " BY=10R", "deliverByExpired m1 shortfall 50 -> 0"))
                .divergence("P11", "java", wireAndEvents(MAIL + " BY=10N", "deliverByExpired m1 shortfall 50 -> 0"))
                .build(),
            Scenario.named("deliverby/below-minimum-adjust")
                .about("BY=10 under the minimum 60 and the listener answers 5: the time sent is the minimum plus 5")
                .server(oneMessage(MAIL + " BY=65[RN]", "DELIVERBY 60"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(10, ByMode.NOTIFY, false))
                .answers(new EventLog.Answers().deliverByAdjust(5))
                .divergence("P11", "libesmtp", wireAndEvents(MAIL + " BY=65R", "deliverByExpired m1 shortfall 50 -> 5"))
                .divergence("P11", "java", wireAndEvents(MAIL + " BY=65N", "deliverByExpired m1 shortfall 50 -> 5"))
                .build(),
            Scenario.named("deliverby/return-below-minimum-adjust-with-trace")
                .about("RETURN with trace, BY=30 under the minimum 3600, answer 120: BY=3720 and the trace flag")
                .server(oneMessage(MAIL + " BY=3720[%R]T", "DELIVERBY 3600"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(30, ByMode.RETURN, true))
                .answers(new EventLog.Answers().deliverByAdjust(120))
                .divergence("P11", "libesmtp", wireAndEvents(MAIL + " BY=3720%T", "deliverByExpired m1 shortfall 3570 -> 120"))
                .divergence("P11", "java", wireAndEvents(MAIL + " BY=3720RT", "deliverByExpired m1 shortfall 3570 -> 120"))
                .build(),
            Scenario.named("deliverby/at-the-minimum")
                .about("BY=60 equal to the server's minimum 60: no DELIVERBY_EXPIRED event")
                .server(oneMessage(MAIL + " BY=60[RN]", "DELIVERBY 60"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(60, ByMode.NOTIFY, false))
                .divergence("P11", "libesmtp", wireAndEvents(MAIL + " BY=60R"))
                .divergence("P11", "java", wireAndEvents(MAIL + " BY=60N"))
                .build(),
            Scenario.named("deliverby/keyword-without-minimum")
                .about("DELIVERBY advertised without a minimum: BY=1 raises no event")
                .server(oneMessage(MAIL + " BY=1[RN]", "DELIVERBY"))
                .client(s -> Clients.message(s, "a@example.org").setDeliverBy(1, ByMode.NOTIFY, false))
                .divergence("P11", "libesmtp", wireAndEvents(MAIL + " BY=1R"))
                .divergence("P11", "java", wireAndEvents(MAIL + " BY=1N"))
                .build(),
            Scenario.named("deliverby/last-mail-parameter")
                .about("BY= comes last on MAIL, after SIZE= and BODY=")
                .server(oneMessage(MAIL + " SIZE=4096 BODY=8BITMIME BY=600[RN]", "SIZE", "8BITMIME", "DELIVERBY"))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org");
                    m.setDeliverBy(600, ByMode.NOTIFY, false);
                    m.setBodyType(BodyType.EIGHT_BIT_MIME);
                    m.setSizeEstimate(4096);
                })
                .divergence("P11", "libesmtp", wire(MAIL + " SIZE=4096 BODY=8BITMIME BY=600R"))
                .divergence("P11", "java", wire(MAIL + " SIZE=4096 BODY=8BITMIME BY=600N"))
                .build(),
            Scenario.named("deliverby/cleared-mode-omitted")
                .about("DELIVERBY set, then cleared with a null mode: no BY= even though the server offers it")
                .server(oneMessage(MAIL, "DELIVERBY 60"))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org");
                    m.setDeliverBy(10, ByMode.NOTIFY, true);
                    m.setDeliverBy(0, null, false);
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientNeverSent(o, "BY=");
                    Expect.events(o, events(List.of()));
                })
                .build());
    }

    /** One message to a@example.org; MAIL is a regular expression (the mode letter differs by engine). */
    private static Script oneMessage(String mailPattern, String... keywords) {
        return Scripts.quit(Scripts.ehlo(keywords)
            .expectMatching(mailPattern).reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued"));
    }

    /** The whole dialogue with this MAIL line, delivered. */
    private static Consumer<Observation> wire(String mail) {
        return o -> {
            completed(o);
            Expect.outcomes(o, DELIVERED);
            Expect.clientSent(o, "EHLO client.example\r\n" + mail + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                    + DATA_WIRE + "QUIT\r\n");
        };
    }

    /** {@link #wire} plus the exact events, with these DELIVERBY events before the MAIL status. */
    private static Consumer<Observation> wireAndEvents(String mail, String... deliverByEvents) {
        return wire(mail).andThen(o -> Expect.events(o, events(List.of(deliverByEvents))));
    }

    /** The events of one delivered message, with the given lines between connecting and the MAIL status. */
    private static String[] events(List<String> beforeMail) {
        List<String> e = new ArrayList<>();
        e.add("connected");
        e.addAll(beforeMail);
        e.add("mailStatus m1 250 ok");
        e.add("recipientStatus m1 <a@example.org> 250 ok");
        e.addAll(DATA_EVENTS);
        e.add("messageSent m1 250 queued");
        e.add("disconnected");
        return e.toArray(new String[0]);
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
