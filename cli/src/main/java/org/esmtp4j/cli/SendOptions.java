package org.esmtp4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Notify;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Timeout;

/**
 * The esmtp-send command line, typed: what {@link SendOptionsParser} read. Values that the
 * facade validates (mailboxes, host names, ENVID, ORCPT, header values) are kept as given; the
 * facade refuses them before connecting.
 */
final class SendOptions {

    /** The server when {@code -h} is absent: libESMTP's default service is submission (587). */
    static final String DEFAULT_HOST = "localhost:587";

    /**
     * DSN ORCPT for every recipient.
     *
     * @param addrType the address type, for example {@code rfc822}
     * @param address the original address
     */
    record Orcpt(String addrType, String address) {
    }

    /**
     * DELIVERBY.
     *
     * @param seconds the by-time
     * @param mode notify or return
     * @param trace whether trace is requested
     */
    record DeliverBy(long seconds, ByMode mode, boolean trace) {
    }

    /**
     * One ETRN node.
     *
     * @param option the domain alone, or with its subdomains ({@code @})
     * @param domain the domain
     */
    record Etrn(EtrnNode.Option option, String domain) {
    }

    String host = DEFAULT_HOST;
    String from;
    String hostname;
    String subject;
    final List<String> toHeaders = new ArrayList<>();
    final List<String> ccHeaders = new ArrayList<>();
    final List<String> bccHeaders = new ArrayList<>();
    boolean generateTo;
    Set<Notify> notify = Collections.emptySet();
    DsnReturn ret;
    String envid;
    Orcpt orcpt;
    BodyType body;
    Long sizeEstimate;
    DeliverBy deliverBy;
    final List<Etrn> etrn = new ArrayList<>();
    boolean requireAll;
    final Map<Timeout, Duration> timeouts = new EnumMap<>(Timeout.class);
    /** {@code -t} or {@code -T}; null when neither was given (STARTTLS disabled). */
    StartTlsMode startTls;
    /** {@code --smtps}: implicit TLS. */
    boolean implicitTls;
    /** {@code --cafile}: PEM CA certificates to trust instead of the system store. */
    String caFile;
    /** {@code --insecure}: accept any certificate. */
    boolean insecure;
    /** {@code -u}: the AUTH user, or null for no AUTH. */
    String user;
    /** {@code --password-file}: where the AUTH password is (its first line). */
    String passwordFile;
    /** {@code --mechanisms}: the AUTH mechanisms allowed, in order; empty for any. */
    final List<String> mechanisms = new ArrayList<>();
    /** {@code --allow-plaintext-auth}: PLAIN and LOGIN allowed without TLS. */
    boolean allowPlaintextAuth;
    String engine;
    boolean monitor;
    boolean json;
    boolean verbose;
    boolean version;
    boolean help;
    /** The message file, {@code -} for standard input; null only with ETRN alone, help or version. */
    String file;
    final List<String> mailboxes = new ArrayList<>();

    /** @return true when any TLS option asks for TLS */
    boolean wantsTls() {
        return startTls != null || implicitTls;
    }

    /** @return true when FILE is {@code -} */
    boolean readsStandardInput() {
        return "-".equals(file);
    }
}
