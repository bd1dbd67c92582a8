package org.esmtp4j.pure.content;

/**
 * What {@link HeaderProcessor#processField} decided for one header field of the message:
 * pass it unchanged, drop it, or replace it in place. {@link #PASS} and {@link #DROP} are shared
 * instances, so the common case allocates nothing.
 */
public final class FieldResult {

    /** The three decisions. */
    public enum Action {
        /** Emit the field's own bytes unchanged. */
        PASS,
        /** Emit nothing. */
        DROP,
        /** Emit {@link #replacement()} instead (OVERRIDE). */
        REPLACE
    }

    /** Emit the field unchanged. */
    public static final FieldResult PASS = new FieldResult(Action.PASS, null);
    /** Emit nothing. */
    public static final FieldResult DROP = new FieldResult(Action.DROP, null);

    private final Action action;
    private final byte[] replacement;

    private FieldResult(Action action, byte[] replacement) {
        this.action = action;
        this.replacement = replacement;
    }

    /**
     * @param header the complete replacement header, ending in CRLF
     * @return a REPLACE result
     */
    static FieldResult replace(byte[] header) {
        return new FieldResult(Action.REPLACE, header);
    }

    /** @return the decision */
    public Action action() {
        return action;
    }

    /** @return the header to emit instead, ending in CRLF, for {@link Action#REPLACE}; otherwise {@code null} */
    public byte[] replacement() {
        return replacement;
    }
}
