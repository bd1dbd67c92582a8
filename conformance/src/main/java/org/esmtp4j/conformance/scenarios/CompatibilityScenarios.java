package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Smtp;
import org.esmtp4j.Status;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioRunner;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.Transcript;

/**
 * The COMPATIBILITY.md entries that no protocol-area scenario asserts: the facade's refusals of
 * input libESMTP would mangle (F2, F3, F4, F10), the outcome model (O1), the java engine's
 * robustness against hostile servers (P3, P4, P5, P6), IPv6 literals (P7, L2), the libesmtp
 * engine's limits (L3, L4), the generated Date (P15) and the API shape (A1, A2, A3). API-shape entries are asserted inside
 * the client set-up, with plain assertions whose failure fails the scenario.
 */
public final class CompatibilityScenarios implements ScenarioSource {

    private static final String MAIL = "MAIL FROM:<sender@example.org>";
    private static final String DATA_WIRE = "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    /** A local part of exactly 64 octets, the RFC 5321 §4.5.3.1.1 maximum. */
    private static final String LOCAL_64 = "l".repeat(64);
    /** A domain that makes a 256-octet path with {@link #LOCAL_64}: 64 + '@' + 189 + "<>" = 256. */
    private static final String DOMAIN_189 = "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(63) + ".org";

