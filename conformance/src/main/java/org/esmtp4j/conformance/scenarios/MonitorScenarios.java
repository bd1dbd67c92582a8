package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.esmtp4j.HeaderOption;
import org.esmtp4j.Message;
import org.esmtp4j.Monitor.Direction;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.ReceivedMessage;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.Transcript;

/**
 * The protocol monitor (spec §4.5, {@code Session.setMonitor}): every client write at a flush and
 * every server read, never the message payload; with headers on, each processed header once.
 *
 * <p>The observation does not hold the monitor's calls, so each scenario's client installs a
 * recorder and files it here under the scenario id and the engine's name, where the expectation,
 * which knows both, finds it.
 */
public final class MonitorScenarios implements ScenarioSource {

    private static final String RCPT = "a@example.org";
    private static final String SUBJECT = "Subject: secret subject\r\n";
    private static final String BODY_LINE = "secret body line\r\n";
    private static final String CONTENT = SUBJECT + "X-Folded: a\r\n b\r\n\r\n" + BODY_LINE + ".dotted\r\n";
    private static final String ENVELOPE = "EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<a@example.org>\r\n";
    private static final String GREETING_AND_EHLO = "220 test.example ESMTP\r\n250-test.example\r\n";

    private static final String PIPELINING_CHUNKING_READ = GREETING_AND_EHLO + "250-PIPELINING\r\n250 CHUNKING\r\n250 ok\r\n";

