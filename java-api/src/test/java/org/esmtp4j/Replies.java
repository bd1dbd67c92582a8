package org.esmtp4j;

import java.util.List;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/** Server replies and common engine behaviour for scripts of the fake engine. */
final class Replies {

    private Replies() {
    }

    /**
     * @param code the reply code
     * @return a one-line server reply with that code
     */
    static Status reply(int code) {
        return Status.ofServer(code, List.of("reply " + code), null);
    }

    /**
     * Reports a whole successful transaction for every message of the request: MAIL 250, RCPT
     * with the given code for every recipient to send, and when one RCPT was accepted, the end
     * of data and a 250 to it.
     *
     * @param request the request
     * @param rcptCode the reply to every RCPT
     * @return a connected result
     */
    static StartResult everyRecipient(StartRequest request, int rcptCode) {
        SessionCallbacks cb = request.callbacks();
        cb.connected();
        for (Message m : request.messages()) {
            cb.mailReply(m, reply(250));
            for (Recipient r : request.recipientsToSend(m)) {
                cb.recipientReply(r, reply(rcptCode));
            }
            if (rcptCode / 100 == 2) {
                cb.endOfDataSent(m);
                cb.transferReply(m, reply(250));
            }
        }
        cb.disconnected();
        return FakeDriver.CONNECTED;
    }
}
