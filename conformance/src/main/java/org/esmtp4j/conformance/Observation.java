package org.esmtp4j.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.StartResult;
import org.esmtp4j.Status;
import org.esmtp4j.conformance.server.Transcript;

/**
 * Everything one engine did in one scenario, in a form that compares across engines: the client
 * bytes of every connection (with only the Date and Message-Id header values normalised), the
 * result of every start, every status, completion flag and outcome, and the event sequence.
 */
public final class Observation {

    private static final Pattern DATE = Pattern.compile("(?m)^(Date: )[^\r\n]*(?=\r\n)");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^(Message-Id: )[^\r\n]*(?=\r\n)");

    /** One recipient's final state. */
    public record RecipientState(String mailbox, Status status, boolean complete, Outcome outcome) {
        @Override
        public String toString() {
            return "<" + mailbox + "> " + outcome + (complete ? " complete " : " incomplete ") + status;
        }
    }

    /** One message's final state. */
    public record MessageState(Status reversePathStatus, Status transferStatus, List<RecipientState> recipients) {
        @Override
        public String toString() {
            return "MAIL " + reversePathStatus + " / transfer " + transferStatus + " / " + recipients;
        }
    }

    private final String engine;
    private final List<String> clientTexts;
    private final List<String> results;
    private final List<MessageState> messages;
    private final List<String> events;
    private final String refusal;
    private final List<Transcript> transcripts;

    Observation(String engine, List<Transcript> transcripts, List<StartResult> results, Session session,
                List<String> events, String refusal) {
        this.engine = engine;
        this.transcripts = List.copyOf(transcripts);
        List<String> texts = new ArrayList<>();
        for (Transcript t : transcripts) {
            texts.add(normalise(t.clientText()));
        }
        this.clientTexts = List.copyOf(texts);
        List<String> r = new ArrayList<>();
        for (StartResult s : results) {
            r.add(s.connected() + " " + s.error());
        }
        this.results = List.copyOf(r);
        List<MessageState> ms = new ArrayList<>();
        for (Message m : session.messages()) {
            List<RecipientState> rs = new ArrayList<>();
            for (Recipient rc : m.recipients()) {
                rs.add(new RecipientState(rc.mailbox(), rc.status(), rc.isComplete(), rc.outcome()));
            }
            ms.add(new MessageState(m.reversePathStatus(), m.transferStatus(), List.copyOf(rs)));
        }
        this.messages = List.copyOf(ms);
        this.events = List.copyOf(events);
        this.refusal = refusal;
    }

    /** Only Date and Message-Id values differ from run to run; everything else must not. */
    static String normalise(String clientText) {
        String s = DATE.matcher(clientText).replaceAll("$1<date>");
        return MESSAGE_ID.matcher(s).replaceAll("$1<message-id>");
    }

    /**
     * The events as compared across engines: message-data lengths are left out, because a
     * generated Message-Id ({@code <sec.usec.pid@host>}, microseconds not zero-padded) varies in
     * length from run to run. The number and order of message-data events still count; scenarios
     * and the event tests assert exact lengths where they matter.
     */
    static List<String> comparable(List<String> events) {
        List<String> c = new ArrayList<>(events.size());
        for (String e : events) {
            c.add(e.startsWith("messageData ") ? e.substring(0, e.lastIndexOf(' ')) : e);
        }
        return c;
    }

    /** @return the engine that produced this observation */
    public String engine() {
        return engine;
    }

    /** @return the client's bytes per connection (ISO-8859-1 text), Date and Message-Id normalised */
    public List<String> clientTexts() {
        return clientTexts;
    }

    /** @return all client bytes of every connection, concatenated */
    public String clientText() {
        return String.join("", clientTexts);
    }

    /** @return the scripted server's transcripts, for scenario-specific checks */
    public List<Transcript> transcripts() {
        return transcripts;
    }

    /** @return "connected error" of every start, in order */
    public List<String> results() {
        return results;
    }

    /** @return the state of every message after the last start */
    public List<MessageState> messages() {
        return messages;
    }

    /**
     * @param message 0-based message index
     * @param recipient 0-based recipient index
     * @return that recipient's state
     */
    public RecipientState recipient(int message, int recipient) {
        return messages.get(message).recipients().get(recipient);
    }

    /** @return the event lines */
    public List<String> events() {
        return events;
    }

    /** @return the message of the exception with which the engine or facade refused the scenario's input, or null */
    public String refusal() {
        return refusal;
    }

    /**
     * Lists every way this observation differs from another, empty when identical.
     *
     * @param other another engine's observation of the same scenario
     * @return the differences, readable
     */
    public List<String> differencesFrom(Observation other) {
        List<String> d = new ArrayList<>();
        if (!clientTexts.equals(other.clientTexts)) {
            d.add("client bytes differ:\n  " + engine + ": " + WireView.show(clientText()) + "\n  " + other.engine + ": "
                    + WireView.show(other.clientText()));
        }
        if (!results.equals(other.results)) {
            d.add("start results differ: " + engine + " " + results + " vs " + other.engine + " " + other.results);
        }
        if (messages.size() != other.messages.size()) {
            d.add("message count differs");
        } else {
            for (int i = 0; i < messages.size(); i++) {
                if (!messages.get(i).equals(other.messages.get(i))) {
                    d.add("message " + (i + 1) + " differs:\n  " + engine + ": " + messages.get(i) + "\n  "
                            + other.engine + ": " + other.messages.get(i));
                }
            }
        }
        if (!comparable(events).equals(comparable(other.events))) {
            d.add("events differ:\n  " + engine + ": " + events + "\n  " + other.engine + ": " + other.events);
        }
        if (!Objects.equals(refusal == null, other.refusal == null)) {
            d.add("refusal differs: " + engine + " " + refusal + " vs " + other.engine + " " + other.refusal);
        }
        return d;
    }

    @Override
    public String toString() {
        return "[" + engine + "] results " + results + "\nclient: " + WireView.show(clientText()) + "\nmessages: "
                + messages + "\nevents: " + events + (refusal == null ? "" : "\nrefused: " + refusal);
    }
}
