package org.esmtp4j.pure.content;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.esmtp4j.HeaderEntry;
import org.esmtp4j.HeaderPolicy;
import org.esmtp4j.HeaderSettings;

/**
 * The header processing of one transfer of a message (spec §3.4, libESMTP's
 * {@code process_header} and {@code missing_header}). Create one per transfer; feed it every
 * header field of the message in order ({@link #processField}), then emit
 * {@link #missingHeaders()}, then the blank line. {@link HeaderSectionReader} splits the content
 * into fields.
 *
 * <p>For a field whose name is in the table ({@link HeaderSettings#lookup}):
 * <ol>
 *   <li>it is dropped if a field of that entry was already seen and the entry is not PRESERVE
 *       (only the first {@code To:} survives; two {@code X-Keep:} unknown to the table are both
 *       kept);</li>
 *   <li>it is dropped if the entry is PROHIBIT or has the PROHIBIT option;</li>
 *   <li>otherwise, with OVERRIDE on, it is replaced in place by the API header (for Date, From
 *       and Message-Id without a value: the generated default);</li>
 *   <li>the entry is marked seen, even when the field was dropped.</li>
 * </ol>
 * Fields without a colon, and names not in the table, pass unchanged.
 * {@link #missingHeaders()} then prints every listed entry not seen, in
 * {@link HeaderSettings#entries()} order: Date, From, Message-Id, then API headers in first-set
 * order.
 *
 * <p>Formatting follows libESMTP: mailboxes print as {@code mailbox} or
 * {@code "phrase" <mailbox>}, an empty mailbox as {@code <>}, joined by comma, CRLF and four
 * spaces; a generated To lists all envelope recipients as bare addresses joined by comma, CRLF
 * and HTAB; Date is {@code EEE, dd MMM yyyy HH:mm:ss Z} (e.g. {@code Sun, 09 Sep 2001 01:46:40
 * +0000}) in the zone of {@code now}; a generated Message-Id is
 * {@code <SECONDS.MICROSECONDS.PID@localhostname>}, microseconds not zero-padded, as libESMTP's
 * {@code "%ld.%ld.%d@%s"}; a default From or Disposition-Notification-To is the reverse path, or
 * {@code <>} when it is null or empty. Header text is encoded as UTF-8.
 *
 * <h2>Where this engine differs from libESMTP 1.1.0 (COMPATIBILITY)</h2>
 * <ul>
 *   <li>List values (From, To, Cc, Bcc, Reply-To) print in <em>call</em> order; libESMTP prints
 *       them in reverse call order (spec §8.3 #16).</li>
 *   <li>PROHIBIT stops generation: a prohibited Message-Id (or any prohibited entry with a
 *       value) is not added when the message lacks it; libESMTP adds it anyway (§8.3 #8).</li>
 *   <li>OVERRIDE on an entry without a value (never set, or only given options) passes the
 *       message's own field through unchanged (still de-duplicated); libESMTP aborts the process
 *       with {@code assert} (§8.3 #9).</li>
 *   <li>Date names are always English (§8.3 #14); a generated Message-Id is never truncated
 *       (libESMTP cuts it at 63 bytes).</li>
 *   <li>A To to generate when the message has no envelope recipient is not emitted (and not
 *       substituted under OVERRIDE); libESMTP prints {@code To: } without CRLF and aborts the
 *       transfer with {@code -ERANGE}.</li>
 * </ul>
 */
public final class HeaderProcessor {

    private final HeaderSettings settings;
    private final HeaderRenderer renderer;
    /**
     * The entries a field was seen for in this transfer (libESMTP's per-entry seen bit). A table
     * has a handful of entries, so a list searched by identity is the cheapest set.
     */
    private final List<HeaderEntry> seen = new ArrayList<>();

