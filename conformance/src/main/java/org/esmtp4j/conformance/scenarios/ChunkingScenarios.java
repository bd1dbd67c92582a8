package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.BdatChunk;
import org.esmtp4j.conformance.server.Transcript;

/**
 * CHUNKING (RFC 3030, spec §4.3, §5.2 "BDAT"): whenever the server offers it, every message goes
 * by BDAT: one chunk with the processed headers and the blank line, one chunk per content read,
 * then {@code BDAT 0 LAST} ({@code BDAT 2 LAST} and an extra CRLF when XEXCH50 is offered); no
 * dot-stuffing; pipelined with the RCPTs under PIPELINING; a refused chunk stops the transfer.
 */
public final class ChunkingScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    /** The processed headers of {@link Clients#CONTENT}: 115 octets before Date and Message-Id are normalised. */
    private static final String HEADERS = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\n";
    private static final String HEADER_CHUNK = "BDAT 115\r\n" + HEADERS;
    private static final String BODY_CHUNK = "BDAT 8\r\nHello.\r\n";
    /** A body DATA would dot-stuff: BDAT sends it as is. */
    private static final String DOTTED_BODY = ".leading dot\r\n.\r\n..two\r\n";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("chunking/header-chunk-body-chunk-bdat-0-last")
                .about("CHUNKING without PIPELINING: header chunk, body chunk and BDAT 0 LAST, each waiting for its reply")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdat().reply("250 2.0.0 header chunk ok")
                    .expectBdat().reply("250 2.0.0 body chunk ok")
                    .expectBdat().reply("250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.transferCode(o, 0, 250);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + HEADER_CHUNK + BODY_CHUNK + "BDAT 0 LAST\r\nQUIT\r\n");
                    assertEquals(List.of("BDAT 115", "BDAT 8", "BDAT 0 LAST"), commandLines(o));
                    assertEquals(List.of(List.of("EHLO client.example"), List.of(MAIL), List.of("RCPT TO:<a@example.org>"),
                            List.of("BDAT 115"), List.of("BDAT 8"), List.of("BDAT 0 LAST"), List.of("QUIT")), commands(o));
                })
                .build(),
            Scenario.named("chunking/pipelined-with-the-rcpts")
                .about("CHUNKING with PIPELINING: the RCPTs and every BDAT chunk go in one batch before any reply")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>")
                    .expect("RCPT TO:<b@example.org>")
                    .expectBdat().expectBdat().expectBdat()
                    .reply("250 ok", "250 ok", "250 header chunk ok", "250 body chunk ok", "250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + "RCPT TO:<b@example.org>\r\n" + HEADER_CHUNK + BODY_CHUNK + "BDAT 0 LAST\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("chunking/no-dot-stuffing")
                .about("BDAT carries the body as is: lines starting with a dot and a lone dot are not stuffed")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdatUntilLast("250 ok")))
                .client(s -> Clients.messageWithContent(s, Clients.CONTENT.replace("Hello.\r\n", DOTTED_BODY), "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + HEADER_CHUNK + "BDAT " + DOTTED_BODY.length() + "\r\n" + DOTTED_BODY + "BDAT 0 LAST\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("chunking/xexch50-bdat-2-last")
                .about("with XEXCH50 offered libESMTP ends with BDAT 2 LAST and an empty line instead of BDAT 0 LAST")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING", "XEXCH50")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdatUntilLast("250 ok")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + HEADER_CHUNK + BODY_CHUNK + "BDAT 2 LAST\r\n\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("chunking/xexch50-pipelined")
                .about("XEXCH50 with PIPELINING: RCPT, both chunks and BDAT 2 LAST with its CRLF in one batch")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING", "XEXCH50")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>")
                    .expectBdat().expectBdat().expectBdat()
                    .reply("250 ok", "250 ok", "250 ok", "250 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(List.of("BDAT 115", "BDAT 8", "BDAT 2 LAST"), commandLines(o));
                    Expect.clientSentContaining(o, "BDAT 2 LAST\r\n\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("chunking/refused-header-chunk")
                .about("the header chunk refused 554 without PIPELINING: no further chunk, the recipient fails permanently")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdat().reply("554 5.6.0 headers refused")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                    assertEquals(List.of("BDAT 115"), commandLines(o));
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + HEADER_CHUNK + "QUIT\r\n");
                })
                .build(),
            Scenario.named("chunking/refused-body-chunk")
                .about("the body chunk refused 452 without PIPELINING: no BDAT LAST, the recipient stays transient")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("452 4.3.1 out of space")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, TRANSIENT);
                    Expect.transferCode(o, 0, 452);
                    assertEquals(List.of("BDAT 115", "BDAT 8"), commandLines(o));
                })
                .build(),
            Scenario.named("chunking/refused-chunk-pipelined")
                .about("under PIPELINING the header chunk is refused after every chunk went out: the outstanding replies are drained, the refusal stands")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>")
                    .expectBdat().expectBdat().expectBdat()
                    .reply("250 ok", "554 5.6.0 headers refused", "503 5.5.1 no transaction", "503 5.5.1 no transaction")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT);
                    assertEquals(List.of("BDAT 115", "BDAT 8", "BDAT 0 LAST"), commandLines(o));
                })
                .build(),
            Scenario.named("chunking/last-chunk-451")
                .about("the reply to BDAT 0 LAST is 451: the recipient stays transient and the message status is the 451")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("451 4.3.0 try later")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, TRANSIENT);
                    Expect.transferCode(o, 0, 451);
                })
                .build(),
            Scenario.named("chunking/last-chunk-554-completes-4xx-recipients")
                .about("the reply to BDAT 0 LAST is 554: the accepted recipient fails permanently, the one refused 450 at RCPT stays transient")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("450 4.2.1 busy")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("554 5.6.0 content refused")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org"))
                .covers("O5")
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT, TRANSIENT);
                    Expect.transferCode(o, 0, 554);
                })
                .build(),
            Scenario.named("chunking/two-messages")
                .about("two messages over CHUNKING: the first LAST answered 451 is followed by RSET, the second message by MAIL")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("250 ok")
                    .expectBdat().reply("451 4.3.0 try later")
                    .expect("RSET").reply("250 reset")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("250 ok")
                    .expectBdatUntilLast("250 ok")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    Clients.message(s, "b@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, 0, TRANSIENT);
                    Expect.outcomes(o, 1, DELIVERED);
                    assertEquals(List.of("BDAT 115", "BDAT 8", "BDAT 0 LAST", "BDAT 115", "BDAT 8", "BDAT 0 LAST"),
                            commandLines(o));
                })
                .build(),
            Scenario.named("chunking/one-body-chunk-per-content-read")
                .about("a 70,400-octet body: the header chunk, then one chunk for the rest of the first 64 KiB read and one for the remainder")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdatUntilLast("250 ok")))
                .client(s -> Clients.messageWithContent(s, Clients.CONTENT.replace("Hello.\r\n", longBody()), "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    // 89 octets of the message's own headers are in the first 65,536-octet read.
                    assertEquals(List.of("BDAT 115", "BDAT 65447", "BDAT 4953", "BDAT 0 LAST"), commandLines(o));
                    assertEquals(longBody(), new String(o.transcripts().get(0).messages().get(0).content(),
                            StandardCharsets.ISO_8859_1).substring(115));
                    List<String> data = o.events().stream().filter(e -> e.startsWith("messageData")).toList();
                    assertEquals(List.of("messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 65447", "messageData m1 4953"), data);
                })
                .build(),
            Scenario.named("chunking/events")
                .about("the events of a pipelined chunked transfer: MESSAGEDATA per header and per body chunk before the RCPT status, MESSAGESENT after the LAST reply")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>")
                    .expectBdat().expectBdat().expectBdat()
                    .reply("250 ok", "250 ok", "250 ok", "250 2.0.0 queued")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    // The chunks are written before the RCPT reply is read, so their events come first.
                    Expect.events(o, "connected", "mailStatus m1 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageSent m1 250 2.0.0 queued", "disconnected");
                })
                .build(),
            Scenario.named("chunking/all-rcpts-refused")
                .about("every RCPT refused under CHUNKING: libESMTP still goes to BDAT and sends the header chunk; its refusal ends the transfer")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("550 5.1.1 no such user")
                    .expectBdat().reply("554 5.5.1 no valid recipients")))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, PERMANENT);
                    Expect.rcptCode(o, 0, 0, 550);
                    Expect.transferCode(o, 0, 554);
                    assertEquals(List.of("BDAT 115"), commandLines(o));
                })
                .build());
    }

    /** 1,100 lines of 64 octets. */
    private static String longBody() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1100; i++) {
            body.append(String.format("line %04d %s\r\n", i, "x".repeat(52)));
        }
        return body.toString();
    }

    /** The BDAT command lines of every connection, in order. */
    private static List<String> commandLines(Observation o) {
        return o.transcripts().stream().flatMap(t -> t.bdatChunks().stream()).map(BdatChunk::commandLine).toList();
    }

    /** The client's command lines of the first connection, grouped by the server reply they preceded (chunk data left out). */
    private static List<List<String>> commands(Observation o) {
        return o.transcripts().get(0).batches().stream()
                .map(b -> b.lines().stream().filter(ChunkingScenarios::isCommand).toList())
                .filter(l -> !l.isEmpty()).toList();
    }

    private static boolean isCommand(String line) {
        return line.startsWith("EHLO ") || line.startsWith("MAIL FROM:") || line.startsWith("RCPT TO:")
                || line.startsWith("BDAT ") || line.equals("QUIT");
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
