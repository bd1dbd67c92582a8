package org.esmtp4j.conformance.realserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.StartResult;
import org.esmtp4j.Status;
import org.esmtp4j.Timeout;

/**
 * One session of one engine against a running smtp-sink, and what came of it in a form two
 * engines can be compared by: the start result (without its free-text detail) and, for every
 * message and recipient, the statuses and outcomes.
 *
 * @param engine the engine's name
 * @param result what {@code start()} returned
 * @param messages the queued messages, with their statuses and recipients as the start left them
 */
record SinkRun(String engine, StartResult result, List<Message> messages) {

    /** Every engine that can run here, for {@code @MethodSource}. */
    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    /**
     * Queues {@code messageCount} messages to {@code recipientsEach} recipients each, lets
     * {@code options} adjust them, and runs one start.
     *
     * @param engine the engine's name
     * @param sink the server
     * @param messageCount messages to queue
     * @param recipientsEach recipients per message ({@code rcpt<i><letter>@example.org})
     * @param options changes to the queued session before the start (DSN parameters, ...)
     * @return the run
     */
    static SinkRun send(String engine, SmtpSink sink, int messageCount, int recipientsEach, Consumer<Session> options) {
        try (Session session = Smtp.engine(engine).createSession()) {
            session.setServer(sink.address());
            session.setHostname("client.example");
            // Bounded: a fault that leaves the client waiting must fail the test, not hang it.
            for (Timeout t : Timeout.values()) {
                session.setTimeout(t, Duration.ofSeconds(20), true);
            }
            for (int i = 0; i < messageCount; i++) {
                Message m = session.addMessage();
                m.setReversePath("sender" + i + "@example.org");
                m.setMessageSource(MessageSource.of(content(i)));
                for (int r = 0; r < recipientsEach; r++) {
                    m.addRecipient("rcpt" + i + (char) ('a' + r) + "@example.org");
                }
            }
            options.accept(session);
            StartResult result = session.start();
            return of(engine, result, session);
        }
    }

    /**
     * @param i the message's index
     * @return its content: a subject naming it and a body with lines that need dot-stuffing
     */
    static String content(int i) {
        return "Subject: message " + i + "\r\n\r\n" + body(i).replace("\n", "\r\n");
    }

    /**
     * @param i the message's index
     * @return its body with LF line ends, as smtp-sink's dump stores it
     */
    static String body(int i) {
        return "Body of message " + i + ".\n.leading dot\n..two dots\n.\nafter a lone dot\n";
    }

    private static SinkRun of(String engine, StartResult result, Session session) {
        return new SinkRun(engine, result, List.copyOf(session.messages()));
    }

    /** @return every recipient of every message, in order */
    List<Recipient> recipients() {
        List<Recipient> all = new ArrayList<>();
        for (Message m : messages) {
            all.addAll(m.recipients());
        }
        return all;
    }

    /** @return every recipient's outcome, in order */
    List<Outcome> outcomes() {
        return recipients().stream().map(Recipient::outcome).toList();
    }

    /** @return {@code connected} and the error, for example {@code "true NONE"} */
    String start() {
        return result.connected() + " " + result.error();
    }

    /** @return what two engines must agree on: everything but the engine's name and the start detail */
    String comparable() {
        StringBuilder b = new StringBuilder("start ").append(start());
        for (Message m : messages) {
            b.append('\n').append(m.reversePath()).append(" mail=").append(m.reversePathStatus())
                    .append(" transfer=").append(m.transferStatus());
            for (Recipient r : m.recipients()) {
                b.append("\n  ").append(r.mailbox()).append(' ').append(r.outcome()).append(' ').append(r.status())
                        .append(r.isComplete() ? " complete" : "");
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "[" + engine + "] " + result + "\n" + comparable();
    }

    /**
     * @param status a status
     * @return code and enhanced code, for example {@code "250 2.1.5"}
     */
    static String codes(Status status) {
        return status.code() + " " + status.enhancedCode();
    }
}
