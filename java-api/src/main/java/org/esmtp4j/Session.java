package org.esmtp4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.esmtp4j.internal.LocalHostname;
import org.esmtp4j.internal.Validation;
import org.esmtp4j.spi.ServerAddress;
import org.esmtp4j.spi.SessionDriver;

/**
 * An SMTP session: the messages to send, the server, the options, and the results. libESMTP's
 * {@code smtp_session_t}. Create one with {@link SmtpEngine#createSession()} and close it when
 * done ({@code smtp_destroy_session}).
 *
 * <p>{@link #start()} runs a whole SMTP dialogue synchronously. Calling it again retries exactly
 * the recipients that are not complete (libESMTP's rule). A session is used by one thread at a
 * time, like libESMTP's; nothing here is synchronised.
 */
public final class Session implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final SmtpEngine engine;
    private final SessionDriver driver;
    private final List<Message> messages = new ArrayList<>();
    private final List<Message> messagesView = Collections.unmodifiableList(messages);
    private final List<EtrnNode> etrnNodes = new ArrayList<>();
    private final List<EtrnNode> etrnView = Collections.unmodifiableList(etrnNodes);
    private final Map<Timeout, Duration> timeouts = new EnumMap<>(Timeout.class);
    private final ApplicationData applicationData = new ApplicationData();

    private ServerAddress server;
    private String hostname;
    private boolean requireAll;
    private Pipelining pipelining = Pipelining.LIBESMTP;
    private SmtpEvents events = SmtpEvents.DEFAULTS;
    private Monitor monitor;
    private boolean monitorHeaders;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private LineEndings lineEndings = LineEndings.CANONICALIZE;
    private boolean prescan = true;
    private Limits limits = Limits.DEFAULT;
    private StartTlsMode startTls = StartTlsMode.DISABLED;
    private TlsSettings tls = TlsSettings.DEFAULT;
    private boolean implicitTls;
    private AuthSettings auth;

    private boolean running;
    private boolean closed;

    Session(SmtpEngine engine, SessionDriver driver) {
        this.engine = engine;
        this.driver = driver;
        for (Timeout t : Timeout.values()) {
            timeouts.put(t, t.rfcMinimum());
        }
    }

    /** @return the engine running this session */
    public SmtpEngine engine() {
        return engine;
    }

    /**
     * Sets the server ({@code smtp_set_server}): {@code host[:port]}, where the port is a number
     * or a service name and defaults to 587; or {@code [IPv6 address]:port}.
     *
     * @param hostPort the server
     */
    public void setServer(String hostPort) {
        checkNotRunning();
        ServerAddress parsed = ServerAddress.parse(hostPort);
        driver.checkServer(parsed);
        server = parsed;
    }

    /** @return the server as set, or null ({@code smtp_get_server_name}) */
    public ServerAddress server() {
        return server;
    }

    /**
     * Sets the name sent in EHLO/HELO and used in generated Message-Ids
     * ({@code smtp_set_hostname}). Null (the default) uses this machine's node name, like
     * libESMTP's {@code uname()}.
     *
     * @param name a domain name or address literal, or null
     */
    public void setHostname(String name) {
        checkNotRunning();
        if (name != null) {
            Validation.checkEhloName(name);
        }
        hostname = name;
    }

    /** @return the EHLO name as set, or null for the node name */
    public String hostname() {
        return hostname;
    }

    /**
     * Sets a timeout, raised to the RFC 5321 minimum ({@code smtp_set_timeout}).
     *
     * @param which the phase
     * @param value the timeout
     * @return the timeout now in force
     */
    public Duration setTimeout(Timeout which, Duration value) {
        return setTimeout(which, value, false);
    }

    /**
     * Sets a timeout ({@code smtp_set_timeout}, with {@code Timeout_OVERRIDE_RFC2822_MINIMUM}
     * when {@code overrideRfcMinimum}): below the RFC minimum only with the override, and never
     * below one second.
     *
     * @param which the phase
     * @param value the timeout, positive
     * @param overrideRfcMinimum allow values below the RFC minimum
     * @return the timeout now in force
     */
    public Duration setTimeout(Timeout which, Duration value, boolean overrideRfcMinimum) {
        checkNotRunning();
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(value, "value");
        if (value.isNegative() || value.isZero()) {
            throw new InvalidArgumentException("timeout " + which, "must be positive: " + value);
        }
        Duration effective = which.effective(value, overrideRfcMinimum);
        timeouts.put(which, effective);
        return effective;
    }

    /**
     * @param which the phase
     * @return the timeout in force
     */
    public Duration timeout(Timeout which) {
        return timeouts.get(which);
    }

    /**
     * Bounds each TCP connect attempt (default 30 seconds, as Postfix's
     * {@code smtp_connect_timeout}). libESMTP has no connect timeout: see COMPATIBILITY.md.
     *
     * @param value the bound, positive
     */
    public void setConnectTimeout(Duration value) {
        checkNotRunning();
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidArgumentException("connect timeout", "must be positive");
        }
        connectTimeout = value;
    }

    /** @return the connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * libESMTP's {@code smtp_option_require_all_recipients}: a message whose RCPTs do not all
     * succeed is abandoned with RSET, and DATA is never pipelined after the last RCPT.
     *
     * @param on whether every recipient must be accepted
     */
    public void requireAllRecipients(boolean on) {
        checkNotRunning();
        requireAll = on;
    }

    /** @return whether all recipients are required */
    public boolean requiresAllRecipients() {
        return requireAll;
    }

    /**
     * How commands are grouped into one write when the server offers PIPELINING (RFC 2920):
     * libESMTP's batching (the default), none, or as much as RFC 2920 allows (one round trip per
     * message instead of three). libESMTP has no such option: the libesmtp engine accepts only
     * {@link Pipelining#LIBESMTP}.
     *
     * @param mode the grouping
     * @throws InvalidArgumentException when the engine cannot group commands that way
     */
    public void setPipelining(Pipelining mode) {
        checkNotRunning();
        driver.checkPipelining(Objects.requireNonNull(mode, "mode"));
        pipelining = mode;
    }

    /** @return how commands are grouped under PIPELINING */
    public Pipelining pipelining() {
        return pipelining;
    }

    /**
     * Sets the event listener ({@code smtp_set_eventcb}); null restores the defaults.
     *
     * @param listener the listener
     */
    public void setEventListener(SmtpEvents listener) {
        checkNotRunning();
        events = listener == null ? SmtpEvents.DEFAULTS : listener;
    }

    /** @return the event listener */
    public SmtpEvents eventListener() {
        return events;
    }

    /**
     * Sets the protocol monitor ({@code smtp_set_monitorcb}); null removes it.
     *
     * @param monitor the monitor
     * @param headers whether each processed message header is also reported
     */
    public void setMonitor(Monitor monitor, boolean headers) {
        checkNotRunning();
        this.monitor = monitor;
        this.monitorHeaders = monitor != null && headers;
    }

    /** @return the monitor, or null */
    public Monitor monitor() {
        return monitor;
    }

    /** @return whether the monitor also receives processed headers */
    public boolean monitorsHeaders() {
        return monitorHeaders;
    }

    /**
     * What to do with bare CR and bare LF in message content: canonicalise them to CRLF (the
     * default) or refuse the message. libESMTP sends them unchanged (SMTP smuggling, hostile case
     * E8); the facade canonicalises for both engines.
     *
     * @param policy the policy
     */
    public void setLineEndings(LineEndings policy) {
        checkNotRunning();
        lineEndings = Objects.requireNonNull(policy, "policy");
    }

    /** @return the line-ending policy */
    public LineEndings lineEndings() {
        return lineEndings;
    }

    /**
     * Whether {@link #start()} reads each message's content once before connecting, to refuse
     * invalid content (over-long lines, bare line ends under {@link LineEndings#REJECT}) with an
     * {@link InvalidContentException} before anything is sent, and to know its size. On by
     * default. Off, content is read once; a problem found while streaming drops the connection
     * without ending the data, and the message fails with a local permanent status.
     *
     * @param on whether to prescan
     */
    public void setContentPrescan(boolean on) {
        checkNotRunning();
        prescan = on;
    }

    /** @return whether content is prescanned */
    public boolean contentPrescan() {
        return prescan;
    }

    /**
     * Sets the bounds on server replies and on the whole session.
     *
     * @param limits the limits
     */
    public void setLimits(Limits limits) {
        checkNotRunning();
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** @return the limits in force */
    public Limits limits() {
        return limits;
    }

    /**
     * When to use STARTTLS ({@code smtp_starttls_enable}).
     *
     * @param mode DISABLED (the default), ENABLED or REQUIRED
     */
    public void setStartTls(StartTlsMode mode) {
        checkNotRunning();
        driver.checkTls(Objects.requireNonNull(mode, "mode"), implicitTls, tls);
        startTls = mode;
    }

    /** @return the STARTTLS mode */
    public StartTlsMode startTls() {
        return startTls;
    }

    /**
     * How TLS is set up: trust, client certificate, expected host name
     * ({@code smtp_starttls_set_ctx} and libESMTP's certificate files).
     *
     * @param settings the settings
     */
    public void setTls(TlsSettings settings) {
        checkNotRunning();
        TlsSettings s = Objects.requireNonNull(settings, "settings");
        driver.checkTls(startTls, implicitTls, s);
        tls = s;
    }

    /** @return the TLS settings */
    public TlsSettings tls() {
        return tls;
    }

    /**
     * Implicit TLS (RFC 8314, port 465): the connection is TLS from its first byte. libESMTP has
     * no such mode; the libesmtp engine refuses it.
     *
     * @param on whether to use implicit TLS
     */
    public void setImplicitTls(boolean on) {
        checkNotRunning();
        driver.checkTls(startTls, on, tls);
        implicitTls = on;
    }

    /** @return whether implicit TLS is used */
    public boolean implicitTls() {
        return implicitTls;
    }

    /**
     * Enables SMTP AUTH with these settings ({@code smtp_auth_set_context}); null disables it.
     *
     * @param settings the settings, or null
     */
    public void setAuth(AuthSettings settings) {
        checkNotRunning();
        if (settings != null) {
            driver.checkAuth(settings);
        }
        auth = settings;
    }

    /** @return the AUTH settings, or null when AUTH is off */
    public AuthSettings auth() {
        return auth;
    }

    /**
     * Adds a message ({@code smtp_add_message}).
     *
     * @return the new message
     */
    public Message addMessage() {
        checkNotRunning();
        Message m = new Message(this, messages.size() + 1);
        messages.add(m);
        return m;
    }

    /** @return the messages in the order added ({@code smtp_enumerate_messages}) */
    public List<Message> messages() {
        return messagesView;
    }

    /**
     * Adds an ETRN node ({@code smtp_etrn_add_node}); ETRN becomes required.
     *
     * @param domain the domain whose queue the server should run
     * @param option the domain alone, or with its subdomains
     * @return the node
     */
    public EtrnNode addEtrnNode(String domain, EtrnNode.Option option) {
        checkNotRunning();
        Objects.requireNonNull(option, "option");
        Validation.checkEtrnDomain(domain);
        EtrnNode n = new EtrnNode(this, option, domain);
        etrnNodes.add(n);
        return n;
    }

    /** @return the ETRN nodes ({@code smtp_etrn_enumerate_nodes}) */
    public List<EtrnNode> etrnNodes() {
        return etrnView;
    }

    /**
     * Attaches application data ({@code smtp_set_application_data_release}).
     *
     * @param <T> the data type
     * @param data the data, may be null
     * @param release called with the data when it is replaced or the session closes; may be null
     */
    public <T> void setApplicationData(T data, Consumer<? super T> release) {
        applicationData.set(data, release);
    }

    /** @return the application data, or null ({@code smtp_get_application_data}) */
    public Object applicationData() {
        return applicationData.get();
    }

    /**
     * Runs the SMTP dialogue ({@code smtp_start_session}): connects, sends every message that
     * has a recipient that is not complete, quits. Server refusals are not exceptions: read each
     * recipient's {@link Recipient#outcome()}.
     *
     * @return the session-level result
     * @throws IllegalStateException when no server is set, a message has no content source, the
     *     session is closed, or start is called from inside an event
     * @throws InvalidContentException when a message's content is invalid (before connecting)
     */
    public StartResult start() {
        checkNotRunning();
        if (server == null) {
            throw new IllegalStateException("no server set: call setServer(\"host:port\") before start()");
        }
        for (Message m : messages) {
            if (m.messageSource() == null) {
                throw new IllegalStateException("message " + m.index() + " has no content: call setMessageSource() before start()");
            }
        }
        int port = server.port();
        SessionRun run = new SessionRun(this, port, resolveHostname());
        // libESMTP (§5.1) looks for something to send before it resolves the service, so
        // NOTHING_TO_DO wins over EAI_SERVICE.
        if (run.messages().isEmpty() && etrnNodes.isEmpty()) {
            return new StartResult(false, SmtpError.NOTHING_TO_DO, 0, "no message has a recipient left to send");
        }
        if (port < 0) {
            return new StartResult(false, SmtpError.EAI_SERVICE, 0, "unknown port or service \"" + server.service() + "\"");
        }
        if (prescan) {
            run.prescanContent();
        }
        running = true;
        try {
            StartResult result = driver.start(run);
            LOG.log(System.Logger.Level.DEBUG, "start on {0}: {1}", engine.name(), result);
            return result;
        } finally {
            running = false;
            run.deriveOutcomes();
        }
    }

    private String resolveHostname() {
        return hostname != null ? hostname : LocalHostname.get();
    }

    /**
     * Closes the session ({@code smtp_destroy_session}): releases the engine's resources and
     * calls every application-data release callback. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (running) {
            throw new IllegalStateException("close() called from inside start()");
        }
        closed = true;
        try {
            driver.close();
        } finally {
            for (Message m : messages) {
                for (Recipient r : m.recipients()) {
                    r.applicationDataHolder().releaseCurrent();
                }
                m.applicationDataHolder().releaseCurrent();
                closeQuietly(m);
            }
            for (EtrnNode n : etrnNodes) {
                n.applicationDataHolder().releaseCurrent();
            }
            applicationData.releaseCurrent();
        }
    }

    private static void closeQuietly(Message m) {
        MessageSource source = m.messageSource();
        if (source == null) {
            return;
        }
        try {
            source.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the content of message " + m.index(), e);
        }
    }

    void checkNotRunning() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        if (running) {
            throw new IllegalStateException("the session is running: it cannot be changed from inside an event");
        }
    }

    SessionDriver driverCheck() {
        return driver;
    }

    @Override
    public String toString() {
        return "Session[" + engine.name() + " -> " + server + ", " + messages.size() + " message(s)]";
    }
}
