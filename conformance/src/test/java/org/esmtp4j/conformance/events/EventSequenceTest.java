package org.esmtp4j.conformance.events;

import static org.esmtp4j.conformance.events.EventTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esmtp4j.Message;
import org.esmtp4j.Session;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole event sequence of a two-message session (libESMTP §2, §5.2): what fires, in which
 * order, with which arguments, the same on every engine.
 */
class EventSequenceTest {

    private static final String FIRST = "Subject: one\r\nX-Folded: a\r\n\tb\r\n\r\nline 1\r\n.dot\r\n";
    private static final String SECOND = "Subject: two\r\n\r\nbody\r\n";

    private static final Instant DATE = Instant.parse("2021-06-04T12:00:00Z");

    private static final Script TWO_MESSAGES = EventTests.greetAndEhlo("PIPELINING", "8BITMIME")
            .expect("MAIL FROM:<alice@example.org>").reply("250 sender ok")
            .expectBatch("RCPT TO:<bob@example.org>", "RCPT TO:<carol@example.org>", "DATA")
                .reply("250 bob ok", "550 no carol", "354 go")
            .expectData().reply("250 queued one")
            .expect("MAIL FROM:<>").reply("250 ok")
            .expectBatch("RCPT TO:<dave@example.org>", "DATA").reply("250 dave ok", "354 go")
            .expectData().reply("451 try later")
            .expect("QUIT").reply("221 bye").close()
            .build();

    /** What one engine reported for the scenario. */
    private record Run(List<String> events, Transcript transcript, StartResult result) {
    }

    private static Run run(String engine) {
        RecordingListener listener = new RecordingListener();
        try (ScriptedSmtpServer server = EventTests.serve(TWO_MESSAGES);
                Session session = EventTests.session(engine, server, listener)) {
            Message first = EventTests.addMessage(session, "alice@example.org", FIRST, "bob@example.org",
                    "carol@example.org");
            Message second = EventTests.addMessage(session, "", SECOND, "dave@example.org");
            // A generated Message-Id has no fixed length (libESMTP "%ld.%ld.%d@%s": microseconds
            // are not zero-padded); fixed headers make the MESSAGEDATA lengths comparable.
            for (Message m : List.of(first, second)) {
                m.setDateHeader(DATE);
                m.setMessageIdHeader("id" + m.index() + "@client.example");
            }
            StartResult result = session.start();
            Transcript transcript = server.awaitTranscript(WAIT);
            transcript.assertScriptCompleted();
            return new Run(listener.events(), transcript, result);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("org.esmtp4j.conformance.events.EventTests#engines")
    void everyEventArrivesInProtocolOrderWithItsArguments(String engine) {
        Run run = run(engine);
        assertTrue(run.result().connected(), run.result().toString());
        assertEquals(SmtpError.NONE, run.result().error(), run.result().toString());

        List<String> expected = new ArrayList<>();
        expected.add("connected");
        expected.add("mail#1 250 sender ok");
        expected.add("rcpt bob@example.org 250 bob ok");
        expected.add("rcpt carol@example.org 550 no carol");
        expected.addAll(dataEvents(1, run.transcript().messages().get(0).contentText()));
        expected.add("sent#1 250");
        expected.add("mail#2 250 ok");
        expected.add("rcpt dave@example.org 250 dave ok");
        expected.addAll(dataEvents(2, run.transcript().messages().get(1).contentText()));
        expected.add("sent#2 451");
        expected.add("disconnected");
        assertEquals(expected, run.events(), run.transcript().dialogue());
    }

    @Test
    void everyEngineReportsTheSameSequence() {
        List<String> engines = EventTests.engines().toList();
        Assumptions.assumeTrue(engines.size() > 1, "only one engine is available: " + engines);
        Map<String, List<String>> byEngine = new LinkedHashMap<>();
        for (String engine : engines) {
            byEngine.put(engine, run(engine).events());
        }
        List<String> reference = byEngine.values().iterator().next();
        for (Map.Entry<String, List<String>> e : byEngine.entrySet()) {
            assertEquals(reference, e.getValue(), "events of " + e.getKey() + " versus " + engines.get(0));
        }
    }

    /**
     * The MESSAGEDATA events of a DATA transfer: one per header as sent, one per body line as in
     * the source, i.e. before dot-stuffing (libESMTP {@code cmd_data2}).
     */
    private static List<String> dataEvents(int index, String received) {
        List<String> events = new ArrayList<>();
        for (String field : EventTests.headerFields(received)) {
            events.add("data#" + index + " " + field.length());
        }
        for (String line : EventTests.lines(EventTests.body(received))) {
            events.add("data#" + index + " " + line.length());
        }
        return events;
    }
}
