package org.esmtp4j;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.esmtp4j.internal.Validation;

/**
 * A message's header table: libESMTP's {@code smtp_set_header} and
 * {@code smtp_set_header_option} rules ({@code headers.c}, v1.1.0), checked here once for both
 * engines. One instance per message; not thread-safe.
 *
 * <h2>The table</h2>
 * <table>
 * <caption>Built-in names</caption>
 * <tr><th>Name</th><th>Policy</th><th>Set with</th></tr>
 * <tr><td>Date</td><td>REQUIRE</td><td>{@link #setDate}</td></tr>
 * <tr><td>From</td><td>REQUIRE, list</td><td>{@link #addMailbox}; default: the reverse path</td></tr>
 * <tr><td>Message-Id</td><td>SHOULD</td><td>{@link #setMessageId}; default: generated</td></tr>
 * <tr><td>Sender</td><td>OPTIONAL, one mailbox</td><td>{@link #addMailbox}</td></tr>
 * <tr><td>To</td><td>OPTIONAL, list</td><td>{@link #addMailbox}; {@link #setDefault} generates it from the envelope</td></tr>
 * <tr><td>Cc, Bcc, Reply-To</td><td>OPTIONAL, list</td><td>{@link #addMailbox}</td></tr>
 * <tr><td>Disposition-Notification-To</td><td>OPTIONAL, one mailbox</td><td>{@link #addMailbox}; default: the reverse path</td></tr>
 * <tr><td>Return-Path, Original-Recipient, Resent-Reply-To</td><td>PROHIBIT</td><td>nothing: stripped</td></tr>
 * <tr><td>{@code Content-*}, {@code MIME-*}, {@code Resent-*}, Received</td><td>PRESERVE</td><td>nothing: passed through</td></tr>
 * <tr><td>any other name</td><td>OPTIONAL text</td><td>{@link #setText}</td></tr>
 * </table>
 *
 * <p>Where libESMTP returns 0 with {@code SMTP_ERR_INVAL}, these methods throw
 * {@link InvalidArgumentException}; a refused call changes nothing. Calling the setter of
 * another kind for a built-in name (for example {@code setText("From", ...)}) is refused the same
 * way, naming the right method.
 *
 * <h2>Where the facade differs from libESMTP 1.1.0</h2>
 * <ul>
 *   <li>Names, values, phrases and mailboxes are validated (hostile case E7): a value such as
 *       {@code "x\r\nBcc: evil@y"} or a name containing {@code :} is refused; libESMTP copies
 *       them into the message.</li>
 *   <li>A {@code null} mailbox is refused by {@link #addMailbox}. In libESMTP a NULL mailbox with
 *       a phrase crashes ({@code strdup(NULL)} in {@code set_from}, {@code set_sender},
 *       {@code set_to}), and for Cc, Bcc and Reply-To it returns success but leaves an entry
 *       that prints without its CRLF and aborts the transfer with {@code -ERANGE} (spec §8.3
 *       #28). The "use the default" meaning of {@code (NULL, NULL)} is {@link #setDefault}.</li>
 *   <li>An empty mailbox is refused for To, Cc, Bcc and Reply-To, where libESMTP prints an
 *       empty list item; it stays allowed for From, Sender and Disposition-Notification-To,
 *       where it prints as the null path {@code <>}.</li>
 *   <li>Phrases are escaped for their quoted-string (see {@link HeaderMailbox}); libESMTP never
 *       escapes them.</li>
 *   <li>{@link #setDefault} is refused for names without a default (Sender, Cc, Bcc, Reply-To,
 *       custom names). libESMTP returns success and then crashes at transfer (Sender), emits an
 *       unterminated header (Cc, Bcc, Reply-To), or emits an empty header (custom names: use
 *       {@code setText(name, null)} for that).</li>
 *   <li>{@link HeaderOption#OVERRIDE} on a name that has no value when the message contains
 *       that header makes libESMTP abort the process ({@code assert}, §8.3 #9). The option is
 *       still accepted here, since a value may be set later; at transfer the java engine then
 *       passes the message's own header through unchanged (it is still de-duplicated) and
 *       nothing is logged.</li>
 *   <li>{@link HeaderOption#PROHIBIT} also stops generation: a prohibited Message-Id (or any
 *       prohibited name that has a value) is not added by the java engine. libESMTP still
 *       generates it (§8.3 #8).</li>
 *   <li>{@link #setDate} takes an {@link Instant}; {@code null} means "now". libESMTP treats a
 *       {@code time_t} of 0 as "now", so {@link Instant#EPOCH} prints 1970 here but the time of
 *       transfer through libESMTP.</li>
 * </ul>
 *
 * <h2>Reading the table</h2>
 * {@link #entries()} lists what to emit, in libESMTP's order; {@link #lookup(String)} applies
 * libESMTP's matching rule to a header name found in the message; {@link #allEntries()} gives
 * every name, for replaying options. Replaying the calls in order is possible from the entries:
 * per entry, the mailboxes are kept in call order.
 */
