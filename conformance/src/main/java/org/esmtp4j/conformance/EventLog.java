package org.esmtp4j.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpEvents;

/**
 * Records every event of a session as a line of text (what arrived, with its arguments and the
 * status the object held at that moment), and answers the event's question as the scenario
 * configured: so that two engines' event sequences can be compared line by line.
 */
public final class EventLog implements SmtpEvents {

    /** The answers a scenario gives to the events that ask something; defaults are libESMTP's. */
    public static final class Answers {
        boolean quitOnSyntaxWarning;
        Boolean quitOnMissing;
        long deliverByAdjust;

        /**
         * @param quit the answer to {@code syntaxWarning}
         * @return this
         */
        public Answers quitOnSyntaxWarning(boolean quit) {
            quitOnSyntaxWarning = quit;
            return this;
        }

        /**
         * @param quit the answer to every {@code extensionNotAvailable}, instead of libESMTP's default
         * @return this
         */
        public Answers quitOnMissingExtension(boolean quit) {
            quitOnMissing = quit;
            return this;
        }

        /**
         * @param adjust the answer to {@code deliverByExpired}
         * @return this
         */
        public Answers deliverByAdjust(long adjust) {
            deliverByAdjust = adjust;
            return this;
        }
    }

    private final List<String> lines = new ArrayList<>();
    private final Answers answers;

    EventLog(Answers answers) {
        this.answers = answers;
    }

    /** @return the recorded lines, in order */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    @Override
    public void connected() {
        lines.add("connected");
    }

    @Override
    public void disconnected() {
        lines.add("disconnected");
    }

    @Override
    public void mailStatus(Message message) {
        lines.add("mailStatus m" + message.index() + " " + message.reversePathStatus());
    }

    @Override
    public void recipientStatus(Recipient recipient) {
        lines.add("recipientStatus m" + recipient.message().index() + " <" + recipient.mailbox() + "> " + recipient.status());
    }

    @Override
    public void messageData(Message message, int length) {
        lines.add("messageData m" + message.index() + " " + length);
    }

    @Override
    public void messageSent(Message message) {
        lines.add("messageSent m" + message.index() + " " + message.transferStatus());
    }

    @Override
    public void etrnStatus(EtrnNode node) {
        lines.add("etrnStatus " + node.option() + " " + node.domain() + " " + node.status());
    }

    @Override
    public boolean syntaxWarning() {
        lines.add("syntaxWarning -> " + answers.quitOnSyntaxWarning);
        return answers.quitOnSyntaxWarning;
    }

    @Override
    public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
        boolean quit = answers.quitOnMissing != null ? answers.quitOnMissing : libesmtpDefault;
        lines.add("extensionNotAvailable " + extension + " -> " + quit);
        return quit;
    }

    @Override
    public long deliverByExpired(Message message, long shortfall) {
        lines.add("deliverByExpired m" + message.index() + " shortfall " + shortfall + " -> " + answers.deliverByAdjust);
        return answers.deliverByAdjust;
    }
}
