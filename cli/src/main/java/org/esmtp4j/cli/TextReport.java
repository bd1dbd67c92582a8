package org.esmtp4j.cli;

import java.io.PrintStream;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpError;
import org.esmtp4j.Status;

/**
 * The output without {@code --json}: each reply on standard output (as libESMTP's
 * {@code mail-file} prints the message and recipient statuses), and on standard error what went
 * wrong and what to do about it.
 */
final class TextReport {

    private TextReport() {
    }

    /**
     * Prints one line per MAIL, RCPT, end of data and ETRN reply.
     *
     * @param report the run
     * @param out standard output
     */
    static void printReplies(RunReport report, PrintStream out) {
        for (Message m : report.messages()) {
            out.println("MAIL FROM:<" + Printable.of(m.reversePath()) + ">: " + describe(m.reversePathStatus()));
            for (Recipient r : m.recipients()) {
                out.println("RCPT TO:<" + Printable.of(r.mailbox()) + ">: " + outcomeWord(r.outcome())
                        + " (" + describe(r.status()) + ")");
            }
            out.println("DATA: " + describe(m.transferStatus()));
        }
        for (EtrnNode n : report.etrnNodes()) {
            out.println("ETRN " + (n.option() == EtrnNode.Option.SUBDOMAINS ? "@" : "") + Printable.of(n.domain())
                    + ": " + describe(n.status()));
        }
    }

    /**
     * Explains an exit status other than 0 on standard error.
     *
     * @param report the run
     * @param server the server as given with {@code -h}
     * @param err standard error
     */
    static void printProblems(RunReport report, String server, PrintStream err) {
        if (report.exitStatus() == ExitStatus.NO_SESSION) {
            err.println("esmtp-send: no SMTP session with " + Printable.of(server) + ": "
                    + Printable.of(report.error().text()));
            err.println("esmtp-send: check the host and port (-h HOST[:PORT]), that the name resolves and that"
                    + " the server is listening; nothing was sent.");
            return;
        }
        if (report.exitStatus() != ExitStatus.NOT_ALL_DELIVERED) {
            return;
        }
        if (!SmtpError.NONE.name().equals(report.error().name())) {
            err.println("esmtp-send: the session ended with an error: " + Printable.of(report.error().text()));
        }
        for (Message m : report.messages()) {
            for (Recipient r : m.recipients()) {
                if (r.outcome() != Outcome.DELIVERED) {
                    err.println("esmtp-send: <" + Printable.of(r.mailbox()) + "> not delivered: " + advice(r.outcome())
                            + " (" + describe(r.status().isSet() ? r.status() : m.transferStatus()) + ")");
                }
            }
        }
        for (EtrnNode n : report.etrnNodes()) {
            if (!n.status().isPositive()) {
                err.println("esmtp-send: ETRN " + Printable.of(n.domain()) + " refused (" + describe(n.status()) + ")");
            }
        }
    }

    private static String advice(Outcome outcome) {
        return switch (outcome) {
            case PERMANENT -> "refused for good; check the address and the reply before sending again";
            case TRANSIENT -> "failed for now; run the same command again later";
            case UNKNOWN -> "the end of the message was sent but no reply came back, so it may have been delivered;"
                    + " check before sending again, or the recipient may get it twice";
            case PENDING -> "not attempted";
            case DELIVERED -> "delivered";
        };
    }

    private static String outcomeWord(Outcome outcome) {
        String name = JsonReport.outcomeName(outcome);
        return name == null ? "not attempted" : name;
    }

    private static String describe(Status s) {
        return s.isSet() ? Printable.of(s.toString()) : "no reply";
    }
}