public final class HeaderSettings {

    // The methods named in error messages: those of Message, which users call and which delegate
    // here (setText, addMailbox, setDate, setMessageId, setDefault, setOption).
    private static final String SET_TEXT = "Message.setHeader(name, value)";
    private static final String ADD_MAILBOX = "Message.addMailboxHeader(name, phrase, mailbox)";
    private static final String SET_DATE = "Message.setDateHeader(Instant)";
    private static final String SET_MESSAGE_ID = "Message.setMessageIdHeader(String)";
    private static final String SET_DEFAULT = "Message.setHeaderDefault(name)";
    private static final String SET_OPTION = "Message.setHeaderOption(name, PROHIBIT, true)";

    /** Every entry by its name in ASCII lower case (libESMTP's table is case-insensitive). */
    private final Map<String, HeaderEntry> table = new HashMap<>();
    /** Every entry in registration order: built-ins in table order, then custom names. */
    private final List<HeaderEntry> registered = new ArrayList<>();
    /** The listed entries in libESMTP's order. */
    private final List<HeaderEntry> listed = new ArrayList<>();

    /** Creates the table with Date, From and Message-Id listed, as libESMTP does at creation. */
    public HeaderSettings() {
        for (BuiltInHeader builtIn : BuiltInHeader.values()) {
            register(new HeaderEntry(builtIn));
        }
        // libESMTP creates empty values for the REQUIRE and SHOULD headers, in table order.
        for (HeaderEntry entry : registered) {
            if (entry.policy() == HeaderPolicy.REQUIRE || entry.policy() == HeaderPolicy.SHOULD) {
                list(entry, entry.name());
            }
        }
    }

    // ------------------------------------------------------------------ mutators

    /**
     * Sets a custom header ({@code smtp_set_header(m, name, text)} for a name libESMTP does not
     * know). A custom header takes one value; while its value is {@code null} it may still be set.
     *
     * @param name the header name
     * @param value the text, or {@code null} for an empty header ({@code X-Foo: })
     * @throws InvalidArgumentException if the name or value is invalid, the name is built in
     *         (use the method for its kind) or PROHIBIT/PRESERVE, the name was prohibited, or a
     *         value is already set
     */
    public void setText(String name, String value) {
        Validation.checkHeaderName(name);
        if (value != null) {
            Validation.checkHeaderValue(name, value);
        }
        HeaderEntry entry = findForSetting(name);
        if (entry == null) {
            entry = register(new HeaderEntry(name));
        } else {
            requireKind(entry, name, SET_TEXT, HeaderKind.TEXT);
            if (entry.text().isPresent()) {
                throw refused(name, "takes a single value and already has one (\""
                        + Validation.printable(entry.text().get()) + "\")");
            }
        }
        entry.setText(value);
        list(entry, name);
    }

