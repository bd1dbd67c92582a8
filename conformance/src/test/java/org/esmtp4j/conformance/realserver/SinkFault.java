package org.esmtp4j.conformance.realserver;

import java.util.List;
import java.util.function.Function;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Status;

/**
 * A fault that smtp-sink injects, and what every engine must make of it.
 *
 * @param flags smtp-sink's flags, for example {@code -r rcpt}
 * @param messages how many messages (two recipients each) the session queues
 * @param start the expected {@code connected} and error, for example {@code "true NONE"}
 * @param outcome every recipient's expected outcome
 * @param faulted the status that must hold smtp-sink's fault reply, or null when none does
 * @param codes that status's code and enhanced code, for example {@code "450 4.3.0"}
 */
record SinkFault(List<String> flags, int messages, String start, Outcome outcome,
                 Faulted faulted, String codes) {

    /** Which status carries the fault reply. */
    enum Faulted {
        /** each message's reverse-path (MAIL) status */
        MAIL(Message::reversePathStatus),
        /** each recipient's status */
        RCPT(null),
        /** each message's transfer status (DATA or the end of data) */
        TRANSFER(Message::transferStatus),
        /** no reply came: nothing holds one */
        NONE(null);

        private final Function<Message, Status> ofMessage;

        Faulted(Function<Message, Status> ofMessage) {
            this.ofMessage = ofMessage;
        }

        /**
         * @param m a message
         * @return the message-level status this names, or null for RCPT and NONE
         */
        Status of(Message m) {
            return ofMessage == null ? null : ofMessage.apply(m);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", flags);
    }
}
