package org.esmtp4j;

/**
 * An argument was refused before anything was sent: it names the argument and what is wrong.
 * libESMTP's counterpart is a 0 return with {@code SMTP_ERR_INVAL}, or, for many of these
 * inputs, no check at all.
 */
public class InvalidArgumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** What was refused, for example {@code "recipient mailbox"}. */
    private final String argument;
    /** What is wrong with the argument. */
    private final String problem;

    /**
     * @param argument what was refused, for example {@code "recipient mailbox"}
     * @param problem what is wrong with it
     */
    public InvalidArgumentException(String argument, String problem) {
        super(argument + ": " + problem);
        this.argument = argument;
        this.problem = problem;
    }

    /** @return the argument that was refused */
    public String argument() {
        return argument;
    }

    /** @return what is wrong with it */
    public String problem() {
        return problem;
    }

    /** @return libESMTP's error code for this refusal */
    public SmtpError error() {
        return SmtpError.INVAL;
    }
}