    /**
     * @param settings the message's header table
     * @param reversePath the envelope sender, or {@code null} or empty for the null path
     *        {@code <>}
     * @param envelopeRecipients all recipients of the message, in the order they were added
     *        (libESMTP uses all of them for a generated To, accepted by the server or not)
     * @param localHostname the EHLO name, for a generated Message-Id
     * @param now the time of the transfer: a Date without value, the zone of every Date, and
     *        the seconds and microseconds of a generated Message-Id
     * @param pid the process id for a generated Message-Id ({@code ProcessHandle.current().pid()})
     */
    public HeaderProcessor(HeaderSettings settings, String reversePath, List<String> envelopeRecipients,
            String localHostname, ZonedDateTime now, long pid) {
        this(settings, reversePath, envelopeRecipients, localHostname, constant(Objects.requireNonNull(now, "now")), pid);
    }

    /**
     * As {@link #HeaderProcessor(HeaderSettings, String, List, String, ZonedDateTime, long)}, but
     * the time of the transfer is asked for only when a header needs it (a Date without value,
     * a generated Message-Id), once: reading the clock and the time zone rules costs more than
     * the rest of the header processing of a message that carries its own Date and Message-Id.
     *
     * @param settings the message's header table
     * @param reversePath the envelope sender, or {@code null} or empty for the null path
     * @param envelopeRecipients all recipients of the message, in the order they were added
     * @param localHostname the EHLO name, for a generated Message-Id
     * @param clock gives the time of the transfer, for example {@code ZonedDateTime::now}
     * @param pid the process id for a generated Message-Id
     */
    public HeaderProcessor(HeaderSettings settings, String reversePath, List<String> envelopeRecipients,
            String localHostname, Supplier<ZonedDateTime> clock, long pid) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.renderer = new HeaderRenderer(reversePath, List.copyOf(envelopeRecipients),
                Objects.requireNonNull(localHostname, "localHostname"), Objects.requireNonNull(clock, "clock"), pid);
    }

    private static Supplier<ZonedDateTime> constant(ZonedDateTime now) {
        return () -> now;
    }

    /**
     * Decides what to emit for one header field of the message.
     *
     * @param field the bytes holding the field
     * @param offset where the field starts
     * @param length its length: the first line and any continuation lines, CRLFs included
     * @return {@link FieldResult#PASS}, {@link FieldResult#DROP}, or a replacement
     */
    public FieldResult processField(byte[] field, int offset, int length) {
        int colon = indexOf(field, offset, offset + length, (byte) ':');
        if (colon <= offset) {
            return FieldResult.PASS; // no colon, or an empty name (libESMTP's find_header fails on length 0)
        }
        // The name is everything before the first colon, white space included (libESMTP does not trim).
        HeaderEntry entry = settings.lookup(field, offset, colon - offset);
        if (entry == null) {
            return FieldResult.PASS;
        }
        boolean duplicate = !markSeen(entry) && entry.policy() != HeaderPolicy.PRESERVE;
        if (duplicate || entry.isStripped()) {
            return FieldResult.DROP;
        }
        if (entry.isOverride()) {
            byte[] replacement = renderer.render(entry);
            if (replacement != null) {
                return FieldResult.replace(replacement);
            }
        }
        return FieldResult.PASS;
    }

    /**
     * The headers to add after the message's own: every listed entry no field was seen for, and
     * not prohibited, in {@link HeaderSettings#entries()} order. Call it once the header section
     * of the message has been processed; each element is one complete header ending in CRLF (a
     * folded header includes its continuation lines), without the blank line that follows.
     *
     * @return the headers, one array each, so that each can be reported to a monitor once (not
     *     to be modified)
     */
    public List<byte[]> missingHeaders() {
        List<byte[]> headers = List.of(); // usually nothing is missing: no list to allocate
        for (HeaderEntry entry : settings.entries()) {
            if (wasSeen(entry) || entry.isStripped()) {
                continue;
            }
            byte[] header = renderer.render(entry);
            if (header != null) {
                if (headers.isEmpty()) {
                    headers = new ArrayList<>();
                }
                headers.add(header);
            }
        }
        return headers;
    }

    /** @return true when the entry was not seen before */
    private boolean markSeen(HeaderEntry entry) {
        if (wasSeen(entry)) {
            return false;
        }
        seen.add(entry);
        return true;
    }

    private boolean wasSeen(HeaderEntry entry) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) == entry) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
