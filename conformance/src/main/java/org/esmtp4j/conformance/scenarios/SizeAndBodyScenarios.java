package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.esmtp4j.BodyType;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Status;
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
 * SIZE (RFC 1870) and the body type: {@code SIZE=} only when offered and estimated,
 * {@code BODY=7BIT|8BITMIME} with 8BITMIME, {@code BODY=BINARYMIME} with BINARYMIME and CHUNKING
 * (spec §1.7), the EXTNA events when they are missing, and the two places where the java engine
 * refuses what libESMTP sends (COMPATIBILITY O8, O9).
 */
public final class SizeAndBodyScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String HEADERS = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\n";
    private static final String DATA_WIRE = HEADERS + "Hello.\r\n.\r\n";
    /** {@link Clients#CONTENT} with an e-acute in the body: two UTF-8 octets above 127. */
    private static final String EIGHT_BIT = Clients.CONTENT.replace("Hello.", "H\u00e9llo.");
    /** The same body as the server sees it, one char per octet. */
    private static final String EIGHT_BIT_BODY_ON_WIRE = "H\u00c3\u00a9llo.\r\n";

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("size/estimate-sent-when-offered")
                .about("SIZE offered with a limit the message fits: the estimate goes on MAIL as SIZE=")
                .server(oneMessage(MAIL + " SIZE=12345", "SIZE 10000000"))
                .client(s -> Clients.message(s, "a@example.org").setSizeEstimate(12345))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " SIZE=12345\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\n" + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("size/no-estimate-not-sent")
                .about("SIZE offered but no estimate set (0): MAIL carries no SIZE=")
                .server(oneMessage(MAIL, "SIZE 10000000"))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientNeverSent(o, "SIZE=");
                })
                .build(),
            Scenario.named("size/not-offered-not-sent")
                .about("an estimate but no SIZE offered: MAIL carries no SIZE=, and SIZE is never required")
                .server(oneMessage(MAIL, "8BITMIME"))
                .client(s -> Clients.message(s, "a@example.org").setSizeEstimate(12345))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientNeverSent(o, "SIZE=");
                    Expect.events(o, "connected", "mailStatus m1 250 ok", "recipientStatus m1 <a@example.org> 250 ok",
                            "messageData m1 39", "messageData m1 33", "messageData m1 15", "messageData m1 26",
                            "messageData m1 8", "messageSent m1 250 queued", "disconnected");
                })
                .build(),
            Scenario.named("size/keyword-without-number")
                .about("SIZE advertised without a number (no declared limit): the estimate is sent and the message goes")
                .server(oneMessage(MAIL + " SIZE=500", "SIZE"))
                .client(s -> Clients.message(s, "a@example.org").setSizeEstimate(500))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("size/zero-means-no-limit")
                .about("SIZE 0 declares no fixed maximum (RFC 1870 §4): the estimate is sent and the message goes")
                .server(oneMessage(MAIL + " SIZE=700", "SIZE 0"))
                .client(s -> Clients.message(s, "a@example.org").setSizeEstimate(700))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("size/message-over-the-limit")
                .about("a 97-octet message to a server with SIZE 90: libESMTP sends it anyway, the java engine refuses it locally (552 5.3.4)")
                .server(Scripts.ehlo("SIZE 90")
                    .expectMatching(MAIL + "|QUIT").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .divergence("O8", "libesmtp", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "QUIT\r\n");
                })
                .divergence("O8", "java", o -> {
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, PERMANENT);
                    localStatus(o, 552, "5.3.4");
                })
                .build(),
            Scenario.named("size/estimate-over-the-limit-without-prescan")
                .about("content not prescanned, estimate 5000 over SIZE 1000: libESMTP sends SIZE=5000, the java engine refuses locally (552 5.3.4)")
                .server(Scripts.ehlo("SIZE 1000")
                    .expectMatching(MAIL + " SIZE=5000|QUIT").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> {
                    s.setContentPrescan(false);
                    Clients.message(s, "a@example.org").setSizeEstimate(5000);
                })
                .divergence("O8", "libesmtp", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSentContaining(o, MAIL + " SIZE=5000\r\n");
                })
                .divergence("O8", "java", o -> {
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.outcomes(o, PERMANENT);
                    localStatus(o, 552, "5.3.4");
                })
                .build(),
            Scenario.named("size/message-within-the-limit")
                .about("a message of 123 octets as sent (97 as given plus From) to a server with SIZE 123: both engines send it")
                .server(oneMessage(MAIL, "SIZE 123"))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("body/7bit-declared")
                .about("BODY=7BIT declared and 8BITMIME offered: BODY=7BIT on MAIL")
                .server(oneMessage(MAIL + " BODY=7BIT", "8BITMIME"))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.SEVEN_BIT))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " BODY=7BIT\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\n" + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("body/8bitmime-declared")
                .about("BODY=8BITMIME declared and offered: BODY=8BITMIME on MAIL, the UTF-8 octets go out unchanged")
                .server(oneMessage(MAIL + " BODY=8BITMIME", "8BITMIME"))
                .client(s -> Clients.messageWithContent(s, EIGHT_BIT, "a@example.org").setBodyType(BodyType.EIGHT_BIT_MIME))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " BODY=8BITMIME\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\n" + HEADERS + EIGHT_BIT_BODY_ON_WIRE + ".\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("body/7bit-required-but-missing")
                .about("BODY=7BIT makes 8BITMIME required: without it EXTNA_8BITMIME fires and the session quits (error 8)")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING")))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.SEVEN_BIT))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "extensionNotAvailable EIGHT_BIT_MIME -> true", "disconnected");
                })
                .build(),
            Scenario.named("body/8bitmime-missing-is-fatal-whatever-the-answer")
                .about("8BITMIME required and missing: the listener answers continue, the session quits anyway (always fatal)")
                .server(Scripts.quit(Scripts.ehlo("SIZE 1000000")))
                .client(s -> Clients.messageWithContent(s, EIGHT_BIT, "a@example.org").setBodyType(BodyType.EIGHT_BIT_MIME))
                .answers(new EventLog.Answers().quitOnMissingExtension(false))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.outcomes(o, TRANSIENT);
                    Expect.events(o, "connected", "extensionNotAvailable EIGHT_BIT_MIME -> false", "disconnected");
                })
                .build(),
            Scenario.named("body/8bitmime-required-after-helo")
                .about("BODY=8BITMIME to a server that only speaks HELO: EXTNA_8BITMIME and QUIT after HELO")
                .server(Scripts.quit(Scripts.helo(502)))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.EIGHT_BIT_MIME))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nHELO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable EIGHT_BIT_MIME -> true", "disconnected");
                })
                .build(),
            Scenario.named("body/undeclared-8bit-with-8bitmime")
                .about("8-bit content without a body type to a server with 8BITMIME: libESMTP sends no BODY=, the java engine declares BODY=8BITMIME")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")
                    .expectMatching(MAIL + "( BODY=8BITMIME)?").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.messageWithContent(s, EIGHT_BIT, "a@example.org"))
                .divergence("O9", "libesmtp", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\n" + HEADERS + EIGHT_BIT_BODY_ON_WIRE + ".\r\nQUIT\r\n");
                })
                .divergence("O9", "java", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " BODY=8BITMIME\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\n" + HEADERS + EIGHT_BIT_BODY_ON_WIRE + ".\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("body/undeclared-8bit-without-8bitmime")
                .about("8-bit content to a server without 8BITMIME: libESMTP sends it raw, the java engine refuses it locally (554 5.6.3)")
                .server(Scripts.ehlo("PIPELINING")
                    .expectMatching(MAIL + "|QUIT").reply("250 ok")
                    .expectBatch("RCPT TO:<a@example.org>", "DATA").reply("250 ok", "354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.messageWithContent(s, EIGHT_BIT, "a@example.org"))
                .divergence("O9", "libesmtp", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSentContaining(o, "\r\n\r\n" + EIGHT_BIT_BODY_ON_WIRE + ".\r\n");
                })
                .divergence("O9", "java", o -> {
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.outcomes(o, PERMANENT);
                    localStatus(o, 554, "5.6.3");
                })
                .build(),
            Scenario.named("body/ascii-content-needs-nothing")
                .about("7-bit content with no body type to a server without extensions: sent plainly, no BODY=, nothing refused")
                .server(oneMessage(MAIL))
                .client(s -> Clients.message(s, "a@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientNeverSent(o, "BODY=");
                })
                .build(),
            Scenario.named("body/binarymime-exact-bytes")
                .about("BODY=BINARYMIME with BINARYMIME and CHUNKING: the body goes by BDAT as exact bytes (bare LF, NUL, lone dot, no final CRLF)")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING", "BINARYMIME")
                    .expect(MAIL + " BODY=BINARYMIME").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdatUntilLast("250 ok")))
                .client(s -> {
                    Message m = s.addMessage();
                    m.setReversePath(Clients.FROM);
                    m.setMessageSource(MessageSource.of(binaryContent()));
                    m.addRecipient("a@example.org");
                    m.setBodyType(BodyType.BINARY_MIME);
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    String body = new String(binaryBody(), StandardCharsets.ISO_8859_1);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " BODY=BINARYMIME\r\nRCPT TO:<a@example.org>\r\n"
                            + "BDAT 115\r\n" + HEADERS + "BDAT " + body.length() + "\r\n" + body + "BDAT 0 LAST\r\nQUIT\r\n");
                    assertEquals(body, new String(o.transcripts().get(0).bdatChunks().get(1).bytes(),
                            StandardCharsets.ISO_8859_1));
                })
                .build(),
            Scenario.named("body/binarymime-missing-is-fatal")
                .about("BODY=BINARYMIME to a server with CHUNKING but no BINARYMIME: EXTNA_BINARYMIME, always fatal")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING", "8BITMIME")))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.BINARY_MIME))
                .answers(new EventLog.Answers().quitOnMissingExtension(false))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable BINARY_MIME -> false", "disconnected");
                })
                .build(),
            Scenario.named("body/binarymime-without-chunking-continues")
                .about("BODY=BINARYMIME with BINARYMIME but no CHUNKING: EXTNA_CHUNKING defaults to continue; BODY=BINARYMIME goes by DATA")
                .server(oneMessage(MAIL + " BODY=BINARYMIME", "BINARYMIME", "8BITMIME"))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.BINARY_MIME))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " BODY=BINARYMIME\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\n" + DATA_WIRE + "QUIT\r\n");
                    assertEquals("extensionNotAvailable CHUNKING -> false", o.events().get(1));
                })
                .build(),
            Scenario.named("body/binarymime-without-chunking-answer-quit")
                .about("BODY=BINARYMIME without CHUNKING and the listener answers quit: QUIT after EHLO, error 8")
                .server(Scripts.quit(Scripts.ehlo("BINARYMIME", "8BITMIME")))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.BINARY_MIME))
                .answers(new EventLog.Answers().quitOnMissingExtension(true))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable CHUNKING -> true", "disconnected");
                })
                .build(),
            Scenario.named("body/binarymime-neither-offered")
                .about("BODY=BINARYMIME with neither CHUNKING nor BINARYMIME: both events, CHUNKING then BINARYMIME, then QUIT")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")))
                .client(s -> Clients.message(s, "a@example.org").setBodyType(BodyType.BINARY_MIME))
                .expect(o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    Expect.events(o, "connected", "extensionNotAvailable CHUNKING -> false",
                            "extensionNotAvailable BINARY_MIME -> true", "disconnected");
                })
                .build(),
            Scenario.named("body/7bit-then-size-then-body-order")
                .about("SIZE= comes before BODY= on MAIL")
                .server(oneMessage(MAIL + " SIZE=2048 BODY=7BIT", "SIZE", "8BITMIME"))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org");
                    m.setBodyType(BodyType.SEVEN_BIT);
                    m.setSizeEstimate(2048);
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    /** One message to a@example.org accepted step by step, MAIL as given; keywords advertised. */
    private static Script oneMessage(String mail, String... keywords) {
        return Scripts.quit(Scripts.ehlo(keywords)
            .expect(mail).reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued"));
    }

    /** The binary body: bare LF, bare CR, NUL, 0xFF, a lone dot line, and no final CRLF. */
    private static byte[] binaryBody() {
        return new byte[] {'b', 'i', 'n', '\n', 0, 1, 2, (byte) 0xff, '\r', 'x', '\r', '\n', '.', '\r', '\n', '.', '.', 'e', 'n', 'd'};
    }

    /** The headers of {@link Clients#CONTENT} and the binary body. */
    private static byte[] binaryContent() {
        byte[] head = Clients.CONTENT.replace("Hello.\r\n", "").getBytes(StandardCharsets.US_ASCII);
        byte[] body = binaryBody();
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** The only message's transfer status is a local one with this code and enhanced code. */
    private static void localStatus(Observation o, int code, String enhanced) {
        Status st = o.messages().get(0).transferStatus();
        assertEquals(code, st.code(), o::toString);
        assertEquals(enhanced, st.enhancedCode(), o::toString);
        assertTrue(st.local(), o::toString);
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }
}
