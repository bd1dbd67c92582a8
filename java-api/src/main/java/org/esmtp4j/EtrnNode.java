package org.esmtp4j;

import java.util.function.Consumer;

/**
 * A remote queue to start with ETRN (RFC 1985): libESMTP's {@code smtp_etrn_node_t}. Created by
 * {@link Session#addEtrnNode(String, EtrnNode.Option)}. ETRN nodes have no complete flag: they are
 * sent at every start.
 */
public final class EtrnNode {

    /** libESMTP's ETRN option: 0 or {@code '@'}. */
    public enum Option {
        /** The named domain only (libESMTP option 0). */
        DOMAIN(0),
        /** The domain and its subdomains: {@code ETRN @domain} (libESMTP option {@code '@'}). */
        SUBDOMAINS('@');

        private final int libesmtpOption;

        Option(int libesmtpOption) {
            this.libesmtpOption = libesmtpOption;
        }

        /** @return the C value (0 or '@') */
        public int libesmtpOption() {
            return libesmtpOption;
        }
    }

    private final Session session;
    private final Option option;
    private final String domain;
    private final ApplicationData applicationData = new ApplicationData();
    private Status status = Status.NONE;

    EtrnNode(Session session, Option option, String domain) {
        this.session = session;
        this.option = option;
        this.domain = domain;
    }

    /** @return the session that owns this node */
    public Session session() {
        return session;
    }

    /** @return the option */
    public Option option() {
        return option;
    }

    /** @return the domain */
    public String domain() {
        return domain;
    }

    /** @return the reply to the last ETRN for this node ({@code smtp_etrn_node_status}) */
    public Status status() {
        return status;
    }

    /**
     * Attaches application data ({@code smtp_etrn_set_application_data_release}).
     *
     * @param <T> the data type
     * @param data the data, may be null
     * @param release called with the data when it is replaced or the session closes; may be null
     */
    public <T> void setApplicationData(T data, Consumer<? super T> release) {
        applicationData.set(data, release);
    }

    /** @return the application data, or null ({@code smtp_etrn_get_application_data}) */
    public Object applicationData() {
        return applicationData.get();
    }

    ApplicationData applicationDataHolder() {
        return applicationData;
    }

    void recordStatus(Status s) {
        status = s;
    }

    @Override
    public String toString() {
        return "EtrnNode " + (option == Option.SUBDOMAINS ? "@" : "") + domain + " " + status;
    }
}
