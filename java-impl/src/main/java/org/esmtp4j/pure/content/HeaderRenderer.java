package org.esmtp4j.pure.content;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import org.esmtp4j.HeaderEntry;
import org.esmtp4j.HeaderMailbox;

/**
 * Prints an API header the way libESMTP's {@code print_*} functions do ({@code headers.c}),
 * for one transfer. Deliberate differences are listed on {@link HeaderProcessor}.
 */
final class HeaderRenderer {

    /**
     * strftime {@code "%a, %d %b %Y %T %z"}, always in English: libESMTP 1.1.0 uses the C locale
     * of the process, so its day and month names change with the locale (spec §8.3 #14).
     */
    static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** Separates mailboxes set through the API: comma, CRLF, four spaces (a fold, RFC 5322 §2.2.3). */
    private static final String MAILBOX_SEPARATOR = ",\r\n    ";
    /** Separates envelope recipients in a generated To: comma, CRLF, HTAB. */
    private static final String RECIPIENT_SEPARATOR = ",\r\n\t";
    private static final String CRLF = "\r\n";

    private final String reversePath;
    private final List<String> envelopeRecipients;
    private final String localHostname;
    /** Asked once, on the first header that needs the time; most messages carry their own Date and Message-Id. */
    private final Supplier<ZonedDateTime> clock;
    private ZonedDateTime now;
    private final long pid;

    HeaderRenderer(String reversePath, List<String> envelopeRecipients, String localHostname,
            Supplier<ZonedDateTime> clock, long pid) {
        this.reversePath = reversePath;
        this.envelopeRecipients = envelopeRecipients;
        this.localHostname = localHostname;
        this.clock = clock;
        this.pid = pid;
    }

    /**
     * @param entry a header entry
     * @return the whole header ending in CRLF (UTF-8), or {@code null} when the entry has no
     *         value to print (not listed, or a To to generate with no envelope recipient)
     */
    byte[] render(HeaderEntry entry) {
        if (!entry.isListed()) {
            return null;
        }
        String value;
        switch (entry.kind()) {
            case DATE:
                value = DATE_FORMAT.format(entry.date().map(d -> d.atZone(now().getZone())).orElseGet(this::now));
                break;
            case MESSAGE_ID:
                value = "<" + entry.messageId().orElseGet(this::generatedMessageId) + ">";
                break;
            case ORIGINATOR:
                value = entry.mailboxes().isEmpty() ? nullPathIfEmpty(reversePath) : mailboxList(entry);
                break;
            case TO:
                value = entry.generatesFromEnvelope() ? recipientList() : mailboxList(entry);
                break;
            case SENDER:
            case ADDRESS_LIST:
                value = mailboxList(entry);
                break;
            case TEXT:
                value = entry.text().orElse("");
                break;
            default:
                value = null;
        }
        if (value == null) {
            return null;
        }
        return (entry.name() + ": " + value + CRLF).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * libESMTP's {@code "%ld.%ld.%d@%s"} of {@code gettimeofday} seconds, microseconds, pid and
     * the EHLO name: the microseconds are <em>not</em> zero-padded (1.000005 s prints as
     * {@code 1.5}), kept for fidelity; the id stays unique. libESMTP cuts the id at 63 bytes
     * (a 64-byte buffer); this does not.
     */
    private String generatedMessageId() {
        ZonedDateTime t = now();
        return t.toEpochSecond() + "." + t.getNano() / 1000 + "." + pid + "@" + localHostname;
    }

    private ZonedDateTime now() {
        if (now == null) {
            now = Objects.requireNonNull(clock.get(), "the clock gave no time");
        }
        return now;
    }

    /** Mailboxes in call order (libESMTP prints them in reverse call order, spec §8.3 #16). */
    private static String mailboxList(HeaderEntry entry) {
        List<HeaderMailbox> mailboxes = entry.mailboxes();
        if (mailboxes.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (HeaderMailbox m : mailboxes) {
            if (b.length() > 0) {
                b.append(MAILBOX_SEPARATOR);
            }
            if (m.escapedPhrase() == null) {
                b.append(nullPathIfEmpty(m.mailbox()));
            } else {
                b.append('"').append(m.escapedPhrase()).append("\" <").append(m.mailbox()).append('>');
            }
        }
        return b.toString();
    }

    private String recipientList() {
        if (envelopeRecipients.isEmpty()) {
            return null; // libESMTP prints "To: " without CRLF here and aborts the transfer
        }
        return String.join(RECIPIENT_SEPARATOR, envelopeRecipients);
    }

    private static String nullPathIfEmpty(String mailbox) {
        return mailbox == null || mailbox.isEmpty() ? "<>" : mailbox;
    }
}
