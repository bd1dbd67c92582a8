package org.esmtp4j.conformance.events;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpEvents;

/**
 * Records every event as one line of text, in arrival order, with the argument values the event
 * carries (message index, reply code and text read from the object passed), and answers the
 * library's questions as configured (libESMTP's defaults unless told otherwise).
 *
 * <p>Lines: {@code connected}, {@code disconnected}, {@code mail#1 250 text},
 * {@code rcpt mailbox 250 text}, {@code data#1 23}, {@code sent#1 250}, {@code etrn @domain 250},
 * {@code syntaxWarning}, {@code extna DSN default=false}, {@code deliverBy#1 shortfall=50}.
 */
class RecordingListener implements SmtpEvents {

    private final List<String> events = new ArrayList<>();
    private final Map<Extension, Boolean> extensionAnswers = new EnumMap<>(Extension.class);
    private Boolean syntaxWarningAnswer;
    private long deliverByAdjust;

    /** Answers SYNTAXWARNING with {@code quit} instead of libESMTP's default (false). */
    RecordingListener answerSyntaxWarning(boolean quit) {
        syntaxWarningAnswer = quit;
        return this;
    }

    /** Answers the EXTNA event of {@code extension} with {@code quit} instead of its default. */
    RecordingListener answerExtension(Extension extension, boolean quit) {
        extensionAnswers.put(extension, quit);
        return this;
    }

    /** Answers DELIVERBY_EXPIRED with {@code adjust} instead of 0. */
    RecordingListener adjustDeliverBy(long adjust) {
        deliverByAdjust = adjust;
        return this;
    }

    /** Every event recorded so far. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** The events whose line starts with {@code prefix}. */
    List<String> events(String prefix) {
        List<String> matching = new ArrayList<>();
        for (String e : events) {
            if (e.startsWith(prefix)) {
                matching.add(e);
            }
        }
        return matching;
    }

    /** The events other than message data, which depend on header lengths. */
    List<String> eventsWithoutData() {
        List<String> rest = new ArrayList<>(events);
        rest.removeIf(e -> e.startsWith("data#"));
        return rest;
    }

    /** The lengths of {@code data#index} events, in order. */
    List<Integer> dataLengths(int messageIndex) {
        List<Integer> lengths = new ArrayList<>();
        for (String e : events("data#" + messageIndex + " ")) {
            lengths.add(Integer.parseInt(e.substring(e.indexOf(' ') + 1)));
        }
        return lengths;
    }

    /**
     * Whether the MESSAGESENT event of message {@code index} comes right after its last
     * MESSAGEDATA event (the end-of-data reply follows the last byte written).
     */
    static boolean sentFollowsLastData(List<String> events, int index) {
        int lastData = -1;
        int sent = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("data#" + index + " ")) {
                lastData = i;
            } else if (events.get(i).startsWith("sent#" + index + " ")) {
                sent = i;
            }
        }
        return lastData >= 0 && sent == lastData + 1;
    }

    /** Records a line; a subclass may override it to act when a given event arrives. */
    protected void record(String line) {
        events.add(line);
    }

    @Override
    public void connected() {
        record("connected");
    }

    @Override
    public void disconnected() {
        record("disconnected");
    }

    @Override
    public void mailStatus(Message message) {
        record("mail#" + message.index() + " " + message.reversePathStatus().code() + " "
                + message.reversePathStatus().text());
    }

    @Override
    public void recipientStatus(Recipient recipient) {
        record("rcpt " + recipient.mailbox() + " " + recipient.status().code() + " " + recipient.status().text());
    }

    @Override
    public void messageData(Message message, int length) {
        record("data#" + message.index() + " " + length);
    }

    @Override
    public void messageSent(Message message) {
        record("sent#" + message.index() + " " + message.transferStatus().code());
    }

    @Override
    public void etrnStatus(EtrnNode node) {
        record("etrn " + (node.option() == EtrnNode.Option.SUBDOMAINS ? "@" : "") + node.domain() + " "
                + node.status().code());
    }

    @Override
    public boolean syntaxWarning() {
        record("syntaxWarning");
        return syntaxWarningAnswer != null ? syntaxWarningAnswer : SmtpEvents.super.syntaxWarning();
    }

    @Override
    public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
        record("extna " + extension + " default=" + libesmtpDefault);
        return extensionAnswers.getOrDefault(extension, libesmtpDefault);
    }

    @Override
    public long deliverByExpired(Message message, long shortfall) {
        record("deliverBy#" + message.index() + " shortfall=" + shortfall);
        return deliverByAdjust;
    }
}
