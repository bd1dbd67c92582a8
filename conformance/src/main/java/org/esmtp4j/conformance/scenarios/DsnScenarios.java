package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.TRANSIENT;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.Message;
import org.esmtp4j.Notify;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.EventLog;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Transcript;

/**
 * DSN (RFC 3461, spec §1.7): {@code RET=} and {@code ENVID=<xtext>} on MAIL, {@code NOTIFY=}
 * (NEVER, or SUCCESS,FAILURE,DELAY in that fixed order) and {@code ORCPT=<type>;<xtext>} on RCPT,
 * only when the server offers DSN; any DSN parameter makes DSN required, and a server without it
 * raises {@code SMTP_EV_EXTNA_DSN} (default: continue without the parameters).
 */
public final class DsnScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("dsn/all-parameters-when-offered")
                .about("RET=FULL and an xtext ENVID on MAIL; NOTIFY NEVER, all three, FAILURE and an xtext ORCPT on the RCPTs")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL + " RET=FULL ENVID=env+3Did+2B1").reply("250 ok")
                    .expect("RCPT TO:<never@example.org> NOTIFY=NEVER").reply("250 ok")
                    .expect("RCPT TO:<all@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+2Bb+3Dc+20d@example.org")
                    .reply("250 ok")
                    .expect("RCPT TO:<failure@example.org> NOTIFY=FAILURE").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = Clients.message(s, "never@example.org", "all@example.org", "failure@example.org");
                    m.setDsnReturn(DsnReturn.FULL);
                    m.setDsnEnvelopeId("env=id+1");
                    m.recipients().get(0).setDsnNotify(Set.of(Notify.NEVER));
                    m.recipients().get(1).setDsnNotify(EnumSet.of(Notify.DELAY, Notify.FAILURE, Notify.SUCCESS));
                    m.recipients().get(1).setDsnOriginalRecipient("rfc822", "a+b=c d@example.org");
                    m.recipients().get(2).setDsnNotify(Set.of(Notify.FAILURE));
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED, DELIVERED, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " RET=FULL ENVID=env+3Did+2B1\r\n"
                            + "RCPT TO:<never@example.org> NOTIFY=NEVER\r\n"
                            + "RCPT TO:<all@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+2Bb+3Dc+20d@example.org\r\n"
                            + "RCPT TO:<failure@example.org> NOTIFY=FAILURE\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("dsn/ret-hdrs-alone")
                .about("RET=HDRS is the only DSN parameter: it goes on MAIL and the RCPT has none")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL + " RET=HDRS").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org").setDsnReturn(DsnReturn.HEADERS))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " RET=HDRS\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("dsn/envid-xtext-plus-and-equals")
                .about("ENVID is xtext-encoded: '+' and '=' become +2B and +3D, every other printable character stays")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL + " ENVID=+2B+3D!~a+2Bb+3D+3Dc").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org").setDsnEnvelopeId("+=!~a+b==c"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSentContaining(o, MAIL + " ENVID=+2B+3D!~a+2Bb+3D+3Dc\r\n");
                })
                .build(),
            Scenario.named("dsn/envid-and-ret-order")
                .about("RET comes before ENVID on MAIL whatever order the application set them in")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL + " RET=FULL ENVID=Q123").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org");
                    m.setDsnEnvelopeId("Q123");
                    m.setDsnReturn(DsnReturn.FULL);
                })
                .expect(o -> {
                    completed(o);
                    Expect.clientSentContaining(o, MAIL + " RET=FULL ENVID=Q123\r\nRCPT TO:<a@example.org>\r\n");
                })
                .build(),
            Scenario.named("dsn/notify-combinations-in-fixed-order")
                .about("every NOTIFY combination goes out as SUCCESS,FAILURE,DELAY in that order, whatever order it was given in")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "DSN")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<sd@example.org> NOTIFY=SUCCESS,DELAY",
                        "RCPT TO:<fd@example.org> NOTIFY=FAILURE,DELAY",
                        "RCPT TO:<sf@example.org> NOTIFY=SUCCESS,FAILURE",
                        "RCPT TO:<d@example.org> NOTIFY=DELAY",
                        "RCPT TO:<s@example.org> NOTIFY=SUCCESS",
                        "DATA")
                    .reply("250 ok", "250 ok", "250 ok", "250 ok", "250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = Clients.message(s, "sd@example.org", "fd@example.org", "sf@example.org", "d@example.org",
                            "s@example.org");
                    m.recipients().get(0).setDsnNotify(EnumSet.of(Notify.DELAY, Notify.SUCCESS));
                    m.recipients().get(1).setDsnNotify(EnumSet.of(Notify.DELAY, Notify.FAILURE));
                    m.recipients().get(2).setDsnNotify(EnumSet.of(Notify.FAILURE, Notify.SUCCESS));
                    m.recipients().get(3).setDsnNotify(Set.of(Notify.DELAY));
                    m.recipients().get(4).setDsnNotify(Set.of(Notify.SUCCESS));
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED, DELIVERED, DELIVERED, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("dsn/notify-only-makes-mail-plain")
                .about("NOTIFY alone (no RET, no ENVID) leaves MAIL without parameters and goes on the RCPT only")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org> NOTIFY=NEVER").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org").recipients().get(0)
                        .setDsnNotify(Set.of(Notify.NEVER)))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                    Expect.clientSentContaining(o, "\r\n" + MAIL + "\r\nRCPT TO:<a@example.org> NOTIFY=NEVER\r\n"
                            + "RCPT TO:<b@example.org>\r\n");
                })
                .build(),
            Scenario.named("dsn/orcpt-xtext-and-type")
                .about("ORCPT: the address type is sent as given, the address xtext-encoded (+, =, space, and non-ASCII as UTF-8 octets)")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org> ORCPT=rfc822;x+2By+3Dz@example.net").reply("250 ok")
                    .expect("RCPT TO:<b@example.org> ORCPT=utf-8;j+C3+B6rg+20k@example.net").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org", "b@example.org");
                    m.recipients().get(0).setDsnOriginalRecipient("rfc822", "x+y=z@example.net");
                    m.recipients().get(1).setDsnOriginalRecipient("utf-8", "j\u00f6rg k@example.net");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                })
                .build(),
            Scenario.named("dsn/notify-then-orcpt-order")
                .about("NOTIFY comes before ORCPT on RCPT whatever order the application set them in")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org> NOTIFY=FAILURE ORCPT=rfc822;orig@example.net").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org");
                    m.recipients().get(0).setDsnOriginalRecipient("rfc822", "orig@example.net");
                    m.recipients().get(0).setDsnNotify(Set.of(Notify.FAILURE));
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("dsn/only-the-message-that-asks")
                .about("two messages on one connection: the DSN parameters go only on the message that set them")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL + " RET=HDRS").reply("250 ok")
                    .expect("RCPT TO:<a@example.org> NOTIFY=DELAY").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message first = Clients.message(s, "a@example.org");
                    first.setDsnReturn(DsnReturn.HEADERS);
                    first.recipients().get(0).setDsnNotify(Set.of(Notify.DELAY));
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                })
                .build(),
            Scenario.named("dsn/not-offered-continues-without-parameters")
                .about("DSN required but not offered: EXTNA_DSN with libESMTP's default (continue); the parameters are left out")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(DsnScenarios::everyDsnParameter)
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "QUIT\r\n");
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> false",
                            "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("dsn/not-offered-answer-quit")
                .about("DSN required but not offered and the listener answers quit: QUIT right after EHLO, error 8, recipient untouched")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")))
                .client(DsnScenarios::everyDsnParameter)
                .answers(new EventLog.Answers().quitOnMissingExtension(true))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> true", "disconnected");
                })
                .build(),
            Scenario.named("dsn/ret-alone-makes-dsn-required")
                .about("RET alone is enough to make DSN required: the event fires and MAIL goes without RET")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org").setDsnReturn(DsnReturn.FULL))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientNeverSent(o, "RET=");
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> false",
                            "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("dsn/after-helo")
                .about("EHLO refused, HELO accepted: no extension is known, EXTNA_DSN fires and by default the message goes without DSN parameters")
                .server(Scripts.quit(Scripts.helo(502)
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(DsnScenarios::everyDsnParameter)
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nHELO client.example\r\n" + MAIL
                            + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> false",
                            "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("dsn/after-helo-answer-quit")
                .about("after HELO a listener that answers quit to EXTNA_DSN ends the session with QUIT and error 8")
                .server(Scripts.quit(Scripts.helo(500)))
                .client(DsnScenarios::everyDsnParameter)
                .answers(new EventLog.Answers().quitOnMissingExtension(true))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nHELO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> true", "disconnected");
                })
                .build(),
            Scenario.named("dsn/envid-at-the-100-octet-limit")
                .about("an ENVID of exactly 100 octets once xtext-encoded is accepted and sent whole")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL + " ENVID=" + "+2B".repeat(30) + "x".repeat(10)).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org").setDsnEnvelopeId("+".repeat(30) + "x".repeat(10)))
                .expect(o -> {
                    completed(o);
                    Expect.notRefused(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    /** RET, ENVID, NOTIFY and ORCPT on one message to a@example.org. */
    private static void everyDsnParameter(Session s) {
        Message m = Clients.message(s, "a@example.org");
        m.setDsnReturn(DsnReturn.FULL);
        m.setDsnEnvelopeId("id-1");
        m.recipients().get(0).setDsnNotify(EnumSet.of(Notify.SUCCESS, Notify.FAILURE));
        m.recipients().get(0).setDsnOriginalRecipient("rfc822", "a@example.org");
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
