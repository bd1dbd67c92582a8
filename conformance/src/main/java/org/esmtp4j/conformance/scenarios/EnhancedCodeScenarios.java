package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Status;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.EventLog;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.Transcript;

/**
 * ENHANCEDSTATUSCODES (RFC 2034, RFC 3463; spec §1.8, §5.7): when offered, the triplet of every
 * 2xx/4xx/5xx reply is parsed into the status and stripped from its text (on every line of a
 * multi-line reply); a reply without it raises SYNTAXWARNING, whose answer decides whether the
 * reply is refused. Without the extension the text is kept as the server sent it.
 */
public final class EnhancedCodeScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String[] DATA_EVENTS = {"messageData m1 39", "messageData m1 33", "messageData m1 15",
        "messageData m1 26", "messageData m1 8"};

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("enhanced/codes-stripped-and-parsed")
                .about("ENHANCEDSTATUSCODES offered: each triplet is parsed into the status and removed from its text")
                .server(quitEnhanced(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 2.1.0 sender ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 2.1.5 recipient ok")
                    .expect("DATA").reply("354 go ahead")
                    .expectData().reply("250 2.0.0 queued as 4711")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    status(o.messages().get(0).reversePathStatus(), 250, "2.1.0", "sender ok");
                    status(o.recipient(0, 0).status(), 250, "2.1.5", "recipient ok");
                    status(o.messages().get(0).transferStatus(), 250, "2.0.0", "queued as 4711");
                    Expect.events(o, events("mailStatus m1 250 2.1.0 sender ok",
                            "recipientStatus m1 <a@example.org> 250 2.1.5 recipient ok", "messageSent m1 250 2.0.0 queued as 4711"));
                })
                .build(),
            Scenario.named("enhanced/not-offered-text-kept")
                .about("without ENHANCEDSTATUSCODES a triplet is ordinary text: kept in the status text, no class/subject/detail")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")
                    .expect(MAIL).reply("250 2.1.0 sender ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 2.1.5 recipient ok", "354 go ahead")
                    .expectData().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    status(o.messages().get(0).reversePathStatus(), 250, "", "2.1.0 sender ok");
                    status(o.recipient(0, 0).status(), 250, "", "2.1.5 recipient ok");
                    status(o.messages().get(0).transferStatus(), 250, "", "2.0.0 queued");
                })
                .build(),
            Scenario.named("enhanced/permanent-and-transient-triplets")
                .about("RCPT refusals with triplets: 550 5.1.1 is permanent, 451 4.3.0 transient, and the triplets are kept")
                .server(quitEnhanced(Scripts.ehlo("ENHANCEDSTATUSCODES", "PIPELINING")
                    .expect(MAIL).reply("250 2.1.0 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA")
                    .reply("550 5.1.1 no such user", "451 4.3.0 try later", "250 2.1.5 ok", "354 go")
                    .expectData().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT, TRANSIENT, DELIVERED);
                    status(o.recipient(0, 0).status(), 550, "5.1.1", "no such user");
                    status(o.recipient(0, 1).status(), 451, "4.3.0", "try later");
                    status(o.recipient(0, 2).status(), 250, "2.1.5", "ok");
                })
                .build(),
            Scenario.named("enhanced/three-digit-detail")
                .about("a triplet with multi-digit subject and detail (5.7.123, RFC 3463 allows up to three digits) is parsed whole")
                .server(quitEnhanced(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("550 5.7.123 policy refusal")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    status(o.messages().get(0).reversePathStatus(), 550, "5.7.123", "policy refusal");
                    Expect.outcomes(o, PERMANENT);
                })
                .build(),
            Scenario.named("enhanced/multi-line-reply")
                .about("a multi-line reply with a triplet on each line: the code and triplet are stripped from every line, lines joined with LF")
                .server(quitEnhanced(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 2.1.0 ok")
                    .expect("RCPT TO:<a@example.org>").reply("550-5.1.1 no such user here", "550-5.1.1 check the address", "550 5.1.1 and try again")
                    .expect("RCPT TO:<b@example.org>").reply("250 2.1.5 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250-2.0.0 first line", "250 2.0.0 second line")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT, DELIVERED);
                    status(o.recipient(0, 0).status(), 550, "5.1.1", "no such user here\ncheck the address\nand try again");
                    status(o.messages().get(0).transferStatus(), 250, "2.0.0", "first line\nsecond line");
                })
                .build(),
            Scenario.named("enhanced/multi-line-without-extension")
                .about("a multi-line reply without ENHANCEDSTATUSCODES: only the codes are stripped, lines joined with LF")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250-first line", "250-2.0.0 second line", "250 third line")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    status(o.messages().get(0).reversePathStatus(), 250, "", "first line\n2.0.0 second line\nthird line");
                })
                .build(),
            Scenario.named("enhanced/syntax-warning-default-continue")
                .about("a RCPT reply and the QUIT reply without a triplet: SYNTAXWARNING for each, the default answer keeps the replies")
                .server(Scripts.quit(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 2.1.0 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 recipient ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    status(o.recipient(0, 0).status(), 250, "", "recipient ok");
                    List<String> e = new ArrayList<>(List.of("connected", "mailStatus m1 250 2.1.0 ok",
                            "syntaxWarning -> false", "recipientStatus m1 <a@example.org> 250 recipient ok"));
                    e.addAll(List.of(DATA_EVENTS));
                    e.addAll(List.of("messageSent m1 250 2.0.0 queued", "syntaxWarning -> false", "disconnected"));
                    Expect.events(o, e.toArray(new String[0]));
                })
                .build(),
            Scenario.named("enhanced/syntax-warning-answer-quit")
                .about("the MAIL reply lacks a triplet and the listener answers quit: the reply is refused, QUIT, invalid response syntax")
                .server(Scripts.quit(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 sender ok")))
                .client(s -> Clients.message(s, "a@example.org"))
                .answers(new EventLog.Answers().quitOnSyntaxWarning(true))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nQUIT\r\n");
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "syntaxWarning -> true", "syntaxWarning -> true", "disconnected");
                    assertEquals(0, o.messages().get(0).reversePathStatus().code(), o::toString);
                })
                .build(),
            Scenario.named("enhanced/syntax-warning-answer-quit-on-quit-reply-only")
                .about("every reply has its triplet except '221 bye': answering quit to that warning keeps the delivery but reports the syntax error")
                .server(Scripts.quit(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 2.1.0 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 2.1.5 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .answers(new EventLog.Answers().quitOnSyntaxWarning(true))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.events(o, events("mailStatus m1 250 2.1.0 ok", "recipientStatus m1 <a@example.org> 250 2.1.5 ok",
                            "messageSent m1 250 2.0.0 queued", "syntaxWarning -> true"));
                })
                .build(),
            Scenario.named("enhanced/continuation-triplet-mismatch")
                .about("a continuation line whose triplet differs from the first line's: status mismatch, the session quits")
                .server(Scripts.quit(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250-2.1.0 first", "250 2.1.5 second")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nQUIT\r\n");
                    Expect.results(o, "true STATUS_MISMATCH");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("enhanced/continuation-triplet-missing")
                .about("a continuation line without the triplet the first line had: invalid response syntax, the session quits")
                .server(Scripts.quit(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250-2.1.0 first", "250 second")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nQUIT\r\n");
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("enhanced/first-line-missing-then-continuation")
                .about("the first line lacks the triplet, a continuation has one: one SYNTAXWARNING, the reply is taken without a triplet and the continuation keeps it as text")
                .server(quitEnhanced(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250-sender ok", "250 2.1.0 really")
                    .expect("RCPT TO:<a@example.org>").reply("250 2.1.5 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Status st = o.messages().get(0).reversePathStatus();
                    assertEquals(250, st.code(), o::toString);
                    assertEquals("", st.enhancedCode(), o::toString);
                    // The triplet is ignored for the whole reply, so the continuation keeps it as text.
                    assertEquals("sender ok\n2.1.0 really", st.text(), o::toString);
                    assertEquals(1, o.events().stream().filter(e -> e.startsWith("syntaxWarning")).count(), o::toString);
                })
                .build(),
            Scenario.named("enhanced/354-needs-no-triplet")
                .about("354 is not a 2xx/4xx/5xx reply: '354 go' without a triplet raises no SYNTAXWARNING")
                .server(quitEnhanced(Scripts.ehlo("ENHANCEDSTATUSCODES")
                    .expect(MAIL).reply("250 2.1.0 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 2.1.5 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .answers(new EventLog.Answers().quitOnSyntaxWarning(true))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    Expect.events(o, events("mailStatus m1 250 2.1.0 ok", "recipientStatus m1 <a@example.org> 250 2.1.5 ok",
                            "messageSent m1 250 2.0.0 queued"));
                })
                .build());
    }

    /** The events of one message to a@example.org: MAIL and RCPT status, data, sent, then any trailing lines. */
    private static String[] events(String mail, String rcpt, String sent, String... beforeDisconnect) {
        List<String> e = new ArrayList<>(List.of("connected", mail, rcpt));
        e.addAll(List.of(DATA_EVENTS));
        e.add(sent);
        e.addAll(List.of(beforeDisconnect));
        e.add("disconnected");
        return e.toArray(new String[0]);
    }

    /** The end of a session whose QUIT reply carries a triplet, so that it raises no SYNTAXWARNING. */
    private static Script quitEnhanced(ScriptBuilder b) {
        return b.expect("QUIT").reply("221 2.0.0 bye").build();
    }

    private static void status(Status st, int code, String enhanced, String text) {
        assertEquals(code, st.code(), st::toString);
        assertEquals(enhanced, st.enhancedCode(), st::toString);
        assertEquals(text, st.text(), st::toString);
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