    /**
     * Adds a mailbox to From, To, Cc, Bcc or Reply-To (every call adds one), or sets the single
     * mailbox of Sender or Disposition-Notification-To.
     *
     * @param name the header name
     * @param phrase the display name, or {@code null}; stored escaped (see {@link HeaderMailbox})
     * @param mailbox the address without angle brackets; empty only for From, Sender and
     *        Disposition-Notification-To (prints {@code <>})
     * @throws InvalidArgumentException if an argument is invalid (a {@code null} mailbox, CR, LF
     *         or other controls, {@code <} or {@code >} in the mailbox), the name is not a
     *         mailbox header, was prohibited, or already has its single mailbox
     */
    public void addMailbox(String name, String phrase, String mailbox) {
        Validation.checkHeaderName(name);
        HeaderEntry entry = findForSetting(name);
        if (entry == null) {
            throw refused(name, "is not a mailbox header; set it with " + SET_TEXT);
        }
        requireKind(entry, name, ADD_MAILBOX,
                HeaderKind.ORIGINATOR, HeaderKind.SENDER, HeaderKind.TO, HeaderKind.ADDRESS_LIST);
        checkMailbox(entry, name, mailbox);
        if (phrase != null) {
            Validation.checkHeaderValue(name, phrase);
        }
        if (!entry.isListValue() && entry.hasMailboxes()) {
            throw refused(name, "takes a single mailbox and already has one ("
                    + entry.mailboxes().get(0).mailbox() + ")");
        }
        entry.addMailbox(new HeaderMailbox(HeaderMailbox.escapePhrase(phrase), mailbox));
        list(entry, name);
    }

