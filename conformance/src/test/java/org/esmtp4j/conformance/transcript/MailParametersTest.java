package org.esmtp4j.conformance.transcript;

import static org.esmtp4j.conformance.transcript.TranscriptSupport.CONTENT;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.addMessage;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.completedTranscript;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.plainTransaction;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.serve;
import static org.esmtp4j.conformance.transcript.TranscriptSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.Extension;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.BdatChunk;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.esmtp4j.conformance.server.WireText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MAIL parameters (spec §1.7, §5.2 "MAIL"): {@code SIZE=}, {@code RET=}, {@code ENVID=},
 * {@code BODY=}, {@code BY=} in that order, each only when the server offers the extension, and
 * {@code SMTPUTF8} (java engine only).
 */
class MailParametersTest {

    static Stream<String> engines() {
        return TranscriptSupport.engines();
    }

    // ---- SIZE ----

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void sizeIsSentWhenOfferedAndEstimated(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 SIZE 10000000",
                "MAIL FROM:<sender@example.org> SIZE=12345", "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setSizeEstimate(12345);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
            assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void sizeIsNotSentWithoutAnEstimate(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 SIZE 10000000",
                "MAIL FROM:<sender@example.org>", "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session).addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void sizeIsNotSentWhenNotOffered(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 8BITMIME",
                "MAIL FROM:<sender@example.org>", "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setSizeEstimate(12345);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    // ---- BODY ----

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void body7BitWith8BitMimeOffered(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 8BITMIME",
                "MAIL FROM:<sender@example.org> BODY=7BIT", "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setBodyType(BodyType.SEVEN_BIT);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void body8BitMimeWith8BitMimeOffered(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 8BITMIME",
                "MAIL FROM:<sender@example.org> BODY=8BITMIME", "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session, CONTENT.replace("Hello.", "Gr\u00fc\u00dfe."));
            m.setBodyType(BodyType.EIGHT_BIT_MIME);
            m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(CONTENT.replace("Hello.", "Gr\u00c3\u00bc\u00c3\u009fe."), t.messages().get(0).contentText(),
                    "the UTF-8 bytes go out unchanged");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void bodyBinaryMimeWithBinaryMimeAndChunkingOffered(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250-CHUNKING", "250 BINARYMIME")
                .expect("MAIL FROM:<sender@example.org> BODY=BINARYMIME").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 ok")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setBodyType(BodyType.BINARY_MIME);
            m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(List.of("BDAT 131", "BDAT 8", "BDAT 0 LAST"),
                    t.bdatChunks().stream().map(BdatChunk::commandLine).toList());
            assertEquals(CONTENT, t.messages().get(0).contentText());
        }
    }

    // ---- DELIVERBY ----

    /** COMPATIBILITY P11: libESMTP 1.1.0 sends the mode letter off by one (§8.3 #6). */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void deliverByNotifyLetter(String engine) {
        String mail = engine.equals("libesmtp")
                ? "MAIL FROM:<sender@example.org> BY=3600R" // By_NOTIFY prints 'R' (P11)
                : "MAIL FROM:<sender@example.org> BY=3600N";
        Script script = plainTransaction("250-mx.example\r\n250 DELIVERBY", mail, "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setDeliverBy(3600, ByMode.NOTIFY, false);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void deliverByNotifyWithTraceAndNegativeTime(String engine) {
        String mail = engine.equals("libesmtp")
                ? "MAIL FROM:<sender@example.org> BY=-60RT" // By_NOTIFY prints 'R' (P11)
                : "MAIL FROM:<sender@example.org> BY=-60NT";
        Script script = plainTransaction("250-mx.example\r\n250 DELIVERBY", mail, "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setDeliverBy(-60, ByMode.NOTIFY, true);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    /**
     * COMPATIBILITY P11: for By_RETURN libESMTP 1.1.0 indexes past its two-letter table (§8.3 #6)
     * and sends the byte that follows it in the library's read-only data: {@code %} with the
     * Debian 1.1.0 build, as the spec observed.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void deliverByReturnWithTrace(String engine) {
        String mail = engine.equals("libesmtp")
                ? "MAIL FROM:<sender@example.org> BY=86400%T" // out-of-bounds mode byte (P11)
                : "MAIL FROM:<sender@example.org> BY=86400RT";
        Script script = plainTransaction("250-mx.example\r\n250 DELIVERBY", mail, "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setDeliverBy(86400, ByMode.RETURN, true);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void deliverByIsSilentlyOmittedWhenNotOffered(String engine) {
        Script script = plainTransaction("250-mx.example\r\n250 8BITMIME",
                "MAIL FROM:<sender@example.org>", "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setDeliverBy(3600, ByMode.NOTIFY, false);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    /**
     * DELIVERBY with a server minimum (RFC 2852 §4): a by-time under it raises
     * {@code SMTP_EV_DELIVERBY_EXPIRED} with the shortfall; a positive adjustment replaces the
     * time with the minimum plus the adjustment, zero leaves it as set.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void deliverByUnderTheServerMinimumAsksTheListener(String engine) {
        String letter = engine.equals("libesmtp") ? "R" : "N"; // P11
        Script first = plainTransaction("250-mx.example\r\n250 DELIVERBY 3600",
                "MAIL FROM:<sender@example.org> BY=60" + letter, "RCPT TO:<a@example.org>");
        Script second = plainTransaction("250-mx.example\r\n250 DELIVERBY 3600",
                "MAIL FROM:<sender@example.org> BY=3720" + letter, "RCPT TO:<b@example.org>");
        try (ScriptedSmtpServer server = serve(first, second); Session session = session(engine, server)) {
            List<Long> shortfalls = new ArrayList<>();
            long[] adjust = {0};
            session.setEventListener(new SmtpEvents() {
                @Override
                public long deliverByExpired(Message message, long shortfall) {
                    shortfalls.add(shortfall);
                    return adjust[0];
                }
            });
            Message m = addMessage(session);
            m.setDeliverBy(60, ByMode.NOTIFY, false);
            m.addRecipient("a@example.org");

            session.start();
            server.awaitTranscript(0, TranscriptSupport.WAIT).assertScriptCompleted();
            assertEquals(List.of(3540L), shortfalls);

            adjust[0] = 120;
            m.addRecipient("b@example.org"); // a is delivered: the second start sends only b
            session.start();

            server.assertScriptsCompleted(TranscriptSupport.WAIT);
            assertEquals(List.of(3540L, 3540L), shortfalls);
        }
    }

    // ---- limits the java engine enforces (COMPATIBILITY O8, O9) ----

    /**
     * COMPATIBILITY O8 (java engine): libESMTP never compares the message with the server's SIZE
     * and sends it; the java engine refuses it locally (552 5.3.4) without MAIL.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aMessageLargerThanTheServerSize(String engine) {
        Script script = engine.equals("libesmtp")
                ? plainTransaction("250-mx.example\r\n250 SIZE 100",
                        "MAIL FROM:<sender@example.org> SIZE=50", "RCPT TO:<a@example.org>")
                : Script.builder()
                        .greet("220 mx.example ESMTP")
                        .expect("EHLO client.example").reply("250-mx.example", "250 SIZE 100")
                        .expect("QUIT").reply("221 bye").close()
                        .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session); // 139 octets
            m.setSizeEstimate(50);
            Recipient r = m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
            if (engine.equals("libesmtp")) {
                assertEquals(Outcome.DELIVERED, r.outcome());
            } else {
                assertEquals(552, m.transferStatus().code());
                assertEquals("5.3.4", m.transferStatus().enhancedCode());
                assertTrue(m.transferStatus().local());
                assertEquals(Outcome.PERMANENT, r.outcome());
            }
        }
    }

    /**
     * COMPATIBILITY O9 (java engine): libESMTP sends 8-bit content without {@code BODY=} unless
     * the application declares it; the java engine declares {@code BODY=8BITMIME} when offered.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void undeclared8BitContentWith8BitMimeOffered(String engine) {
        String mail = engine.equals("libesmtp")
                ? "MAIL FROM:<sender@example.org>"
                : "MAIL FROM:<sender@example.org> BODY=8BITMIME";
        Script script = plainTransaction("250-mx.example\r\n250 8BITMIME", mail, "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            addMessage(session, CONTENT.replace("Hello.", "H\u00e9llo.")).addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            assertEquals(CONTENT.replace("Hello.", "H\u00c3\u00a9llo."), t.messages().get(0).contentText());
        }
    }

    /**
     * COMPATIBILITY O9 (java engine): to a server without 8BITMIME libESMTP sends 8-bit content
     * raw; the java engine refuses the message locally (554 5.6.3) without MAIL.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void undeclared8BitContentWithout8BitMime(String engine) {
        Script script = engine.equals("libesmtp")
                ? plainTransaction("250 mx.example", "MAIL FROM:<sender@example.org>", "RCPT TO:<a@example.org>")
                : Script.builder()
                        .greet("220 mx.example ESMTP")
                        .expect("EHLO client.example").reply("250 mx.example")
                        .expect("QUIT").reply("221 bye").close()
                        .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session, CONTENT.replace("Hello.", "H\u00e9llo."));
            Recipient r = m.addRecipient("a@example.org");

            session.start();

            Transcript t = completedTranscript(server);
            if (engine.equals("libesmtp")) {
                assertEquals(CONTENT.replace("Hello.", "H\u00c3\u00a9llo."), t.messages().get(0).contentText());
                assertEquals(Outcome.DELIVERED, r.outcome());
            } else {
                assertEquals(554, m.transferStatus().code());
                assertEquals("5.6.3", m.transferStatus().enhancedCode());
                assertEquals(Outcome.PERMANENT, r.outcome());
            }
        }
    }

    /** BODY=7BIT makes 8BITMIME required (spec §1.7); its absence is always fatal. */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void body7BitWithout8BitMimeQuits(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 PIPELINING")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            List<Extension> missing = new ArrayList<>();
            session.setEventListener(new SmtpEvents() {
                @Override
                public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
                    missing.add(extension);
                    return false; // ignored: 8BITMIME is always fatal
                }
            });
            Message m = addMessage(session);
            m.setBodyType(BodyType.SEVEN_BIT);
            Recipient r = m.addRecipient("a@example.org");

            StartResult result = session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\nQUIT\r\n");
            assertEquals(List.of(Extension.EIGHT_BIT_MIME), missing);
            assertEquals(SmtpError.EXTENSION_NOT_AVAILABLE, result.error(), result.toString());
            assertEquals(Outcome.TRANSIENT, r.outcome());
        }
    }

    // ---- everything at once: the order ----

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void allMailParametersInLibesmtpOrder(String engine) {
        String by = engine.equals("libesmtp") ? "BY=600R" : "BY=600N"; // P11
        Script script = plainTransaction("250-mx.example\r\n250-SIZE\r\n250-DSN\r\n250-8BITMIME\r\n250 DELIVERBY",
                "MAIL FROM:<sender@example.org> SIZE=2048 RET=HDRS ENVID=env+3Did+2B1 BODY=8BITMIME " + by,
                "RCPT TO:<a@example.org>");
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            m.setDeliverBy(600, ByMode.NOTIFY, false);
            m.setBodyType(BodyType.EIGHT_BIT_MIME);
            m.setDsnEnvelopeId("env=id+1");
            m.setDsnReturn(DsnReturn.HEADERS);
            m.setSizeEstimate(2048);
            m.addRecipient("a@example.org");

            session.start();

            completedTranscript(server);
        }
    }

    // ---- SMTPUTF8 ----

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void smtpUtf8IsSentOnMailWithUtf8Addresses(String engine) {
        try (ScriptedSmtpServer server = serve(plainTransaction("250-mx.example\r\n250-8BITMIME\r\n250 SMTPUTF8",
                "MAIL FROM:<sender@example.org> SMTPUTF8", wire("RCPT TO:<j\u00f6rg@b\u00fccher.example>")));
                Session session = session(engine, server)) {
            Message m = addMessage(session);
            if (engine.equals("libesmtp")) {
                // COMPATIBILITY L3: libESMTP 1.1.0 has no SMTPUTF8, so the request is refused.
                assertThrows(InvalidArgumentException.class, () -> m.requestSmtpUtf8(true));
                assertEquals(0, server.transcripts().size());
                return;
            }
            m.requestSmtpUtf8(true);
            m.addRecipient("j\u00f6rg@b\u00fccher.example");

            session.start();

            completedTranscript(server);
            assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome());
        }
    }

    /**
     * A UTF-8 address to a server without SMTPUTF8 (RFC 6531 §3.4): the java engine does not send
     * the message (local 5.6.7, permanent); the libesmtp engine refuses the request (L3).
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void utf8AddressesAreNotSentWithoutSmtpUtf8Offered(String engine) {
        Script script = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO client.example").reply("250-mx.example", "250 8BITMIME")
                .expect("QUIT").reply("221 bye").close()
                .build();
        try (ScriptedSmtpServer server = serve(script); Session session = session(engine, server)) {
            Message m = addMessage(session);
            if (engine.equals("libesmtp")) {
                assertThrows(InvalidArgumentException.class, () -> m.requestSmtpUtf8(true));
                assertThrows(InvalidArgumentException.class, () -> m.addRecipient("j\u00f6rg@b\u00fccher.example"),
                        "without SMTPUTF8 a non-ASCII address is refused");
                assertEquals(0, server.transcripts().size());
                return;
            }
            m.requestSmtpUtf8(true);
            Recipient r = m.addRecipient("j\u00f6rg@b\u00fccher.example");

            session.start();

            completedTranscript(server).assertClientSent("EHLO client.example\r\nQUIT\r\n");
            assertEquals("5.6.7", m.transferStatus().enhancedCode(), m.transferStatus().toString());
            assertTrue(m.transferStatus().local());
            assertEquals(Outcome.PERMANENT, r.outcome());
        }
    }

    /** A line as the server sees it: the UTF-8 bytes, one char per byte. */
    private static String wire(String line) {
        return WireText.text(line.getBytes(StandardCharsets.UTF_8));
    }
}
