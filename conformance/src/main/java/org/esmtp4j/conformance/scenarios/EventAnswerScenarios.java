package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Notify;
import org.esmtp4j.Session;
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
 * The events of spec §2 that fire without TLS, as exact event lines: CONNECT, MAILSTATUS,
 * RCPTSTATUS, MESSAGEDATA, MESSAGESENT, DISCONNECT, SYNTAXWARNING, ETRNSTATUS, the EXTNA events
 * and DELIVERBY_EXPIRED, each with the answers that change what happens next.
 */
public final class EventAnswerScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    /** A body of three lines, one dot-stuffed on the wire. */
    private static final String BODY = "first line\r\n.dotted\r\nlast\r\n";
    private static final String CONTENT = Clients.CONTENT.replace("Hello.\r\n", BODY);

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("events/one-message")
                .about("one message to two recipients: CONNECT, MAILSTATUS, RCPTSTATUS each, MESSAGEDATA per header and body line (before dot-stuffing), MESSAGESENT, DISCONNECT")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA").reply("250 ok", "251 forwarded", "354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.messageWithContent(s, CONTENT, "a@example.org", "b@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.clientSentContaining(o, "\r\nfirst line\r\n..dotted\r\nlast\r\n.\r\n");
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "recipientStatus m1 <b@example.org> 251 forwarded",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 12", "messageData m1 9", "messageData m1 6",
                            "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("events/mail-refused-then-next-message")
                .about("MAIL refused for the first message: its MAILSTATUS only (no RCPT, no MESSAGESENT), then the second message's full sequence")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("550 5.7.1 sender refused")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, 0, PERMANENT);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.events(o, "connected", "mailStatus m1 550 5.7.1 sender refused", "mailStatus m2 250 ok",
                            "recipientStatus m2 <b@example.org> 250 ok",
                            "messageData m2 39", "messageData m2 33", "messageData m2 15", "messageData m2 26",
                            "messageData m2 8", "messageSent m2 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("events/data-refused")
                .about("DATA refused 554: MESSAGESENT carries the refusal, no MESSAGEDATA")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("554 5.3.0 no thanks")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageSent m1 554 5.3.0 no thanks", "disconnected");
                })
                .build(),
            Scenario.named("events/require-all-recipients-abandons")
                .about("requireAllRecipients and one RCPT refused: no DATA and no MESSAGESENT; RSET is pipelined with the next MAIL")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>").reply("250 ok", "550 5.1.1 unknown")
                    .expectBatch("RSET", MAIL).reply("250 reset", "250 ok")
                    .expectBatch("RCPT TO:<c@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.requireAllRecipients(true);
                    Clients.message(s, "a@example.org", "b@example.org");
                    Clients.message(s, "c@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, 0, TRANSIENT, PERMANENT);
                    Expect.outcomes(o, 1, DELIVERED);
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "recipientStatus m1 <b@example.org> 550 5.1.1 unknown", "mailStatus m2 250 ok",
                            "recipientStatus m2 <c@example.org> 250 ok",
                            "messageData m2 39", "messageData m2 33", "messageData m2 15", "messageData m2 26",
                            "messageData m2 8", "messageSent m2 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("events/greeting-refused-no-usable-server")
                .about("the only server greets 554: CONNECT and DISCONNECT, QUIT sent, and the start reports NO_USABLE_SERVER")
                .covers("O7")
                .server(Script.builder().greet("554 5.3.2 not now")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "QUIT\r\n");
                    Expect.results(o, "false NO_USABLE_SERVER");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "disconnected");
                })
                .build(),
            Scenario.named("events/two-starts")
                .about("two starts, the first end of data 451: each connection has its own CONNECT ... DISCONNECT sequence")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 later")))
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .starts(2, s -> { })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    List<String> one = List.of("mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8");
                    List<String> e = new ArrayList<>();
                    e.add("connected");
                    e.addAll(one);
                    e.add("messageSent m1 451 4.3.0 later");
                    e.add("disconnected");
                    e.add("connected");
                    e.addAll(one);
                    e.add("messageSent m1 250 queued");
                    e.add("disconnected");
                    Expect.events(o, e.toArray(new String[0]));
                })
                .build(),
            Scenario.named("events/nothing-to-do")
                .about("no message with a recipient and no ETRN node: no connection, no event, NOTHING_TO_DO")
                .server(Scripts.quit(Scripts.ehlo()))
                .client(s -> s.addMessage().setMessageSource(MessageSource.of(Clients.CONTENT)))
                .expect(o -> {
                    Expect.connections(o, 0);
                    Expect.results(o, "false NOTHING_TO_DO");
                    Expect.events(o);
                })
                .build(),
            Scenario.named("events/extna-all-missing-in-order")
                .about("DSN, BINARYMIME body and ETRN all missing: EXTNA for DSN, CHUNKING, BINARYMIME, 8BITMIME, ETRN in that order, with libESMTP's defaults, then QUIT")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")))
                .client(EventAnswerScenarios::needsEverything)
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> false", "extensionNotAvailable CHUNKING -> false",
                            "extensionNotAvailable BINARY_MIME -> true", "extensionNotAvailable EIGHT_BIT_MIME -> true",
                            "extensionNotAvailable ETRN -> true", "disconnected");
                })
                .build(),
            Scenario.named("events/extna-all-missing-answered-continue")
                .about("the same missing extensions all answered continue: BINARYMIME and 8BITMIME are fatal anyway, so the session still quits")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")))
                .client(EventAnswerScenarios::needsEverything)
                .answers(new EventLog.Answers().quitOnMissingExtension(false))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> false", "extensionNotAvailable CHUNKING -> false",
                            "extensionNotAvailable BINARY_MIME -> false", "extensionNotAvailable EIGHT_BIT_MIME -> false",
                            "extensionNotAvailable ETRN -> false", "disconnected");
                })
                .build(),
            Scenario.named("events/extna-dsn-and-etrn-answered-continue")
                .about("DSN and ETRN missing, both answered continue: the message goes without DSN parameters and without ETRN")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org").recipients().get(0).setDsnNotify(EnumSet.of(Notify.FAILURE));
                })
                .answers(new EventLog.Answers().quitOnMissingExtension(false))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> false", "extensionNotAvailable ETRN -> false",
                            "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("events/extna-dsn-quit-with-etrn-default")
                .about("DSN answered quit and ETRN at its default: both are asked before the session quits")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")))
                .client(s -> {
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                    Clients.message(s, "a@example.org").setDsnReturn(DsnReturn.HEADERS);
                })
                .answers(new EventLog.Answers().quitOnMissingExtension(true))
                .expect(o -> {
                    completed(o);
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable DSN -> true", "extensionNotAvailable ETRN -> true",
                            "disconnected");
                })
                .build(),
            Scenario.named("events/syntax-warning-on-rcpt-answered-quit")
                .about("the first RCPT reply lacks its triplet and the listener answers quit: no RCPTSTATUS, the second RCPT is never sent, QUIT")
                .server(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 2.1.0 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("QUIT").reply("221 2.0.0 bye").build())
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .answers(new EventLog.Answers().quitOnSyntaxWarning(true))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nQUIT\r\n");
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT, TRANSIENT);
                    Expect.events(o, "connected", "mailStatus m1 250 2.1.0 ok", "syntaxWarning -> true", "disconnected");
                })
                .build(),
            Scenario.named("events/deliverby-expired-per-message")
                .about("three messages with DELIVERBY against a minimum of 60: the event fires for each one under it, with its own shortfall, before its MAIL status")
                .server(Scripts.quit(Scripts.ehlo("DELIVERBY 60")
                    .expectMatching(MAIL + " BY=10[RN]").reply("550 5.7.1 BY time too short")
                    .expectMatching(MAIL + " BY=120[RN]T").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expectMatching(MAIL + " BY=30[RN]").reply("250 ok")
                    .expect("RCPT TO:<c@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org").setDeliverBy(10, ByMode.NOTIFY, false);
                    Clients.message(s, "b@example.org").setDeliverBy(120, ByMode.NOTIFY, true);
                    Clients.message(s, "c@example.org").setDeliverBy(30, ByMode.NOTIFY, false);
                })
                .divergence("P11", "libesmtp", deliverByEvents("R"))
                .divergence("P11", "java", deliverByEvents("N"))
                .build(),
            Scenario.named("events/etrn-status-per-node")
                .about("two ETRN nodes answered 250 and 459: one ETRNSTATUS each, in order, with the node's option, domain and reply")
                .server(Scripts.quit(Scripts.ehlo("ETRN")
                    .expect("ETRN @example.net").reply("250 queuing started")
                    .expect("ETRN @example.org").reply("459 node not allowed")))
                .client(s -> {
                    s.addEtrnNode("example.net", EtrnNode.Option.SUBDOMAINS);
                    s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
                })
                .expect(o -> {
                    completed(o);
                    Expect.results(o, "true NONE");
                    Expect.events(o, "connected", "etrnStatus SUBDOMAINS example.net 250 queuing started",
                            "etrnStatus SUBDOMAINS example.org 459 node not allowed", "disconnected");
                })
                .build(),
            Scenario.named("events/extna-chunking-answered-quit")
                .about("a BINARYMIME body, BINARYMIME offered without CHUNKING, the listener answers quit: one EXTNA_CHUNKING, QUIT")
                .server(Scripts.quit(Scripts.ehlo("BINARYMIME", "8BITMIME")))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.BINARY_MIME))
                .answers(new EventLog.Answers().quitOnMissingExtension(true))
                .expect(o -> {
                    completed(o);
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable CHUNKING -> true", "disconnected");
                })
                .build());
    }

    /** DSN, a BINARYMIME body and an ETRN node: every EXTNA event that can fire without TLS. */
    private static void needsEverything(Session s) {
        Message m = Clients.message(s, "a@example.org");
        m.setDsnReturn(DsnReturn.FULL);
        m.setBodyType(BodyType.BINARY_MIME);
        Clients.message(s, "b@example.org").setBodyType(BodyType.EIGHT_BIT_MIME);
        s.addEtrnNode("example.org", EtrnNode.Option.SUBDOMAINS);
    }

    /** The DELIVERBY scenario's wire with this NOTIFY letter, and its events (the same on both engines). */
    private static Consumer<Observation> deliverByEvents(String letter) {
        return o -> {
            completed(o);
            Expect.clientSentContaining(o, MAIL + " BY=10" + letter + "\r\n" + MAIL + " BY=120" + letter + "T\r\n");
            Expect.events(o, "connected", "deliverByExpired m1 shortfall 50 -> 0", "mailStatus m1 550 5.7.1 BY time too short",
                    "mailStatus m2 250 ok", "recipientStatus m2 <b@example.org> 250 ok",
                    "messageData m2 39", "messageData m2 33", "messageData m2 15", "messageData m2 26", "messageData m2 8",
                    "messageSent m2 250 queued",
                    "deliverByExpired m3 shortfall 30 -> 0", "mailStatus m3 250 ok", "recipientStatus m3 <c@example.org> 250 ok",
                    "messageData m3 39", "messageData m3 33", "messageData m3 15", "messageData m3 26", "messageData m3 8",
                    "messageSent m3 250 queued", "disconnected");
        };
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
