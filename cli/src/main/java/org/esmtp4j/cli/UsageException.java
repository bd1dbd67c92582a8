package org.esmtp4j.cli;

/**
 * The command line cannot be used as given: esmtp-send exits with status 2 before connecting.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean jsonRequested;

    /**
     * @param message what is wrong and, where it helps, what to do
     * @param jsonRequested whether {@code --json} was among the options, so the refusal is also
     *     printed as a JSON object
     */
    UsageException(String message, boolean jsonRequested) {
        super(message);
        this.jsonRequested = jsonRequested;
    }

    /** @return whether {@code --json} was given */
    boolean jsonRequested() {
        return jsonRequested;
    }
}
