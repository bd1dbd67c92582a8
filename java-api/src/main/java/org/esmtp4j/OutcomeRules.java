package org.esmtp4j;

/**
 * Derives a recipient's {@link Outcome} from the protocol facts of one start, the same way for
 * every engine (invariants I1 to I4). A recipient is complete exactly when its outcome is
 * {@link Outcome#DELIVERED} or {@link Outcome#PERMANENT}; libESMTP's own completion rule differs
 * in three documented places (MAIL 5xx, DATA 5xx and RCPT 552: see COMPATIBILITY.md).
 */
final class OutcomeRules {

    private OutcomeRules() {
    }

    /**
     * The facts about one recipient in one start; null means "did not happen".
     *
     * @param mail the reply to MAIL
     * @param rcpt the reply to this recipient's RCPT
     * @param dataRefused the reply to DATA when it was not 354
     * @param endOfDataSent whether the end of data (or last BDAT) was written
     * @param transfer the well-formed reply to the end of data
     * @param local a status the client produced for the message
     */
    record Facts(Status mail, Status rcpt, Status dataRefused, boolean endOfDataSent, Status transfer, Status local) {
    }

    static Outcome outcome(Facts f) {
        if (f.rcpt() != null && f.rcpt().isPermanentFailure() && !tooManyRecipients(f.rcpt())) {
            return Outcome.PERMANENT;
        }
        if (f.local() != null) {
            return f.local().isPermanentFailure() ? Outcome.PERMANENT : Outcome.TRANSIENT;
        }
        if (f.mail() != null && !f.mail().isPositive()) {
            return f.mail().isPermanentFailure() ? Outcome.PERMANENT : Outcome.TRANSIENT;
        }
        if (f.rcpt() == null || !f.rcpt().isPositive()) {
            // never answered, 4xx, or 552 "too many recipients", which RFC 5321 §4.5.3.1.10
            // says to treat as temporary
            return Outcome.TRANSIENT;
        }
        if (f.dataRefused() != null) {
            return f.dataRefused().isPermanentFailure() ? Outcome.PERMANENT : Outcome.TRANSIENT;
        }
        if (f.transfer() != null) {
            if (f.transfer().isPositive()) {
                // I1: a 2xx counts only as the reply to the end of data; a 2xx to DATA itself
                // (hostile case B10) delivered nothing.
                return f.endOfDataSent() ? Outcome.DELIVERED : Outcome.TRANSIENT;
            }
            return f.transfer().isPermanentFailure() ? Outcome.PERMANENT : Outcome.TRANSIENT;
        }
        // The end of data went out but no well-formed reply came back: RFC 5321 §4.5.3.2.6.
        return f.endOfDataSent() ? Outcome.UNKNOWN : Outcome.TRANSIENT;
    }

    private static boolean tooManyRecipients(Status rcpt) {
        return rcpt.code() == 552;
    }
}
