package org.esmtp4j;

/**
 * A message's content was refused before the session connected: for example a line longer
 * than 998 octets outside BINARYMIME, or a bare CR or LF under the reject policy.
 */
public class InvalidContentException extends InvalidArgumentException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line of the problem, or 0 when it is not about a line. */
    private final long lineNumber;

    /**
     * @param argument which message, for example {@code "message 2 content"}
     * @param lineNumber the 1-based line where the problem is, or 0
     * @param problem what is wrong
     */
    public InvalidContentException(String argument, long lineNumber, String problem) {
        super(argument, lineNumber > 0 ? "line " + lineNumber + ": " + problem : problem);
        this.lineNumber = lineNumber;
    }

    /** @return the 1-based line number of the problem, or 0 when it is not about a line */
    public long lineNumber() {
        return lineNumber;
    }
}
