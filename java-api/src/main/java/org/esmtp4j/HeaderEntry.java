package org.esmtp4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One name of a message's header table: a built-in name (see {@link HeaderSettings}) or a name
 * registered through the API, with the values and options set for it. Engines read entries;
 * only {@link HeaderSettings} changes them. Not thread-safe: do not change a message's headers
 * while a session is sending it.
 *
 * <p>An entry is <em>listed</em> ({@link #isListed()}) once it has a header to print: Date, From
 * and Message-Id from the start, any other name from its first successful set call. Listed
 * entries are what {@link HeaderSettings#entries()} returns and what an engine emits when the
 * message lacks them. An entry can exist without being listed, for example Cc before any
 * mailbox is added, or a custom name that was only given an option.
 */
public final class HeaderEntry {

    private String name;
    private final HeaderKind kind;
    private final HeaderPolicy policy;
    private final boolean listValue;
    private final BuiltInHeader builtIn;

    private boolean listed;
    private boolean override;
    private boolean prohibited;
    private final List<HeaderMailbox> mailboxes = new ArrayList<>(1);
    private boolean generateFromEnvelope;
    private Instant date;
    private String messageId;
    private String text;

    HeaderEntry(BuiltInHeader builtIn) {
        this(builtIn.headerName, builtIn.kind, builtIn.policy, builtIn.listValue, builtIn);
    }

    HeaderEntry(String name) {
        this(name, HeaderKind.TEXT, HeaderPolicy.OPTIONAL, false, null);
    }

    private HeaderEntry(String name, HeaderKind kind, HeaderPolicy policy, boolean listValue,
            BuiltInHeader builtIn) {
        this.name = name;
        this.kind = kind;
        this.policy = policy;
        this.listValue = listValue;
        this.builtIn = builtIn;
    }

    /**
     * The name as it is printed. For Date, From and Message-Id it is that spelling; for other
     * listed entries it is the caller's spelling in the first set call that listed the entry
     * (libESMTP keeps the caller's string: {@code "to"} prints {@code to: ...}); for a
     * prefix entry it ends in {@code -}, e.g. {@code Content-}.
     *
     * @return the header name
     */
    public String name() {
        return name;
    }

    /** @return what value the header takes and how it prints */
    public HeaderKind kind() {
        return kind;
    }

    /** @return the table flags of the name ({@link HeaderPolicy#OPTIONAL} for custom names) */
    public HeaderPolicy policy() {
        return policy;
    }

    /** @return whether repeated set calls add values (From, To, Cc, Bcc, Reply-To) */
    public boolean isListValue() {
        return listValue;
    }

    /** @return whether the entry has a header to print (see the class comment) */
    public boolean isListed() {
        return listed;
    }

    /** @return whether {@link HeaderOption#OVERRIDE} is on: the API value replaces the message's header in place */
    public boolean isOverride() {
        return override;
    }

    /**
     * Whether {@link HeaderOption#PROHIBIT} is on. Names whose {@link #policy()} is
     * {@link HeaderPolicy#PROHIBIT} are stripped regardless; see {@link #isStripped()}.
     *
     * @return the option's state
     */
    public boolean isProhibited() {
        return prohibited;
    }

    /** @return whether a header of this name is removed from the message: PROHIBIT policy or option */
    public boolean isStripped() {
        return prohibited || policy == HeaderPolicy.PROHIBIT;
    }

    /**
     * The mailboxes set through the API, in call order (libESMTP 1.1.0 prints list values in
     * reverse call order; an engine that wants that reproduces it itself).
     *
     * @return an unmodifiable copy; empty when none is set
     */
    public List<HeaderMailbox> mailboxes() {
        return List.copyOf(mailboxes);
    }

    /**
     * Whether To is to be generated from all envelope recipients
     * ({@code smtp_set_header(m, "To", NULL, NULL)}); false once a mailbox is added after it.
     *
     * @return the request's state; always false for other names
     */
    public boolean generatesFromEnvelope() {
        return generateFromEnvelope;
    }

    /** @return the Date set through the API (whole seconds), or empty for "now at transfer time" */
    public Optional<Instant> date() {
        return Optional.ofNullable(date);
    }

    /** @return the Message-Id set through the API, without angle brackets, or empty for a generated one */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** @return the text of a custom header, or empty when it prints as an empty header ({@code X-Foo: }) */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    @Override
    public String toString() {
        return "HeaderEntry[" + name + ", " + kind + ", " + policy + (listed ? ", listed" : "")
                + (override ? ", override" : "") + (prohibited ? ", prohibited" : "") + "]";
    }

    // ---- changed only by HeaderSettings ----

    BuiltInHeader builtIn() {
        return builtIn;
    }

    boolean hasMailboxes() {
        return !mailboxes.isEmpty();
    }

    void list(String spelling) {
        if (!listed) {
            name = spelling;
            listed = true;
        }
    }

    void setOverride(boolean on) {
        override = on;
    }

    void setProhibited(boolean on) {
        prohibited = on;
    }

    void addMailbox(HeaderMailbox mailbox) {
        mailboxes.add(mailbox);
        generateFromEnvelope = false;
    }

    void requestGenerationFromEnvelope() {
        mailboxes.clear();
        generateFromEnvelope = true;
    }

    void setDate(Instant when) {
        date = when;
    }

    void setMessageId(String id) {
        messageId = id;
    }

    void setText(String value) {
        text = value;
    }
}