    /**
     * Sets the Date header.
     *
     * @param when the date, printed in whole seconds in the engine's time zone, or {@code null}
     *        for "now at transfer time" (the default)
     * @throws InvalidArgumentException if a date is already set
     */
    public void setDate(Instant when) {
        HeaderEntry entry = builtIn(BuiltInHeader.DATE);
        if (entry.date().isPresent()) {
            throw refused("Date", "takes a single value and is already set to " + entry.date().get());
        }
        entry.setDate(when == null ? null : when.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Sets the Message-Id header, printed as {@code <id>}.
     *
     * @param id the id without angle brackets, e.g. {@code 1234@example.org}, or {@code null}
     *        to keep the generated one
     * @throws InvalidArgumentException if the id is empty or contains controls, spaces or
     *         angle brackets, Message-Id was prohibited, or an id is already set
     */
    public void setMessageId(String id) {
        HeaderEntry entry = builtIn(BuiltInHeader.MESSAGE_ID);
        if (id != null) {
            checkMessageId(id);
        }
        checkNotProhibited(entry, "Message-Id");
        if (entry.messageId().isPresent()) {
            throw refused("Message-Id", "takes a single value and is already set to <"
                    + entry.messageId().get() + ">");
        }
        entry.setMessageId(id);
    }

    /**
     * Asks for the default of a header ({@code smtp_set_header(m, name, NULL, NULL)}):
     * <ul>
     *   <li>To: generated from all envelope recipients (this discards mailboxes added before;
     *       mailboxes added after replace the generation);</li>
     *   <li>From: the reverse path; does nothing when mailboxes are set (as libESMTP);</li>
     *   <li>Disposition-Notification-To: the reverse path;</li>
     *   <li>Date: "now" at transfer; Message-Id: a generated id.</li>
     * </ul>
     *
     * @param name one of the names above
     * @throws InvalidArgumentException for other names (libESMTP accepts them and misbehaves,
     *         see the class comment), when the name was prohibited, or when Date, Message-Id or
     *         Disposition-Notification-To already has a value
     */
    public void setDefault(String name) {
        Validation.checkHeaderName(name);
        HeaderEntry entry = findForSetting(name);
        HeaderKind kind = entry == null ? HeaderKind.TEXT : entry.kind();
        switch (kind) {
            case DATE:
                if (entry.date().isPresent()) {
                    throw refused(name, "already has a value; its default (now) applies only while none is set");
                }
                return;
            case MESSAGE_ID:
                if (entry.messageId().isPresent()) {
                    throw refused(name, "already has a value; the generated id applies only while none is set");
                }
                return;
            case ORIGINATOR:
                if (entry.isListValue()) {
                    return; // From is listed from the start; with mailboxes set libESMTP does nothing
                }
                if (entry.hasMailboxes()) {
                    throw refused(name, "takes a single mailbox and already has one");
                }
                list(entry, name);
                return;
            case TO:
                entry.requestGenerationFromEnvelope();
                list(entry, name);
                return;
            case SENDER:
            case ADDRESS_LIST:
                throw refused(name, "has no default; add mailboxes with " + ADD_MAILBOX);
            default:
                throw refused(name, "has no generated default; use " + SET_TEXT.replace("value", "null") + " for an empty header");
        }
    }

    /**
     * Sets a header option ({@code smtp_set_header_option}). An unknown name is registered, so
     * a header of that name in the message is de-duplicated (and overridden or stripped) like a
     * built-in one.
     *
     * @param name the header name
     * @param option {@link HeaderOption#OVERRIDE} or {@link HeaderOption#PROHIBIT}
     * @param on whether to turn the option on
     * @throws InvalidArgumentException for PROHIBIT and PRESERVE names, OVERRIDE on a prohibited
     *         name, and PROHIBIT on Date or From (required by RFC 5322 §3.6)
     */
    public void setOption(String name, HeaderOption option, boolean on) {
        Validation.checkHeaderName(name);
        Objects.requireNonNull(option, "option");
        HeaderEntry entry = find(name);
        if (entry != null) {
            checkSettable(entry, name);
        }
        if (option == HeaderOption.OVERRIDE) {
            if (entry != null && entry.isProhibited()) {
                throw refused(name, "is prohibited, so it cannot be overridden; turn PROHIBIT off first");
            }
        } else if (entry != null && entry.policy() == HeaderPolicy.REQUIRE) {
            throw refused(name, "is required (RFC 5322 §3.6) and cannot be prohibited");
        }
        if (entry == null) {
            entry = register(new HeaderEntry(name));
        }
        if (option == HeaderOption.OVERRIDE) {
            entry.setOverride(on);
        } else {
            entry.setProhibited(on);
        }
    }

    // ------------------------------------------------------------------ read API for engines

    /**
     * The listed entries in libESMTP's order: Date, From, Message-Id (listed from creation),
     * then the other entries in the order of their first successful set call. An engine emits
     * those the message lacks in this order.
     *
     * @return an unmodifiable snapshot
     */
    public List<HeaderEntry> entries() {
        return List.copyOf(listed);
    }

    /**
     * Every entry of the table, listed or not: the built-in names in libESMTP's table order, then
     * custom names in registration order. Use it to find options set on names without values.
     *
     * @return an unmodifiable snapshot
     */
    public List<HeaderEntry> allEntries() {
        return List.copyOf(registered);
    }

    /**
     * libESMTP's matching rule for a header name taken from the message (the bytes before the
     * first colon): an exact case-insensitive match, else, if the name contains {@code -}, the
     * prefix up to and including the first {@code -} ({@code Content-Type} → {@code Content-}).
     * libESMTP compares with {@code strncasecmp} against unterminated keys, which can match a
     * mere prefix on a hash collision; this is exact.
     *
     * @param fieldName the header name; {@code null} or empty matches nothing
     * @return the entry, or empty when the name is not in the table
     */
    public Optional<HeaderEntry> lookup(String fieldName) {
        return Optional.ofNullable(fieldName == null ? null : find(fieldName));
    }

    /**
     * {@link #lookup(String)} for a name given as bytes (read as ISO-8859-1), without building a
     * string: the transfer calls it for every header field of every message.
     *
     * @param field the bytes holding the name
     * @param offset where the name starts
     * @param length the length of the name (the bytes before the first colon); 0 matches nothing
     * @return the entry, or {@code null} when the name is not in the table
     */
    public HeaderEntry lookup(byte[] field, int offset, int length) {
        if (length <= 0) {
            return null;
        }
        HeaderEntry entry = findExact(field, offset, length);
        if (entry == null) {
            for (int i = offset; i < offset + length; i++) {
                if (field[i] == '-') {
                    return findExact(field, offset, i + 1 - offset);
                }
            }
        }
        return entry;
    }

    // ------------------------------------------------------------------ internals

    /**
     * The entry whose name equals the bytes, ignoring ASCII case: the {@code table} lookup
     * without a lower-cased key. A table holds a few dozen names, so a scan that first compares
     * lengths costs less than hashing.
     */
    private HeaderEntry findExact(byte[] b, int offset, int length) {
        for (int e = 0; e < registered.size(); e++) {
            HeaderEntry entry = registered.get(e);
            String name = entry.name();
            if (name.length() == length && equalsIgnoreAsciiCase(name, b, offset)) {
                return entry;
            }
        }
        return null;
    }

    private static boolean equalsIgnoreAsciiCase(String name, byte[] b, int offset) {
        for (int i = 0; i < name.length(); i++) {
            if (asciiLower(name.charAt(i)) != asciiLower((char) (b[offset + i] & 0xff))) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private HeaderEntry find(String name) {
        if (name.isEmpty()) {
            return null;
        }
        HeaderEntry entry = table.get(asciiLowerCase(name));
        if (entry == null) {
            int dash = name.indexOf('-');
            if (dash >= 0) {
                entry = table.get(asciiLowerCase(name.substring(0, dash + 1)));
            }
        }
        return entry;
    }

    /** Finds the entry a set call applies to, refusing PROHIBIT/PRESERVE and prohibited names. */
    private HeaderEntry findForSetting(String name) {
        HeaderEntry entry = find(name);
        if (entry != null) {
            checkSettable(entry, name);
            checkNotProhibited(entry, name);
        }
        return entry;
    }

    private static void checkSettable(HeaderEntry entry, String name) {
        if (entry.builtIn() != null && entry.builtIn().refusal != null) {
            throw refused(name, entry.builtIn().refusal);
        }
    }

    private static void checkNotProhibited(HeaderEntry entry, String name) {
        if (entry.isProhibited()) {
            throw refused(name, "was prohibited with " + SET_OPTION + "; turn PROHIBIT off"
                    + " before setting a value");
        }
    }

    private static void requireKind(HeaderEntry entry, String name, String method, HeaderKind... kinds) {
        for (HeaderKind kind : kinds) {
            if (entry.kind() == kind) {
                return;
            }
        }
        throw refused(name, "is set with " + setterOf(entry.kind()) + ", not " + method);
    }

    private static String setterOf(HeaderKind kind) {
        switch (kind) {
            case DATE: return SET_DATE;
            case MESSAGE_ID: return SET_MESSAGE_ID;
            case TEXT: return SET_TEXT;
            default: return ADD_MAILBOX;
        }
    }

    private static void checkMailbox(HeaderEntry entry, String name, String mailbox) {
        if (mailbox == null) {
            String hint;
            switch (entry.kind()) {
                case ORIGINATOR:
                    hint = "; call " + SET_DEFAULT + " to use the reverse path";
                    break;
                case TO:
                    hint = "; call " + SET_DEFAULT + " to generate it from the envelope recipients";
                    break;
                default:
                    hint = "";
            }
            throw refused(name, "needs a mailbox, got null" + hint);
        }
        Validation.checkHeaderValue(name, mailbox);
        int bracket = Math.max(mailbox.indexOf('<'), mailbox.indexOf('>'));
        if (bracket >= 0) {
            throw new InvalidArgumentException("mailbox of header " + name,
                    "contains '" + mailbox.charAt(bracket) + "'; give the bare address, the brackets are added");
        }
        if (mailbox.isEmpty() && (entry.kind() == HeaderKind.TO || entry.kind() == HeaderKind.ADDRESS_LIST)) {
            throw new InvalidArgumentException("mailbox of header " + name,
                    "is empty; the null path <> is only meaningful in From, Sender and Disposition-Notification-To");
        }
    }

    private static void checkMessageId(String id) {
        Validation.checkHeaderValue("Message-Id", id);
        if (id.isEmpty()) {
            throw new InvalidArgumentException("Message-Id", "is empty; pass null for a generated id");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '<' || c == '>' || c == ' ' || c == '\t') {
                throw new InvalidArgumentException("Message-Id \"" + id + "\"",
                        (c == '<' || c == '>' ? "contains '" + c + "'; give the id without angle brackets, they are added"
                                : "contains white space at index " + i));
            }
        }
    }

    private HeaderEntry builtIn(BuiltInHeader which) {
        return registered.get(which.ordinal());
    }

    private HeaderEntry register(HeaderEntry entry) {
        table.put(asciiLowerCase(entry.name()), entry);
        registered.add(entry);
        return entry;
    }

    private void list(HeaderEntry entry, String spelling) {
        if (!entry.isListed()) {
            entry.list(spelling);
            listed.add(entry);
        }
    }

    /** A refusal whose problem reads as a sentence about the header, e.g. "Sender takes a single mailbox...". */
    private static InvalidArgumentException refused(String name, String problem) {
        return new InvalidArgumentException("header " + name, name + " " + problem);
    }

    /** Header names are compared as ASCII (strcasecmp in the C locale), never by Unicode case rules. */
    private static String asciiLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
