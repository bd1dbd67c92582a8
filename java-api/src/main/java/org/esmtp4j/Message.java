package org.esmtp4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.esmtp4j.internal.Validation;

/**
 * One message of a {@link Session}, sent as one SMTP transaction (MAIL, RCPT..., DATA or BDAT):
 * libESMTP's {@code smtp_message_t}. Created by {@link Session#addMessage()}.
 */
public final class Message {

    private final Session session;
    private final int index;
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<Recipient> recipientsView = Collections.unmodifiableList(recipients);
    private final HeaderSettings headers = new HeaderSettings();
    private final ApplicationData applicationData = new ApplicationData();

    private String reversePath;
    private MessageSource source;
    private DsnReturn dsnReturn;
    private String envid;
    private long sizeEstimate;
    private BodyType bodyType;
    private long deliverByTime;
    private ByMode deliverByMode;
    private boolean deliverByTrace;
    private boolean smtpUtf8;

    private Status reversePathStatus = Status.NONE;
    private Status transferStatus = Status.NONE;

    Message(Session session, int index) {
        this.session = session;
        this.index = index;
    }

    /** @return the session that owns this message */
    public Session session() {
        return session;
    }

    /** @return the 1-based position of this message in its session */
    public int index() {
        return index;
    }

    /**
     * Sets the envelope sender ({@code smtp_set_reverse_path}). Null or {@code ""} sends the null
     * reverse path {@code MAIL FROM:<>}. Also the default {@code From:} header.
     *
     * @param mailbox the sender, validated (no controls, RFC 5321 lengths, ASCII unless
     *     {@link #requestSmtpUtf8(boolean)})
     */
    public void setReversePath(String mailbox) {
        session.checkNotRunning();
        String value = mailbox == null ? "" : mailbox;
        Validation.checkMailbox("reverse path", value, true, smtpUtf8);
        reversePath = value;
    }

    /** @return the reverse path; {@code ""} for the null reverse path (also when never set) */
    public String reversePath() {
        return reversePath == null ? "" : reversePath;
    }

    /** @return true when {@link #setReversePath(String)} was called (libESMTP distinguishes NULL) */
    public boolean hasReversePath() {
        return reversePath != null;
    }

    /**
     * Sets where the content comes from ({@code smtp_set_messagecb}, {@code smtp_set_message_fp},
     * {@code smtp_set_message_str}). Required before {@link Session#start()}.
     *
     * @param source the content
     */
    public void setMessageSource(MessageSource source) {
        session.checkNotRunning();
        this.source = Objects.requireNonNull(source, "source");
    }

    /** @return the content source, or null when not set */
    public MessageSource messageSource() {
        return source;
    }

    /**
     * Adds an envelope recipient ({@code smtp_add_recipient}). Duplicates are allowed.
     *
     * @param mailbox the recipient, validated (no controls, RFC 5321 grammar and lengths, ASCII
     *     unless {@link #requestSmtpUtf8(boolean)})
     * @return the recipient
     */
    public Recipient addRecipient(String mailbox) {
        session.checkNotRunning();
        Validation.checkRecipient("recipient mailbox", mailbox, smtpUtf8);
        Recipient r = new Recipient(this, mailbox);
        recipients.add(r);
        return r;
    }

    /** @return the recipients in the order they were added ({@code smtp_enumerate_recipients}) */
    public List<Recipient> recipients() {
        return recipientsView;
    }

    // ---- headers (§3) ----

    /**
     * Sets a plain text header ({@code smtp_set_header(m, name, text)}). Built-in headers (Date,
     * From, To, ...) have their own methods; MIME and {@code Resent-} headers cannot be set.
     *
     * @param name the header name
     * @param value the value; null gives an empty header
     */
    public void setHeader(String name, String value) {
        session.checkNotRunning();
        headers.setText(name, value);
    }

