package org.esmtp4j.cli;

import java.util.List;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;

/** esmtp-send's exit statuses (cli.md, "Exit status"). */
final class ExitStatus {

    /** Every recipient delivered (and every ETRN accepted). */
    static final int DELIVERED = 0;
    /** The session ran, but at least one recipient was not delivered (or an ETRN was refused). */
    static final int NOT_ALL_DELIVERED = 1;
    /** Bad usage or invalid input, refused before any connection. */
    static final int REFUSED = 2;
    /** No session: the name did not resolve, no connection was made, or the engine could not start. */
    static final int NO_SESSION = 3;

    private ExitStatus() {
    }

    /**
     * The status of a session that {@code start()} ran.
     *
     * @param started whether any TCP connection was made
     * @param messages the messages
     * @param etrnNodes the ETRN nodes
     * @return {@link #NO_SESSION} when no connection was made; else {@link #DELIVERED} or
     *     {@link #NOT_ALL_DELIVERED} from the outcomes
     */
    static int afterStart(boolean started, List<Message> messages, List<EtrnNode> etrnNodes) {
        if (!started) {
            return NO_SESSION;
        }
        for (Message m : messages) {
            for (Recipient r : m.recipients()) {
                if (r.outcome() != Outcome.DELIVERED) {
                    return NOT_ALL_DELIVERED;
                }
            }
        }
        for (EtrnNode n : etrnNodes) {
            if (!n.status().isPositive()) {
                return NOT_ALL_DELIVERED;
            }
        }
        return DELIVERED;
    }
}