    /** The recorded calls by scenario id and engine name. */
    private static final Map<String, Traces> RECORDED = new ConcurrentHashMap<>();

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            monitored("monitor/read-write-without-headers",
                "with headers off the monitor gets every command and reply, and nothing of the message")
                .headers(false)
                .server(dataScript("PIPELINING"))
                .client(s -> message(s, CONTENT))
                .check((o, t) -> {
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(withoutPayload(o), t.joined(Direction.WRITE), "every command, nothing of the message");
                    assertEquals(serverText(o), t.joined(Direction.READ), "every reply byte");
                    assertEquals(List.of(), t.texts(Direction.HEADERS), "no headers unless asked for");
                    assertFalse(t.all().contains("secret"), () -> "message content traced: " + t.all());
                }),
            monitored("monitor/one-write-per-flush",
                "each WRITE call is one flush: with PIPELINING, RCPT and DATA go in one call")
                .headers(false)
                .server(dataScript("PIPELINING"))
                .client(s -> message(s, CONTENT))
                .check((o, t) -> assertEquals(List.of("EHLO client.example\r\n", "MAIL FROM:<sender@example.org>\r\n",
                        "RCPT TO:<a@example.org>\r\nDATA\r\n", "QUIT\r\n"), t.texts(Direction.WRITE))),
            monitored("monitor/headers-each-once-in-order",
                "with headers on each header as sent, generated ones included, is reported once in order; the body never")
                .headers(true)
                .server(dataScript("PIPELINING"))
                .client(s -> message(s, CONTENT))
                .check((o, t) -> {
                    assertEquals(List.of(SUBJECT, "X-Folded: a\r\n b\r\n", "Date: <date>\r\n", "From: sender@example.org\r\n",
                            "Message-Id: <message-id>\r\n"), normalised(t.texts(Direction.HEADERS)));
                    assertEquals(headerFields(o), normalised(t.texts(Direction.HEADERS)));
                    assertEquals(withoutPayload(o), t.joined(Direction.WRITE));
                    assertFalse(t.joined(Direction.HEADERS).contains(BODY_LINE));
                    assertFalse((t.joined(Direction.WRITE) + t.joined(Direction.READ)).contains("secret"));
                }),
            monitored("monitor/headers-between-354-and-end-reply",
                "header reports come after the 354 reply is read and before the end-of-data reply")
                .headers(true)
                .server(dataScript())
                .client(s -> message(s, CONTENT))
                .check((o, t) -> {
                    List<String> order = t.order();
                    int go = order.indexOf("READ 354 go\r\n");
                    int queued = order.indexOf("READ 250 queued\r\n");
                    int firstHeader = order.indexOf("HEADERS " + SUBJECT);
                    int lastHeader = order.lastIndexOf("HEADERS Message-Id: <fixed-id@example.org>\r\n");
                    assertTrue(go >= 0 && go < firstHeader && firstHeader < lastHeader && lastHeader < queued, order::toString);
                    assertEquals(List.of("WRITE DATA\r\n", "READ 354 go\r\n"), order.subList(go - 1, go + 1), order::toString);
                }),
            monitored("monitor/headers-stripped-and-replaced",
                "with headers on, a stripped header is not reported, a replaced one is reported as sent, API headers too")
                .headers(true)
                .server(dataScript())
                .client(s -> {
                    Message m = message(s, "Return-Path: <x@example.org>\r\nSubject: old\r\nX-Keep: 1\r\nX-Keep: 2\r\n\r\nbody\r\n");
                    m.setHeader("Subject", "new");
                    m.setHeaderOption("Subject", HeaderOption.OVERRIDE, true);
                    m.addMailboxHeader("Cc", "Copy", "c@example.org");
                })
                .check((o, t) -> {
                    assertEquals(List.of("Subject: new\r\n", "X-Keep: 1\r\n", "X-Keep: 2\r\n", "Date: <date>\r\n",
                            "From: sender@example.org\r\n", "Message-Id: <message-id>\r\n", "Cc: \"Copy\" <c@example.org>\r\n"),
                            normalised(t.texts(Direction.HEADERS)));
                    assertEquals(headerFields(o), normalised(t.texts(Direction.HEADERS)));
                }),
            monitored("monitor/multiline-and-failure-replies-read",
                "multi-line replies and a refused recipient are traced as read; the session continues to QUIT")
                .headers(false)
                .server(Scripts.quit(Script.builder().greet("220-test.example ESMTP", "220 welcome")
                    .expect("EHLO client.example").reply("250-test.example", "250-SIZE 1000000", "250 HELP")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("550-5.1.1 no such user", "550 5.1.1 really")
                    // libESMTP sends DATA even when no recipient was accepted (spec §5.2).
                    .expect("DATA").reply("554 no valid recipients")))
                .client(s -> message(s, CONTENT))
                .check((o, t) -> {
                    Expect.outcomes(o, PERMANENT);
                    assertEquals("220-test.example ESMTP\r\n220 welcome\r\n250-test.example\r\n250-SIZE 1000000\r\n250 HELP\r\n"
                            + "250 ok\r\n550-5.1.1 no such user\r\n550 5.1.1 really\r\n554 no valid recipients\r\n221 bye\r\n",
                            t.joined(Direction.READ));
                    assertEquals(ENVELOPE + "DATA\r\nQUIT\r\n", o.clientText());
                    assertEquals(o.clientText(), t.joined(Direction.WRITE));
                }),
            monitored("monitor/helo-fallback-traced",
                "EHLO refused and the HELO fallback are both traced")
                .headers(false)
                .server(Scripts.quit(Scripts.helo(502)
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> message(s, CONTENT))
                .check((o, t) -> {
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(withoutPayload(o), t.joined(Direction.WRITE));
                    assertEquals("220 test.example SMTP\r\n502 no EHLO\r\n250 test.example\r\n250 ok\r\n250 ok\r\n354 go\r\n"
                            + "250 queued\r\n221 bye\r\n", t.joined(Direction.READ));
                }),
            monitored("monitor/data-reattached-for-next-message",
                "after DATA the monitor is re-attached: the second message's envelope and QUIT are traced, neither payload")
                .headers(false)
                .server(Scripts.quit(dataSteps(dataSteps(Scripts.ehlo()))))
                .client(s -> {
                    message(s, CONTENT);
                    message(s, "Subject: second secret\r\n\r\nsecret two\r\n");
                })
                .check((o, t) -> {
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    assertEquals(ENVELOPE + "DATA\r\n" + "MAIL FROM:<sender@example.org>\r\nRCPT TO:<a@example.org>\r\nDATA\r\nQUIT\r\n",
                            t.joined(Direction.WRITE));
                    assertEquals(withoutPayload(o), t.joined(Direction.WRITE));
                    assertEquals(serverText(o), t.joined(Direction.READ));
                }),
            monitored("monitor/headers-for-each-message",
                "with headers on, each message's headers are reported during its own transfer")
                .headers(true)
                .server(Scripts.quit(dataSteps(dataSteps(Scripts.ehlo()))))
                .client(s -> {
                    message(s, "Subject: one\r\n\r\nbody one\r\n");
                    message(s, "Subject: two\r\n\r\nbody two\r\n");
                })
                .check((o, t) -> assertEquals(List.of("Subject: one\r\n", "Date: <date>\r\n", "From: sender@example.org\r\n",
                        "Message-Id: <message-id>\r\n", "Subject: two\r\n", "Date: <date>\r\n", "From: sender@example.org\r\n",
                        "Message-Id: <message-id>\r\n"), normalised(t.texts(Direction.HEADERS)))),
            monitored("monitor/traces-every-start",
                "the monitor stays installed across starts: both connections are traced, without payloads")
                .headers(false)
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("451 4.3.0 try again")))
                .server(dataScript())
                .starts(2)
                .client(s -> message(s, CONTENT))
                .check((o, t) -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.connections(o, 2);
                    assertEquals(ENVELOPE + "DATA\r\nQUIT\r\n" + ENVELOPE + "DATA\r\nQUIT\r\n", t.joined(Direction.WRITE));
                    assertEquals(withoutPayload(o), t.joined(Direction.WRITE));
                    assertEquals(serverText(o), t.joined(Direction.READ));
                }),
            Scenario.named("monitor/bdat-pipelined")
                .about("with PIPELINING and CHUNKING the monitor is detached for the RCPT and BDAT batch and its replies;"
                        + " the java engine re-attaches it for QUIT")
                .server(Scripts.quit(Scripts.ehlo("PIPELINING", "CHUNKING")
                    .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                    // RCPT and every chunk arrive in one batch before any reply (spec §5.3).
                    .expect("RCPT TO:<a@example.org>").expectBdat().expectBdat().expectBdat()
                    .reply("250 ok", "250 chunk ok", "250 chunk ok", "250 chunk ok")))
                .client(recording("monitor/bdat-pipelined", false, s -> message(s, CONTENT)))
                .divergence("P12", "libesmtp", o -> {
                    Traces t = recorded("monitor/bdat-pipelined", o);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals("EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\n", t.joined(Direction.WRITE));
                    assertEquals(PIPELINING_CHUNKING_READ, t.joined(Direction.READ));
                })
                .divergence("P12", "java", o -> {
                    Traces t = recorded("monitor/bdat-pipelined", o);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals("EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\nQUIT\r\n", t.joined(Direction.WRITE));
                    assertEquals(PIPELINING_CHUNKING_READ + "221 bye\r\n", t.joined(Direction.READ));
                })
                .build(),
            Scenario.named("monitor/bdat-not-reattached")
                .about("after BDAT libESMTP never re-attaches the monitor; the java engine re-attaches it after the last BDAT reply")
                .server(bdatScript(1))
                .client(recording("monitor/bdat-not-reattached", true, s -> message(s, CONTENT)))
                .divergence("P12", "libesmtp", o -> {
                    Traces t = recorded("monitor/bdat-not-reattached", o);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(ENVELOPE, t.joined(Direction.WRITE));
                    assertEquals(GREETING_AND_EHLO + "250 CHUNKING\r\n250 ok\r\n250 ok\r\n", t.joined(Direction.READ));
                    assertEquals(bdatHeaderFields(o, 0), normalised(t.texts(Direction.HEADERS)));
                })
                .divergence("P12", "java", o -> {
                    Traces t = recorded("monitor/bdat-not-reattached", o);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(ENVELOPE + "QUIT\r\n", t.joined(Direction.WRITE));
                    assertEquals(GREETING_AND_EHLO + "250 CHUNKING\r\n250 ok\r\n250 ok\r\n221 bye\r\n", t.joined(Direction.READ));
                    assertEquals(bdatHeaderFields(o, 0), normalised(t.texts(Direction.HEADERS)));
                })
                .build(),
            Scenario.named("monitor/bdat-second-message")
                .about("with CHUNKING and two messages, libESMTP traces nothing after the first BDAT; the java engine traces the second envelope")
                .server(bdatScript(2))
                .client(recording("monitor/bdat-second-message", true, s -> {
                    message(s, CONTENT);
                    message(s, "Subject: two\r\n\r\nsecret two\r\n");
                }))
                .divergence("P12", "libesmtp", o -> {
                    Traces t = recorded("monitor/bdat-second-message", o);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    assertEquals(ENVELOPE, t.joined(Direction.WRITE));
                    assertEquals(GREETING_AND_EHLO + "250 CHUNKING\r\n250 ok\r\n250 ok\r\n", t.joined(Direction.READ));
                    // Header reports do not go through the detached socket trace: both messages' are reported.
                    List<String> both = new ArrayList<>(bdatHeaderFields(o, 0));
                    both.addAll(bdatHeaderFields(o, 1));
                    assertEquals(both, normalised(t.texts(Direction.HEADERS)));
                })
                .divergence("P12", "java", o -> {
                    Traces t = recorded("monitor/bdat-second-message", o);
                    Expect.outcomes(o, 0, DELIVERED);
                    Expect.outcomes(o, 1, DELIVERED);
                    assertEquals(ENVELOPE + "MAIL FROM:<sender@example.org>\r\nRCPT TO:<a@example.org>\r\nQUIT\r\n",
                            t.joined(Direction.WRITE));
                    List<String> both = new ArrayList<>(bdatHeaderFields(o, 0));
                    both.addAll(bdatHeaderFields(o, 1));
                    assertEquals(both, normalised(t.texts(Direction.HEADERS)));
                    assertFalse(t.all().contains("BDAT"), t.all());
                })
                .build());
    }

    // ------------------------------------------------------------------ scenario plumbing

    /** Starts a scenario whose client records the monitor's calls for its expectation. */
    private static MonitorScenario monitored(String id, String about) {
        return new MonitorScenario(id, about);
    }

    /** A small builder: the recorder is installed before the scenario's own client setup. */
    private static final class MonitorScenario {
        private final String id;
        private final String about;
        private boolean headers;
        private final List<Script> scripts = new ArrayList<>();
        private int starts = 1;
        private Consumer<Session> setup = s -> { };

        MonitorScenario(String id, String about) {
            this.id = id;
            this.about = about;
        }

        MonitorScenario headers(boolean on) {
            headers = on;
            return this;
        }

        MonitorScenario server(Script s) {
            scripts.add(s);
            return this;
        }

        MonitorScenario starts(int count) {
            starts = count;
            return this;
        }

        MonitorScenario client(Consumer<Session> c) {
            setup = c;
            return this;
        }

        Scenario check(BiConsumer<Observation, Traces> check) {
            Scenario.Builder b = Scenario.named(id).about(about);
            scripts.forEach(b::server);
            return b.starts(starts, s -> { })
                .client(recording(id, headers, setup))
                .expect(o -> check.accept(o, recorded(id, o)))
                .build();
        }
    }

    private static Consumer<Session> recording(String id, boolean headers, Consumer<Session> setup) {
        return s -> {
            Traces traces = new Traces();
            RECORDED.put(id + "\u0000" + s.engine().name(), traces);
            s.setMonitor(traces::add, headers);
            setup.accept(s);
        };
    }

    private static Traces recorded(String id, Observation o) {
        Traces t = RECORDED.get(id + "\u0000" + o.engine());
        assertNotNull(t, () -> "no monitor recording for " + id + " on " + o.engine());
        return t;
    }

    /** The monitor's calls, in order. */
    private static final class Traces {
        private record Call(Direction direction, String text) {
        }

        private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        void add(byte[] buffer, int offset, int length, Direction direction) {
            calls.add(new Call(direction, new String(buffer, offset, length, StandardCharsets.ISO_8859_1)));
        }

        List<String> texts(Direction direction) {
            List<String> texts = new ArrayList<>();
            synchronized (calls) {
                for (Call c : calls) {
                    if (c.direction() == direction) {
                        texts.add(c.text());
                    }
                }
            }
            return texts;
        }

        String joined(Direction direction) {
            return String.join("", texts(direction));
        }

        /** Every call as "DIRECTION text", in order. */
        List<String> order() {
            List<String> order = new ArrayList<>();
            synchronized (calls) {
                for (Call c : calls) {
                    order.add(c.direction() + " " + c.text());
                }
            }
            return order;
        }

        String all() {
            return joined(Direction.WRITE) + joined(Direction.READ) + joined(Direction.HEADERS);
        }
    }

    // ------------------------------------------------------------------ scripts and messages

    private static Script dataScript(String... keywords) {
        return Scripts.quit(dataSteps(Scripts.ehlo(keywords)));
    }

    private static ScriptBuilder dataSteps(ScriptBuilder b) {
        return b.expect("MAIL FROM:<sender@example.org>").reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued");
    }

    private static Script bdatScript(int messages) {
        ScriptBuilder b = Scripts.ehlo("CHUNKING");
        for (int i = 0; i < messages; i++) {
            b.expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expectBdatUntilLast("250 chunk ok");
        }
        return Scripts.quit(b);
    }

    /**
     * A message with a Message-Id set through the API, which prints where a generated one would
     * but with a fixed length (a generated id's length varies, and so would the engines' events).
     */
    private static Message message(Session s, String content) {
        Message m = Clients.messageWithContent(s, content, RCPT);
        m.setMessageIdHeader("fixed-id@example.org");
        return m;
    }

    private static Transcript transcript(Observation o) {
        return o.transcripts().get(0);
    }

    /**
     * The client's bytes without the DATA payloads: from each message's first content byte to its
     * terminating dot line inclusive, which libESMTP writes with the monitor detached.
     */
    private static String withoutPayload(Observation o) {
        StringBuilder b = new StringBuilder();
        for (Transcript t : o.transcripts()) {
            String client = t.clientText();
            int from = 0;
            for (ReceivedMessage m : t.messages()) {
                int start = m.clientOffset();
                int end = client.indexOf("\r\n.\r\n", start) + 5;
                b.append(client, from, start);
                from = end;
            }
            b.append(client.substring(from));
        }
        return b.toString();
    }

    /** Every server byte of every connection. */
    private static String serverText(Observation o) {
        StringBuilder b = new StringBuilder();
        for (Transcript t : o.transcripts()) {
            b.append(t.serverText());
        }
        return b.toString();
    }

    /** The header fields of the first message as the server received it, Date and Message-Id normalised. */
    private static List<String> headerFields(Observation o) {
        return normalised(fields(transcript(o).messages().get(0).contentText()));
    }

    /** The header fields of the BDAT message {@code index} as received, Date and Message-Id normalised. */
    private static List<String> bdatHeaderFields(Observation o, int index) {
        return normalised(fields(transcript(o).messages().get(index).contentText()));
    }

    /** Splits a header section into fields (a line plus its continuation lines), up to the blank line. */
    private static List<String> fields(String content) {
        List<String> fields = new ArrayList<>();
        int pos = 0;
        while (pos < content.length() && !content.startsWith("\r\n", pos)) {
            int end = content.indexOf("\r\n", pos) + 2;
            while (end < content.length() && (content.charAt(end) == ' ' || content.charAt(end) == '\t')) {
                end = content.indexOf("\r\n", end) + 2;
            }
            fields.add(content.substring(pos, end));
            pos = end;
        }
        return fields;
    }

    private static List<String> normalised(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String s : texts) {
            out.add(s.replaceAll("^(Date: )[^\r\n]*", "$1<date>").replaceAll("^(Message-Id: )[^\r\n]*", "$1<message-id>"));
        }
        return out;
    }
}