    /**
     * Adds a mailbox to From, To, Cc, Bcc, Reply-To, or sets Sender or
     * Disposition-Notification-To ({@code smtp_set_header(m, name, phrase, mailbox)}).
     *
     * @param name the header name
     * @param phrase the display name, or null
     * @param mailbox the address
     */
    public void addMailboxHeader(String name, String phrase, String mailbox) {
        session.checkNotRunning();
        headers.addMailbox(name, phrase, mailbox);
    }

    /**
     * Sets the {@code Date:} header ({@code smtp_set_header(m, "Date", &time)}).
     *
     * @param when the date; null means the time of the transfer
     */
    public void setDateHeader(Instant when) {
        session.checkNotRunning();
        headers.setDate(when);
    }

    /**
     * Sets the {@code Message-Id:} header ({@code smtp_set_header(m, "Message-Id", id)}),
     * printed as {@code <id>}.
     *
     * @param id the id without angle brackets
     */
    public void setMessageIdHeader(String id) {
        session.checkNotRunning();
        headers.setMessageId(id);
    }

    /**
     * Asks for a header's generated default ({@code smtp_set_header(m, name, NULL, NULL)}): for
     * {@code To} a list built from the envelope recipients, for {@code From} and
     * {@code Disposition-Notification-To} the reverse path.
     *
     * @param name the header name
     */
    public void setHeaderDefault(String name) {
        session.checkNotRunning();
        headers.setDefault(name);
    }

    /**
     * Sets a header option ({@code smtp_set_header_option}).
     *
     * @param name the header name
     * @param option OVERRIDE or PROHIBIT
     * @param on whether the option is set
     */
    public void setHeaderOption(String name, HeaderOption option, boolean on) {
        session.checkNotRunning();
        headers.setOption(name, option, on);
    }

    /** @return the header settings that the engines apply (read-only use) */
    public HeaderSettings headers() {
        return headers;
    }

    // ---- extensions (§1.7) ----

    /**
     * DSN RET ({@code smtp_dsn_set_ret}); null clears it. Makes DSN required.
     *
     * @param ret FULL or HEADERS
     */
    public void setDsnReturn(DsnReturn ret) {
        session.checkNotRunning();
        dsnReturn = ret;
    }

    /** @return DSN RET, or null */
    public DsnReturn dsnReturn() {
        return dsnReturn;
    }

    /**
     * DSN ENVID ({@code smtp_dsn_set_envid}), sent xtext-encoded; at most 100 characters once
     * encoded (RFC 3461 §4.4). Makes DSN required.
     *
     * @param envelopeId the id, or null to clear it
     */
    public void setDsnEnvelopeId(String envelopeId) {
        session.checkNotRunning();
        if (envelopeId != null) {
            Validation.checkEnvid(envelopeId);
        }
        envid = envelopeId;
    }

    /** @return DSN ENVID, or null */
    public String dsnEnvelopeId() {
        return envid;
    }

    /**
     * The size hint sent as {@code SIZE=} when the server offers SIZE
     * ({@code smtp_size_set_estimate}). Unlike libESMTP, the java engine also refuses to send a
     * message whose size exceeds the server's advertised maximum (hostile case E13).
     *
     * @param bytes the estimate, 0 for none
     */
    public void setSizeEstimate(long bytes) {
        session.checkNotRunning();
        if (bytes < 0) {
            throw new InvalidArgumentException("size estimate", "must not be negative: " + bytes);
        }
        sizeEstimate = bytes;
    }

    /** @return the size estimate, 0 when not set */
    public long sizeEstimate() {
        return sizeEstimate;
    }

    /**
     * Declares the body type ({@code smtp_8bitmime_set_body}); null clears it.
     *
     * @param type the body type
     */
    public void setBodyType(BodyType type) {
        session.checkNotRunning();
        bodyType = type;
    }

    /** @return the body type, or null */
    public BodyType bodyType() {
        return bodyType;
    }

