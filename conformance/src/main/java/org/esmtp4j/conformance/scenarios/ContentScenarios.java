package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.esmtp4j.BodyType;
import org.esmtp4j.LineEndings;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;

/**
 * The message content on the wire (spec §4.2, §4.3): dot-stuffing, the final CRLF, line-ending
 * canonicalisation and the 998-octet limit the facade applies for both engines, 8-bit content,
 * NUL bytes, long messages through DATA and BDAT, and BINARYMIME's exact bytes.
 */
public final class ContentScenarios implements ScenarioSource {

    private static final String RCPT = "a@example.org";
    private static final String ENVELOPE = "EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\n"
            + "RCPT TO:<a@example.org>\r\n";
    private static final String GENERATED = "Date: <date>\r\nFrom: sender@example.org\r\nMessage-Id: <message-id>\r\n";
    /** Headers with their own Date and Message-Id, so that a header chunk has a fixed length. */
    private static final String FIXED_HEADERS = "Date: Sun, 01 Nov 2026 10:00:00 +0000\r\nMessage-Id: <fixed@example.org>\r\n"
            + "Subject: test\r\n";
    /** {@link #FIXED_HEADERS} as processed: From generated after them, then the blank line. */
    private static final String FIXED_HEADER_CHUNK = FIXED_HEADERS + "From: sender@example.org\r\n\r\n";
    /** 8-bit text: "café" in UTF-8. */
    private static final String EIGHT_BIT_BODY = "caf\u00e9\r\n";

