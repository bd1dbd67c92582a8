package org.esmtp4j;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.esmtp4j.internal.Validation;

/**
 * An envelope recipient of a {@link Message}: libESMTP's {@code smtp_recipient_t}. Created by
 * {@link Message#addRecipient(String)}.
 */
public final class Recipient {

    private final Message message;
    private final String mailbox;
    private final ApplicationData applicationData = new ApplicationData();
    private Set<Notify> dsnNotify = Collections.emptySet();
    private String orcptType;
    private String orcptAddress;

    private Status status = Status.NONE;
    private boolean complete;
    private Outcome outcome = Outcome.PENDING;

    Recipient(Message message, String mailbox) {
        this.message = message;
        this.mailbox = mailbox;
    }

    /** @return the message this recipient belongs to */
    public Message message() {
        return message;
    }

    /** @return the mailbox as given ({@code RCPT TO:<mailbox>}) */
    public String mailbox() {
        return mailbox;
    }

    /**
     * The reply to this recipient's RCPT ({@code smtp_recipient_status}); {@link Status#NONE}
     * until a RCPT reply arrives.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * Whether the recipient is finished: delivered, or failed permanently
     * ({@code smtp_recipient_check_complete}). The next {@link Session#start()} sends only
     * recipients that are not complete. Equivalent to the outcome being
     * {@link Outcome#DELIVERED} or {@link Outcome#PERMANENT}.
     *
     * @return true when complete
     */
    public boolean isComplete() {
        return complete;
    }

    /** @return what became of this recipient at the last start that attempted it */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Clears the status, the outcome and the complete flag, so that the next start sends this
     * recipient again ({@code smtp_recipient_reset_status}).
     */
    public void resetStatus() {
        message.session().checkNotRunning();
        status = Status.NONE;
        complete = false;
        outcome = Outcome.PENDING;
    }

    /**
     * Sets DSN NOTIFY for this recipient ({@code smtp_dsn_set_notify}). An empty set means not
     * set; {@link Notify#NEVER} must be alone. Any non-empty value makes DSN required for the
     * session (see {@link SmtpEvents#extensionNotAvailable}).
     *
     * @param notify the conditions
     */
    public void setDsnNotify(Set<Notify> notify) {
        message.session().checkNotRunning();
        Objects.requireNonNull(notify, "notify");
        if (notify.contains(Notify.NEVER) && notify.size() > 1) {
            throw new InvalidArgumentException("DSN notify", "NEVER cannot be combined with " + notify);
        }
        dsnNotify = notify.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(notify));
    }

    /** @return the DSN NOTIFY set, empty when not set */
    public Set<Notify> dsnNotify() {
        return dsnNotify;
    }

    /**
     * Sets the DSN original recipient ({@code smtp_dsn_set_orcpt}), sent as
     * {@code ORCPT=addrType;xtext(address)}. Makes DSN required.
     *
     * @param addrType the address type, for example {@code "rfc822"}
     * @param address the original address
     */
    public void setDsnOriginalRecipient(String addrType, String address) {
        message.session().checkNotRunning();
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
        Validation.checkOrcpt(addrType, address);
        message.session().driverCheck().checkOrcpt(addrType, address);
        orcptType = addrType;
        orcptAddress = address;
    }

    /** @return the ORCPT address type, or null when not set */
    public String dsnOriginalRecipientType() {
        return orcptType;
    }

    /** @return the ORCPT address, or null when not set */
    public String dsnOriginalRecipientAddress() {
        return orcptAddress;
    }

    /**
     * Attaches application data ({@code smtp_recipient_set_application_data_release}). The old
     * release callback is called on the old data; the current one is called when the session is
     * closed.
     *
     * @param <T> the data type
     * @param data the data, may be null
     * @param release called with the data when it is replaced or the session closes; may be null
     */
    public <T> void setApplicationData(T data, Consumer<? super T> release) {
        applicationData.set(data, release);
    }

    /** @return the application data, or null ({@code smtp_recipient_get_application_data}) */
    public Object applicationData() {
        return applicationData.get();
    }

    ApplicationData applicationDataHolder() {
        return applicationData;
    }

    void recordStatus(Status s) {
        status = s;
    }

    void recordOutcome(Outcome o) {
        outcome = o;
        complete = o == Outcome.DELIVERED || o == Outcome.PERMANENT;
    }

    @Override
    public String toString() {
        return "Recipient<" + mailbox + "> " + outcome + " " + status;
    }
}