    /** The default locale when this class was loaded, restored after the P15 scenario changes it. */
    private static final Locale DEFAULT_LOCALE = Locale.getDefault();
    /** An RFC 5322 date with English names, as libESMTP prints it in the C locale. */
    private static final Pattern ENGLISH_DATE = Pattern.compile("(?m)^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\r\n");

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            Scenario.named("compat/f2-longest-path-sent-whole")
                .about("a path of exactly 256 octets (local part 64) is sent whole by both engines: nothing is cut at libESMTP's 1023-byte buffer")
                .covers("F2")
                .server(oneMessage("RCPT TO:<" + LOCAL_64 + "@" + DOMAIN_189 + ">"))
                .client(s -> Clients.message(s, LOCAL_64 + "@" + DOMAIN_189))
                .expect(o -> {
                    completed(o);
                    assertEquals(256, ("<" + LOCAL_64 + "@" + DOMAIN_189 + ">").length());
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("compat/f2-local-part-over-64-refused")
                .about("a 65-octet local part is refused at addRecipient on both engines, before anything is sent")
                .covers("F2")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> Clients.message(s, "a@example.org").addRecipient("l".repeat(65) + "@example.org"))
                .expect(o -> {
                    Expect.refused(o, "local part is 65 octets; the limit is 64");
                    Expect.connections(o, 0);
                })
                .build(),
            Scenario.named("compat/f2-domain-over-255-refused")
                .about("a reverse path whose domain is 256 octets is refused at setReversePath on both engines")
                .covers("F2")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> s.addMessage().setReversePath("a@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63)
                        + "." + "g".repeat(60) + ".org"))
                .expect(o -> {
                    Expect.refused(o, "domain is 256 octets; the limit is 255");
                    Expect.connections(o, 0);
                })
                .build(),
            Scenario.named("compat/f3-non-ascii-address-refused")
                .about("a non-ASCII recipient without requestSmtpUtf8(true) is refused at addRecipient on both engines")
                .covers("F3")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> Clients.message(s, "j\u00f6rg@example.org"))
                .expect(o -> {
                    Expect.refused(o, "SMTPUTF8");
                    Expect.connections(o, 0);
                })
                .build(),
            Scenario.named("compat/l3-smtputf8-offered")
                .about("requestSmtpUtf8(true) and a UTF-8 recipient: the java engine sends SMTPUTF8 on MAIL and the UTF-8 octets; the libesmtp engine refuses the request")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME", "SMTPUTF8")
                    .expect(MAIL + " SMTPUTF8").reply("250 ok")
                    .expect("RCPT TO:<j\u00c3\u00b6rg@b\u00c3\u00bccher.example>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = Clients.message(s);
                    m.requestSmtpUtf8(true);
                    m.addRecipient("j\u00f6rg@b\u00fccher.example");
                })
                .covers("F3")
                .divergence("L3", "libesmtp", o -> {
                    Expect.refused(o, "libESMTP 1.1.0 has no SMTPUTF8 support");
                    Expect.connections(o, 0);
                })
                .divergence("L3", "java", o -> {
                    completed(o);
                    Expect.notRefused(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + " SMTPUTF8\r\n"
                            + "RCPT TO:<j\u00c3\u00b6rg@b\u00c3\u00bccher.example>\r\nDATA\r\n" + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("compat/l3-smtputf8-not-offered")
                .about("a UTF-8 recipient to a server without SMTPUTF8: the java engine does not send the message (local 553 5.6.7); the libesmtp engine refuses the request")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")))
                .client(s -> {
                    Message m = Clients.message(s);
                    m.requestSmtpUtf8(true);
                    m.addRecipient("j\u00f6rg@example.org");
                })
                .divergence("L3", "libesmtp", o -> {
                    Expect.refused(o, "SMTPUTF8");
                    Expect.connections(o, 0);
                })
                .divergence("L3", "java", o -> {
                    completed(o);
                    Expect.clientSent(o, "EHLO client.example\r\nQUIT\r\n");
                    Expect.outcomes(o, PERMANENT);
                    Status st = o.messages().get(0).transferStatus();
                    assertEquals(553, st.code(), o::toString);
                    assertEquals("5.6.7", st.enhancedCode(), o::toString);
                    assertTrue(st.local(), o::toString);
                })
                .build(),
            Scenario.named("compat/f4-envid-over-100-refused")
                .about("an ENVID that encodes to 102 octets is refused at setDsnEnvelopeId on both engines (libESMTP overflows at 256)")
                .covers("F4")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> Clients.message(s, "a@example.org").setDsnEnvelopeId("+".repeat(34)))
                .expect(o -> {
                    Expect.refused(o, "xtext-encoded length is 102 characters; the limit is 100");
                    Expect.connections(o, 0);
                })
                .build(),
            Scenario.named("compat/f4-orcpt-over-500-refused")
                .about("an ORCPT whose type, ';' and xtext address make 501 characters is refused on both engines")
                .covers("F4")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> Clients.message(s, "a@example.org").recipients().get(0)
                        .setDsnOriginalRecipient("rfc822", "o".repeat(482) + "@example.org"))
                .expect(o -> {
                    Expect.refused(o, "is 501 characters; the limit is 500");
                    Expect.connections(o, 0);
                })
                .build(),
            Scenario.named("compat/l4-orcpt-over-255")
                .about("an ORCPT address of 300 octets: within RFC 3461, sent by the java engine; refused by the libesmtp engine (its 256-byte xtext buffer)")
                .server(Scripts.quit(Scripts.ehlo("DSN")
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org> ORCPT=rfc822;" + "o".repeat(288) + "@example.org").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org").recipients().get(0)
                        .setDsnOriginalRecipient("rfc822", "o".repeat(288) + "@example.org"))
                .divergence("L4", "libesmtp", o -> {
                    Expect.refused(o, "256-byte buffer");
                    Expect.connections(o, 0);
                })
                .divergence("L4", "java", o -> {
                    completed(o);
                    Expect.notRefused(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("compat/f10-envid-with-space-refused")
                .about("an ENVID with a space is refused on both engines (RFC 3461 §4.4); libESMTP would send it as +20")
                .covers("F10")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> Clients.message(s, "a@example.org").setDsnEnvelopeId("env id"))
                .expect(o -> {
                    Expect.refused(o, "printable US-ASCII without spaces");
                    Expect.connections(o, 0);
                })
                .build(),
            Scenario.named("compat/o1-outcomes-of-one-transaction")
                .about("RCPT 250, 550, 450 and a 250 end of data: DELIVERED, PERMANENT, TRANSIENT, with complete flags to match")
                .covers("O1")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("RCPT TO:<b@example.org>").reply("550 no")
                    .expect("RCPT TO:<c@example.org>").reply("450 later")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> Clients.message(s, "a@example.org", "b@example.org", "c@example.org"))
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED, PERMANENT, TRANSIENT);
                    assertEquals(List.of(true, true, false),
                            o.messages().get(0).recipients().stream().map(Observation.RecipientState::complete).toList());
                })
                .build(),
            Scenario.named("compat/p3-reply-line-over-1023")
                .about("a 1,504-byte MAIL reply line: libESMTP reads 1023 bytes and takes the rest as the next reply; the java engine reads it whole")
                .server(Scripts.ehlo()
                    .expect(MAIL).reply("250 " + "x".repeat(1500))
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expectMatching("DATA|QUIT").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .divergence("P3", "libesmtp", o -> {
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nQUIT\r\n");
                    Expect.outcomes(o, TRANSIENT);
                    assertFalse(o.results().get(0).endsWith("NONE"), o::toString);
                })
                .divergence("P3", "java", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    assertEquals(1500, o.messages().get(0).reversePathStatus().text().length(), o::toString);
                })
                .build(),
            Scenario.named("compat/p4-ehlo-reply-of-600-lines")
                .about("an EHLO reply of 600 lines: libESMTP reads it all and goes on; the java engine stops at Limits.maxReplyLines (512)")
                .server(hugeEhlo(600)
                    .expectMatching(MAIL + "|QUIT").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> Clients.message(s, "a@example.org"))
                .divergence("P4", "libesmtp", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                })
                .divergence("P4", "java", o -> {
                    Expect.clientNeverSent(o, "MAIL");
                    Expect.outcomes(o, TRANSIENT);
                    assertFalse(o.results().get(0).endsWith("NONE"), o::toString);
                })
                .build(),
            Scenario.named("compat/p5-dripping-reply")
                .about("the MAIL reply dripped one byte every 300 ms against a 1 s envelope timeout: libESMTP waits it out (each read is short), the java engine times out the whole reply")
                .server(Scripts.ehlo()
                    .expect(MAIL).drip("250 ok", Duration.ofMillis(300))
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")
                    .expect("QUIT").reply("221 bye").build())
                .client(s -> {
                    s.setTimeout(Timeout.ENVELOPE, Duration.ofSeconds(1), true);
                    Clients.message(s, "a@example.org");
                })
                .divergence("P5", "libesmtp", o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                })
                .divergence("P5", "java", o -> {
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\n");
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("compat/p6-connect-timeout")
                .about("a server whose accept queue stays full for 1.5 s: the java engine gives up after its 1 s connect timeout; libESMTP's connect waits and then delivers")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    s.setConnectTimeout(Duration.ofSeconds(1));
                    int port = Integer.parseInt(s.server().service());
                    s.setServer("127.0.0.1:" + LoopbackRelay.behindFullAcceptQueue(port, Duration.ofMillis(1500)));
                })
                .divergence("P6", "libesmtp", o -> {
                    completed(o);
                    Expect.connections(o, 1);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                })
                .divergence("P6", "java", o -> {
                    Expect.connections(o, 0);
                    Expect.results(o, "false SYSTEM");
                    Expect.events(o);
                })
                .build(),
            Scenario.named("compat/p7-l2-ipv6-literal")
                .about("setServer(\"[::1]:port\"): the libesmtp engine refuses it at setServer; the java engine connects over IPv6 loopback and delivers")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Clients.message(s, "a@example.org");
                    int port = Integer.parseInt(s.server().service());
                    ServerSocket v6 = listen("::1", 1);
                    try {
                        s.setServer("[::1]:" + v6.getLocalPort());
                    } catch (RuntimeException e) {
                        closeQuietly(v6);
                        throw e;
                    }
                    LoopbackRelay.firstConnection(v6, port);
                })
                .covers("L2")
                .divergence("P7", "libesmtp", o -> {
                    Expect.refused(o, "IPv6 literal");
                    Expect.connections(o, 0);
                })
                .divergence("P7", "java", o -> {
                    completed(o);
                    Expect.notRefused(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\n" + MAIL + "\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + DATA_WIRE + "QUIT\r\n");
                })
                .build(),
            Scenario.named("compat/p15-generated-date-in-english")
                .about("with the JVM's default locale German, the generated Date header still has English day and month names (libESMTP follows the C locale, C here)")
                .covers("P15")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect(MAIL).reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Locale.setDefault(Locale.GERMANY);
                    Clients.messageWithContent(s, "Subject: no date\r\n\r\nHello.\r\n", "a@example.org");
                })
                .starts(2, s -> Locale.setDefault(DEFAULT_LOCALE))
                .expect(o -> {
                    Locale.setDefault(DEFAULT_LOCALE);
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE", "false NOTHING_TO_DO");
                    String content = o.transcripts().get(0).messages().get(0).contentText();
                    assertTrue(ENGLISH_DATE.matcher(content).find(), content);
                })
                .build(),
            Scenario.named("compat/a1-timeouts-as-duration")
                .about("setTimeout takes and returns a Duration: below the RFC minimum it is raised to it, with the override the floor is one second")
                .covers("A1")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> {
                    assertEquals(Duration.ofMinutes(5), s.setTimeout(Timeout.GREETING, Duration.ofMillis(1)));
                    assertEquals(Duration.ofMinutes(5), s.setTimeout(Timeout.ENVELOPE, Duration.ofSeconds(30)));
                    assertEquals(Duration.ofMinutes(2), s.setTimeout(Timeout.DATA, Duration.ofMillis(1)));
                    assertEquals(Duration.ofMinutes(3), s.setTimeout(Timeout.TRANSFER, Duration.ofMillis(1)));
                    assertEquals(Duration.ofMinutes(10), s.setTimeout(Timeout.DATA2, Duration.ofMillis(1)));
                    assertEquals(Duration.ofSeconds(1), s.setTimeout(Timeout.DATA2, Duration.ofMillis(1), true));
                    assertEquals(Duration.ofMinutes(11), s.setTimeout(Timeout.DATA2, Duration.ofMinutes(11)));
                    assertEquals(Duration.ofMillis(1500), s.setTimeout(Timeout.DATA2, Duration.ofMillis(1500), true));
                    assertEquals(Duration.ofMillis(1500), s.timeout(Timeout.DATA2));
                    for (Timeout t : Timeout.values()) {
                        assertEquals(ScenarioRunner.SCENARIO_TIMEOUT, s.setTimeout(t, ScenarioRunner.SCENARIO_TIMEOUT, true));
                    }
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.notRefused(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("compat/a2-version-strings")
                .about("Smtp.VERSION and the engine's version() are whole version strings (libESMTP's smtp_version could truncate one)")
                .covers("A2")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> {
                    assertTrue(Smtp.VERSION.matches("\\d+\\.\\d+\\.\\d+"), Smtp.VERSION);
                    String v = s.engine().version();
                    assertTrue(v.matches("\\d+\\.\\d+\\.\\d+"), v);
                    if (s.engine().name().equals("libesmtp")) {
                        assertEquals("1.1.0", v);
                    } else if (s.engine().name().equals("java")) {
                        assertEquals(Smtp.VERSION, v);
                    }
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("compat/a3-close-closes-message-sources")
                .about("after a delivery, Session.close() closes each message's content source; a start after close is refused")
                .covers("A3")
                .server(oneMessage("RCPT TO:<a@example.org>"))
                .client(s -> {
                    Message m = Clients.message(s, "a@example.org");
                    m.setMessageSource(new ClosingSource(Clients.CONTENT));
                })
                .starts(2, s -> {
                    ClosingSource source = (ClosingSource) s.messages().get(0).messageSource();
                    assertFalse(source.closed.get(), "the source is still open after start");
                    s.close();
                    assertTrue(source.closed.get(), "Session.close() closes the message source");
                })
                .expect(o -> {
                    completed(o);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    Expect.refused(o, "closed");
                    Expect.connections(o, 1);
                })
                .build());
    }

    /** One message to a@example.org with this RCPT line, no extensions, delivered. */
    private static Script oneMessage(String rcpt) {
        return Scripts.quit(Scripts.ehlo()
            .expect(MAIL).reply("250 ok")
            .expect(rcpt).reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued"));
    }

    /** A greeting and an EHLO reply of {@code lines} lines, the last one PIPELINING-free. */
    private static ScriptBuilder hugeEhlo(int lines) {
        List<String> reply = new ArrayList<>();
        reply.add("250-test.example");
        for (int i = 1; i < lines - 1; i++) {
            reply.add("250-X-KEYWORD-" + i);
        }
        reply.add("250 8BITMIME");
        return Script.builder().greet("220 test.example ESMTP")
                .expect("EHLO " + Scripts.EHLO_NAME).reply(reply.toArray(new String[0]));
    }

    private static ServerSocket listen(String host, int backlog) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0), backlog);
            return socket;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do: the scenario is over with it
        }
    }

    /** Every connection's script ran as written. */
    private static void completed(Observation o) {
        for (Transcript t : o.transcripts()) {
            t.assertScriptCompleted();
        }
    }

    /** A message source that records whether it was closed (A3). */
    private static final class ClosingSource implements MessageSource {
        private final MessageSource content;
        final AtomicBoolean closed = new AtomicBoolean();

        ClosingSource(String text) {
            content = MessageSource.of(text.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void rewind() throws IOException {
            content.rewind();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return content.read(buffer, offset, length);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