    /**
     * DELIVERBY ({@code smtp_deliverby_set_mode}): {@code BY=<time><mode>[T]} when the server
     * offers DELIVERBY.
     *
     * @param seconds the by-time, within +/-999,999,999; positive for {@link ByMode#RETURN}
     * @param mode the mode, or null to clear DELIVERBY
     * @param trace whether to request trace ({@code T})
     */
    public void setDeliverBy(long seconds, ByMode mode, boolean trace) {
        session.checkNotRunning();
        if (seconds < -999_999_999L || seconds > 999_999_999L) {
            throw new InvalidArgumentException("deliver-by time", "must be within +/-999999999 seconds: " + seconds);
        }
        if (mode == ByMode.RETURN && seconds <= 0) {
            throw new InvalidArgumentException("deliver-by time", "must be positive with mode RETURN: " + seconds);
        }
        deliverByTime = seconds;
        deliverByMode = mode;
        deliverByTrace = mode != null && trace;
    }

    /** @return the DELIVERBY mode, or null when not set */
    public ByMode deliverByMode() {
        return deliverByMode;
    }

    /** @return the DELIVERBY time in seconds */
    public long deliverByTime() {
        return deliverByTime;
    }

    /** @return whether DELIVERBY trace was requested */
    public boolean deliverByTrace() {
        return deliverByTrace;
    }

    /**
     * Allows non-ASCII (UTF-8) envelope addresses for this message and sends {@code SMTPUTF8} on
     * MAIL when the server offers it (RFC 6531). Call it before setting non-ASCII addresses. A
     * message with non-ASCII addresses is not sent to a server without SMTPUTF8: its recipients
     * fail permanently with a local status (5.6.7). libESMTP has no SMTPUTF8 support.
     *
     * @param on whether to request SMTPUTF8
     */
    public void requestSmtpUtf8(boolean on) {
        session.checkNotRunning();
        session.driverCheck().checkSmtpUtf8(on);
        smtpUtf8 = on;
    }

    /** @return whether SMTPUTF8 was requested */
    public boolean smtpUtf8Requested() {
        return smtpUtf8;
    }

    // ---- statuses ----

    /** @return the reply to MAIL ({@code smtp_reverse_path_status}) */
    public Status reversePathStatus() {
        return reversePathStatus;
    }

    /**
     * The reply to DATA when DATA was refused, otherwise the reply to the end of data or the
     * last BDAT ({@code smtp_message_transfer_status}); or a local status when the client
     * refused to send the message.
     *
     * @return the status
     */
    public Status transferStatus() {
        return transferStatus;
    }

    /**
     * Clears the reverse-path and transfer statuses ({@code smtp_message_reset_status}). Does not
     * touch the recipients, so by itself it causes no resend.
     */
    public void resetStatus() {
        session.checkNotRunning();
        reversePathStatus = Status.NONE;
        transferStatus = Status.NONE;
    }

    /**
     * Attaches application data ({@code smtp_message_set_application_data_release}).
     *
     * @param <T> the data type
     * @param data the data, may be null
     * @param release called with the data when it is replaced or the session closes; may be null
     */
    public <T> void setApplicationData(T data, Consumer<? super T> release) {
        applicationData.set(data, release);
    }

    /** @return the application data, or null ({@code smtp_message_get_application_data}) */
    public Object applicationData() {
        return applicationData.get();
    }

    ApplicationData applicationDataHolder() {
        return applicationData;
    }

    void recordReversePathStatus(Status s) {
        reversePathStatus = s;
    }

    void recordTransferStatus(Status s) {
        transferStatus = s;
    }

    /** @return true when any DSN parameter is set (DSN then counts as required) */
    public boolean dsnRequested() {
        if (dsnReturn != null || envid != null) {
            return true;
        }
        for (Recipient r : recipients) {
            if (!r.dsnNotify().isEmpty() || r.dsnOriginalRecipientType() != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Message " + index + " from <" + reversePath() + "> to " + recipients.size() + " recipient(s)";
    }
}