    @Override
    public List<Scenario> scenarios() {
        String longBody = longBody();
        return List.of(
            // ---------------------------------------------------------------- dot-stuffing
            sent("content/dot-stuffing-body",
                "body lines starting with a dot get one more; a lone dot becomes two; other dots stay",
                "Subject: s\r\n\r\n.dot\r\n..two\r\n.\r\nmid.dle\r\n .space\r\n",
                "Subject: s\r\n" + GENERATED + "\r\n..dot\r\n...two\r\n..\r\nmid.dle\r\n .space\r\n"),
            sent("content/dot-stuffing-first-header-line",
                "a dot starting the very first line of the message is stuffed",
                ".Hidden: x\r\nSubject: s\r\n\r\nbody\r\n",
                "..Hidden: x\r\nSubject: s\r\n" + GENERATED + "\r\nbody\r\n"),
            sent("content/dot-stuffing-later-header-line",
                "a header-section line starting with a dot is stuffed",
                "Subject: s\r\n.X-Dot: y\r\n\r\nbody\r\n",
                "Subject: s\r\n..X-Dot: y\r\n" + GENERATED + "\r\nbody\r\n"),
            sent("content/lone-dot-last-line-without-crlf",
                "a final lone dot without CRLF gets its CRLF and is stuffed, so it cannot end the data early",
                "Subject: s\r\n\r\nbody\r\n.",
                "Subject: s\r\n" + GENERATED + "\r\nbody\r\n..\r\n"),
            Scenario.named("content/dot-stuffing-not-in-bdat")
                .about("BDAT carries body dots as they are: no dot-stuffing")
                .server(bdatMessage("CHUNKING"))
                .client(withContent(FIXED_HEADERS + "\r\n.dot\r\n.\r\n"))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, ENVELOPE + bdat(FIXED_HEADER_CHUNK) + bdat(".dot\r\n.\r\n") + "BDAT 0 LAST\r\nQUIT\r\n");
                })
                .build(),

            // ---------------------------------------------------------------- final CRLF
            sent("content/no-final-crlf-data",
                "DATA: content without a final CRLF gets one before the terminating dot",
                "Subject: s\r\n\r\nlast no crlf",
                "Subject: s\r\n" + GENERATED + "\r\nlast no crlf\r\n"),
            Scenario.named("content/no-final-crlf-bdat")
                .about("BDAT: content without a final CRLF gets one too, so DATA and BDAT carry the same message")
                .covers("F7")
                .server(bdatMessage("CHUNKING"))
                .client(withContent(FIXED_HEADERS + "\r\nlast no crlf"))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, ENVELOPE + bdat(FIXED_HEADER_CHUNK) + bdat("last no crlf\r\n") + "BDAT 0 LAST\r\nQUIT\r\n");
                })
                .build(),
            sent("content/empty-content",
                "empty content: only the generated headers and the blank line",
                "",
                GENERATED + "\r\n"),
            sent("content/only-blank-line",
                "content that is one CRLF: the generated headers, then that blank line",
                "\r\n",
                GENERATED + "\r\n"),
            sent("content/plain-text-without-header-section",
                "text without a header section is read as header lines: the generated headers follow it",
                "Hello world\r\nsecond line\r\n",
                "Hello world\r\nsecond line\r\n" + GENERATED + "\r\n"),

            // ---------------------------------------------------------------- line endings
            sent("content/bare-lf-canonicalised",
                "an LF-only message is canonicalised to CRLF: its headers are still headers",
                "Subject: s\nX-A: 1\n\nline1\nline2\n",
                "Subject: s\r\nX-A: 1\r\n" + GENERATED + "\r\nline1\r\nline2\r\n", "F5"),
            sent("content/bare-cr-canonicalised",
                "a bare CR in the body becomes CRLF",
                "Subject: s\r\n\r\na\rb\r\n",
                "Subject: s\r\n" + GENERATED + "\r\na\r\nb\r\n", "F5"),
            sent("content/cr-before-crlf",
                "CR CR LF is a bare CR then CRLF: two line ends",
                "Subject: s\r\n\r\na\r\r\nb\r\n",
                "Subject: s\r\n" + GENERATED + "\r\na\r\n\r\nb\r\n", "F5"),
            sent("content/bare-lf-dot-smuggling",
                "LF . LF in the body is canonicalised and stuffed: it cannot end the data (SMTP smuggling, E8)",
                "Subject: s\r\n\r\nbody\n.\nMAIL FROM:<evil@example.net>\n",
                "Subject: s\r\n" + GENERATED + "\r\nbody\r\n..\r\nMAIL FROM:<evil@example.net>\r\n", "F5"),
            sent("content/bare-lf-dot-crlf-smuggling",
                "LF . CRLF in the body is canonicalised and stuffed",
                "Subject: s\r\n\r\nbody\n.\r\nafter\r\n",
                "Subject: s\r\n" + GENERATED + "\r\nbody\r\n..\r\nafter\r\n", "F5"),
            refusedContent("content/line-endings-reject-bare-lf",
                "LineEndings.REJECT refuses a bare LF before connecting",
                s -> s.setLineEndings(LineEndings.REJECT), "Subject: s\r\n\r\nbody\nmore\r\n", "line 3"),
            refusedContent("content/line-endings-reject-bare-cr",
                "LineEndings.REJECT refuses a bare CR before connecting",
                s -> s.setLineEndings(LineEndings.REJECT), "Subject: s\r\n\r\nok\r\nbody\rmore\r\n", "line 4"),
            Scenario.named("content/line-endings-reject-crlf-delivered")
                .about("LineEndings.REJECT lets CRLF-only content through unchanged")
                .server(dataMessage())
                .client(s -> {
                    s.setLineEndings(LineEndings.REJECT);
                    message(s, "Subject: s\r\n\r\nbody\r\n", RCPT);
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, dataWire("Subject: s\r\n" + GENERATED + "\r\nbody\r\n"));
                })
                .build(),

            // ---------------------------------------------------------------- line length
            sent("content/998-octet-line-sent",
                "a body line of exactly 998 octets is sent",
                "Subject: s\r\n\r\n" + "x".repeat(998) + "\r\n",
                "Subject: s\r\n" + GENERATED + "\r\n" + "x".repeat(998) + "\r\n"),
            sent("content/998-octet-dot-line-stuffed",
                "a 998-octet line starting with a dot is sent stuffed (999 on the wire, which the dot transparency allows)",
                "Subject: s\r\n\r\n." + "x".repeat(997) + "\r\n",
                "Subject: s\r\n" + GENERATED + "\r\n.." + "x".repeat(997) + "\r\n"),
            refusedContent("content/999-octet-body-line-refused",
                "a 999-octet body line is refused before connecting, naming the line",
                s -> { }, "Subject: s\r\n\r\nfirst\r\n" + "x".repeat(999) + "\r\n", "line 4", "F6"),
            refusedContent("content/999-octet-header-line-refused",
                "a 999-octet header line is refused before connecting",
                s -> { }, "X-Long: " + "h".repeat(991) + "\r\n\r\nbody\r\n", "line 1", "F6"),
            refusedContent("content/999-octet-last-line-without-crlf-refused",
                "a 999-octet last line without CRLF is refused too",
                s -> { }, "Subject: s\r\n\r\n" + "x".repeat(999), "line 3", "F6"),

            // ---------------------------------------------------------------- 8-bit, NUL
            Scenario.named("content/8bit-with-8bitmime-offered")
                .about("8-bit content to a server offering 8BITMIME: libESMTP sends no BODY=, the java engine declares BODY=8BITMIME")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")
                    .expectMatching("MAIL FROM:<sender@example.org>( BODY=8BITMIME)?").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(withContent("Subject: s\r\n\r\n" + EIGHT_BIT_BODY))
                .divergence("O9", "libesmtp", o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<a@example.org>\r\n"
                            + "DATA\r\nSubject: s\r\n" + GENERATED + "\r\n" + latin1(EIGHT_BIT_BODY) + ".\r\nQUIT\r\n");
                })
                .divergence("O9", "java", o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nMAIL FROM:<sender@example.org> BODY=8BITMIME\r\n"
                            + "RCPT TO:<a@example.org>\r\nDATA\r\nSubject: s\r\n" + GENERATED + "\r\n" + latin1(EIGHT_BIT_BODY)
                            + ".\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("content/8bit-without-8bitmime")
                .about("8-bit content to a server without 8BITMIME: libESMTP sends it raw, the java engine refuses the message (554 5.6.3)")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(withContent("Subject: s\r\n\r\n" + EIGHT_BIT_BODY))
                .divergence("O9", "libesmtp", o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, dataWire("Subject: s\r\n" + GENERATED + "\r\n" + latin1(EIGHT_BIT_BODY)));
                })
                .divergence("O9", "java", o -> {
                    Expect.outcomes(o, PERMANENT);
                    Expect.transferCode(o, 0, 554);
                    // Refused before MAIL: the session just ends (the script, written for libESMTP, sees QUIT early).
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                })
                .build(),
            Scenario.named("content/8bit-declared-8bitmime")
                .about("8-bit content declared BODY=8BITMIME to a server offering 8BITMIME is sent alike by both engines")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")
                    .expect("MAIL FROM:<sender@example.org> BODY=8BITMIME").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> message(s, "Subject: s\r\n\r\n" + EIGHT_BIT_BODY, RCPT)
                        .setBodyType(BodyType.EIGHT_BIT_MIME))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nMAIL FROM:<sender@example.org> BODY=8BITMIME\r\n"
                            + "RCPT TO:<a@example.org>\r\nDATA\r\nSubject: s\r\n" + GENERATED + "\r\n" + latin1(EIGHT_BIT_BODY)
                            + ".\r\nQUIT\r\n");
                })
                .build(),
            sent("content/nul-bytes-passed",
                "NUL bytes in the body are sent as they are",
                "Subject: s\r\n\r\na\u0000b\r\n\u0000\r\n",
                "Subject: s\r\n" + GENERATED + "\r\na\u0000b\r\n\u0000\r\n"),

            // ---------------------------------------------------------------- long messages
            Scenario.named("content/long-message-data")
                .about("a message over 64 KiB goes through DATA whole, dot-stuffed, with one terminating dot")
                .server(dataMessage())
                .client(withContent("Subject: long\r\n\r\n" + longBody))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, dataWire("Subject: long\r\n" + GENERATED + "\r\n" + stuffed(longBody)));
                    assertEquals(1, o.transcripts().get(0).messages().size(), () -> o.toString());
                })
                .build(),
            Scenario.named("content/long-message-bdat")
                .about("a message over 64 KiB through BDAT: the header chunk, then one chunk per 64 KiB read, then BDAT 0 LAST")
                .server(bdatMessage("CHUNKING"))
                .client(withContent(FIXED_HEADERS + "\r\n" + longBody))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    String content = FIXED_HEADERS + "\r\n" + longBody;
                    int firstRead = 64 * 1024 - content.indexOf("\r\n\r\n") - 4;
                    Expect.clientSent(o, ENVELOPE + bdat(FIXED_HEADER_CHUNK) + bdat(longBody.substring(0, firstRead))
                            + bdat(longBody.substring(firstRead)) + "BDAT 0 LAST\r\nQUIT\r\n");
                    assertEquals(normalised(FIXED_HEADER_CHUNK + longBody), normalised(o.transcripts().get(0).messages().get(0).contentText()),
                            () -> o.toString());
                })
                .build(),
            Scenario.named("content/one-byte-reads-data")
                .about("a source that returns one byte per read gives the same DATA bytes: stuffing and CRLF across reads")
                .server(dataMessage())
                .client(s -> {
                    Message m = message(s, "", RCPT);
                    m.setMessageSource(trickle("Subject: s\r\nX-Folded: a\r\n b\r\n\r\n.dot\r\nbare\nlf\r\n.", 1));
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, dataWire("Subject: s\r\nX-Folded: a\r\n b\r\n" + GENERATED
                            + "\r\n..dot\r\nbare\r\nlf\r\n..\r\n"));
                })
                .build(),
            Scenario.named("content/one-byte-reads-bdat")
                .about("a source that returns one byte per read through BDAT: the body still goes as one chunk")
                .server(bdatMessage("CHUNKING"))
                .client(s -> {
                    Message m = message(s, "", RCPT);
                    m.setMessageSource(trickle(FIXED_HEADERS + "\r\nab\r\n", 1));
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    // The facade gathers the reads: one body chunk, not one per byte.
                    Expect.clientSent(o, ENVELOPE + bdat(FIXED_HEADER_CHUNK) + bdat("ab\r\n") + "BDAT 0 LAST\r\nQUIT\r\n");
                })
                .build(),

            Scenario.named("content/stream-source-reread-on-retry")
                .about("a stream source is rewound for the second start: the retried message carries the same bytes")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try again")))
                .server(dataMessage())
                .starts(2, s -> { })
                .client(s -> {
                    Message m = message(s, "", RCPT);
                    m.setMessageSource(MessageSource.ofStreams(() -> new ByteArrayInputStream(
                            "Subject: s\nbare lf\n\n.dot\r\nend".getBytes(StandardCharsets.US_ASCII))));
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE", "true NONE");
                    String once = dataWire("Subject: s\r\nbare lf\r\n" + GENERATED + "\r\n..dot\r\nend\r\n");
                    Expect.clientSent(o, once + once);
                })
                .build(),

            // ---------------------------------------------------------------- BINARYMIME
            Scenario.named("content/binarymime-exact-bytes")
                .about("BODY=BINARYMIME: the body goes by BDAT byte for byte: bare LF and CR, NUL, 8-bit, a long line, no final CRLF")
                .server(Scripts.quit(Scripts.ehlo("CHUNKING", "BINARYMIME", "8BITMIME")
                    .expect("MAIL FROM:<sender@example.org> BODY=BINARYMIME").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectBdatUntilLast("250 ok")))
                .client(s -> {
                    Message m = s.addMessage();
                    m.setReversePath(Clients.FROM);
                    m.addRecipient(RCPT);
                    m.setBodyType(BodyType.BINARY_MIME);
                    m.setMessageSource(MessageSource.of(binaryContent()));
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    String body = latin1Bytes(binaryContent()).substring(FIXED_HEADERS.length() + 2);
                    Expect.clientSent(o, "EHLO client.example\r\nMAIL FROM:<sender@example.org> BODY=BINARYMIME\r\n"
                            + "RCPT TO:<a@example.org>\r\n" + bdat(FIXED_HEADER_CHUNK) + bdat(body) + "BDAT 0 LAST\r\nQUIT\r\n");
                })
                .build());
    }

    // ------------------------------------------------------------------ helpers

    private static Script dataMessage() {
        return Scripts.quit(dataSteps(Scripts.ehlo()));
    }

    private static ScriptBuilder dataSteps(ScriptBuilder b) {
        return b.expect("MAIL FROM:<sender@example.org>").reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued");
    }

    private static Script bdatMessage(String... keywords) {
        return Scripts.quit(Scripts.ehlo(keywords)
            .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expectBdatUntilLast("250 ok"));
    }

    /** The whole client side of {@link #dataMessage()} with this data (before the final dot). */
    private static String dataWire(String data) {
        return ENVELOPE + "DATA\r\n" + data + ".\r\nQUIT\r\n";
    }

    /** One BDAT chunk as the wire shows it: the size of the raw bytes, the normalised text. */
    private static String bdat(String rawChunk) {
        return "BDAT " + rawChunk.length() + "\r\n" + normalised(rawChunk);
    }

    private static String normalised(String text) {
        return text.replaceAll("(?m)^(Date: )[^\r\n]*(?=\r\n)", "$1<date>")
                .replaceAll("(?m)^(Message-Id: )[^\r\n]*(?=\r\n)", "$1<message-id>");
    }

    private static Consumer<Session> withContent(String content) {
        return s -> message(s, content, RCPT);
    }

    /**
     * A message with this content to {@link #RCPT} and, unless the content has its own, a
     * Message-Id set through the API: it prints where a generated one would (the wire normalises
     * both), but with a fixed length, whereas a generated id's length varies with its
     * microseconds and would make the engines' messageData events differ by chance.
     */
    private static Message message(Session s, String content, String recipient) {
        Message m = Clients.messageWithContent(s, content, recipient);
        if (!content.toLowerCase(Locale.ROOT).contains("message-id:")) {
            m.setMessageIdHeader("fixed-id@example.org");
        }
        return m;
    }

    /** Dot-stuffing as DATA applies it to body lines. */
    private static String stuffed(String body) {
        return ("\r\n" + body).replace("\r\n.", "\r\n..").substring(2);
    }

    /** A delivered message whose data through DATA is exactly {@code data}; names the COMPATIBILITY entries it shows. */
    private static Scenario sent(String id, String about, String content, String data, String... covers) {
        return Scenario.named(id)
            .about(about)
            .covers(covers)
            .server(dataMessage())
            .client(withContent(content))
            .expect(o -> {
                Expect.outcomes(o, DELIVERED);
                Expect.clientSent(o, dataWire(data));
            })
            .build();
    }

    /** Content the facade refuses at start with an InvalidContentException: no connection. */
    private static Scenario refusedContent(String id, String about, Consumer<Session> setup, String content, String fragment,
            String... covers) {
        return Scenario.named(id)
            .about(about)
            .covers(covers)
            .server(dataMessage())
            .client(s -> {
                setup.accept(s);
                message(s, content, RCPT);
            })
            .expect(o -> {
                Expect.refused(o, "InvalidContentException");
                Expect.refused(o, fragment);
                Expect.connections(o, 0);
                Expect.results(o);
            })
            .build();
    }

    /** Over 64 KiB of body: numbered lines, every tenth starting with a dot. */
    private static String longBody() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 100 * 1024; i++) {
            b.append(i % 10 == 0 ? "." : "").append("line ").append(i).append(' ').append("y".repeat(60)).append("\r\n");
        }
        return b.toString();
    }

    /** Fixed headers, then a body no text canonicalisation may touch. */
    private static byte[] binaryContent() {
        byte[] head = (FIXED_HEADERS + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("bare\nlf bare\rcr nul\u0000 high\u00ff\u0080 \r\n.\r\n" + "z".repeat(1500) + "\r\nno final crlf")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** UTF-8 text as the wire shows it: one char per byte. */
    private static String latin1(String text) {
        return latin1Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String latin1Bytes(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A source that hands out at most {@code step} bytes per read. */
    private static MessageSource trickle(String content, int step) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new MessageSource() {
            private int position;

            @Override
            public void rewind() {
                position = 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= bytes.length) {
                    return -1;
                }
                int n = Math.min(step, Math.min(length, bytes.length - position));
                System.arraycopy(bytes, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }
}
