package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.HeaderEntry;
import org.esmtp4j.HeaderKind;
import org.esmtp4j.HeaderMailbox;
import org.esmtp4j.Message;
import org.esmtp4j.Monitor;
import org.esmtp4j.Notify;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Status;
import org.esmtp4j.Timeout;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/**
 * One {@code smtp_start_session} on a libESMTP session built from the facade's request, with
 * the callbacks that carry libESMTP's events, content reads and trace back to the facade.
 *
 * <p>libESMTP's callbacks are the shim's ({@code shim_run_new}): its reader returns the chunks
 * that {@link ContentFeed} puts in the shim's buffer and the end of the content by itself, its
 * monitor keeps what {@link #dispatch} needs to know about the last read and calls Java only when
 * the application traces, and its event trampoline passes messages and recipients as indexes.
 * So a small message costs Java one content call and its events.
 *
 * <p>Lifetime rules (spec §10.1): every callback object and native buffer handed to C is a field
 * of this object, which outlives {@code smtp_destroy_session}; the message callback never touches
 * {@code *ctx}, which libESMTP frees with {@code free()}; {@code smtp_errno()} is read on this
 * thread right after the call. A Java exception never crosses into C: callbacks catch it, stop
 * the transfer, and {@link #start()} rethrows it after libESMTP returns. The TLS context and the
 * SASL context are this start's own and are freed after {@code smtp_destroy_session}, which
 * releases libESMTP's references to them.
 */
final class NativeRun implements AutoCloseable {

    private static final int EIO = 5;
    /** A value of {@code smtp_errno()} set just before the start, to tell "untouched" from a fresh error. */
    private static final int ERRNO_SENTINEL = SmtpError.INVAL.code();

    private final StartRequest request;
    private final SessionCallbacks callbacks;
    private final Pointer session;
    private final List<Message> messages;
    /** Recipients in the order of their ordinals ({@code shim_add_recipient}). */
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<Pointer> nativeNodes = new ArrayList<>();
    private final boolean[] etrnReported;
    /** Whether {@code endOfDataSent} was reported for the message. */
    private final boolean[] endReported;
    private final boolean[] mailReplied;

    private final Shim.FillCallback fillCallback = this::fill;
    private final Shim.EventCallback eventCallback = this::event;
    private final Shim.MonitorCallback monitorCallback = this::monitor;
    private final TlsEvents tlsEvents;
    private Pointer run;
    private ContentFeed feed;
    /** The status events the shim logs instead of calling Java; null when they call Java. */
    private DeferredEvents deferred;
    private TlsContext tlsContext;
    private NativeAuth auth;
    private AuthTraceRedactor redactor;
    private Throwable failure;
    private boolean connected;

    NativeRun(StartRequest request) {
        this.request = request;
        this.callbacks = request.callbacks();
        this.messages = request.messages();
        this.etrnReported = new boolean[request.etrnNodes().size()];
        this.endReported = new boolean[messages.size()];
        this.mailReplied = new boolean[messages.size()];
        this.tlsEvents = new TlsEvents(callbacks, request.session().tls().trustAnyCertificate());
        this.session = LibEsmtp.smtp_create_session();
        if (session == null) {
            throw new OutOfMemoryError("smtp_create_session failed");
        }
    }

    StartResult start() {
        try {
            configure();
        } catch (TlsSetupException e) {
            // Never libESMTP's fallback to cleartext on a context problem (§8.3 #21): nothing is sent.
            return new StartResult(false, SmtpError.CLIENT_ERROR, 0, "TLS setup failed: " + e.getMessage());
        }
        // smtp_errno() is never cleared by a successful call (spec §1.1): set a known value so
        // that an untouched errno can be told from one set during this start.
        LibEsmtp.smtp_version(null, new SizeT(0), 0);
        int ok = LibEsmtp.smtp_start_session(session);
        int errno = LibEsmtp.smtp_errno();
        deliverDeferred();
        reportEndsOfData();
        if (auth != null) {
            auth.wipeAnswers();
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return result(ok != 0, errno);
    }

    private StartResult result(boolean ok, int errno) {
        boolean untouched = errno == ERRNO_SENTINEL || errno == 0;
        if (ok) {
            return untouched ? new StartResult(true, SmtpError.NONE, 0, "")
                    : new StartResult(true, SmtpError.fromCode(errno), errno < 0 ? -errno : 0, strerror(errno));
        }
        if (untouched) {
            // libESMTP 1.1.0 returns 0 with errno 0 or stale when every server it reached
            // refused the session (spec §5.9, §8.3 #19).
            return new StartResult(false, connected ? SmtpError.NO_USABLE_SERVER : SmtpError.SYSTEM,
                    connected ? 0 : EIO, connected ? "every server refused the session" : "no connection");
        }
        return new StartResult(false, SmtpError.fromCode(errno), errno < 0 ? -errno : 0, strerror(errno));
    }

    private static String strerror(int errno) {
        Memory buf = new Memory(256);
        Pointer p = LibEsmtp.smtp_strerror(errno, buf, new SizeT(buf.size()));
        return p == null ? "" : p.getString(0, "UTF-8");
    }

    // ---- building the libESMTP session from the request ----

    private void configure() throws TlsSetupException {
        check(LibEsmtp.smtp_set_server(session, request.server().host() + ":" + request.server().service()), "smtp_set_server");
        check(LibEsmtp.smtp_set_hostname(session, request.localHostname()), "smtp_set_hostname");
        for (Timeout t : Timeout.values()) {
            // The facade already applied the RFC floor; the override keeps libESMTP from raising it again.
            long ms = Math.max(1000, request.timeout(t).toMillis());
            LibEsmtp.smtp_set_timeout(session, t.libesmtpCode() | LibEsmtp.TIMEOUT_OVERRIDE_RFC2822_MINIMUM,
                    new NativeLong(ms));
        }
        LibEsmtp.smtp_option_require_all_recipients(session, request.requireAllRecipients() ? 1 : 0);
        // The shim's monitor is always installed: besides the application's trace, it tells
        // whether the last reply read ended with its line end (see dispatch, MESSAGESENT).
        // A monitor or a listener of these events sees them as they happen (and may throw).
        boolean defer = !callbacks.tracing() && !DeferredEvents.listensToStatusEvents(request.session().eventListener());
        run = Shim.shim_run_new(session, messages.size(), StartRequest.CONTENT_READ_SIZE, eventCallback, defer ? 1 : 0,
                callbacks.wantsMessageData() ? 1 : 0, fillCallback, callbacks.tracing() ? monitorCallback : null,
                callbacks.tracingHeaders() ? 1 : 0);
        if (run == null) {
            throw new OutOfMemoryError("shim_run_new failed");
        }
        if (defer) {
            deferred = new DeferredEvents(run);
        }
        feed = new ContentFeed(request, Shim.shim_run_chunk(run));
        configureTls();
        configureAuth();
        if (callbacks.tracing() && auth != null) {
            redactor = new AuthTraceRedactor(callbacks::trace);
        }
        for (int i = 0; i < messages.size(); i++) {
            addMessage(i, messages.get(i));
        }
        for (EtrnNode node : request.etrnNodes()) {
            Pointer n = LibEsmtp.smtp_etrn_add_node(session, node.option().libesmtpOption(), node.domain());
            checkPointer(n, "smtp_etrn_add_node");
            nativeNodes.add(n);
        }
    }

    /** STARTTLS with this start's own OpenSSL context (spec §6.4; see {@link TlsContext}). */
    private void configureTls() throws TlsSetupException {
        StartTlsMode mode = request.session().startTls();
        if (mode == StartTlsMode.DISABLED) {
            return;
        }
        TlsSettings settings = request.session().tls();
        String reference = settings.expectedHostName() != null ? settings.expectedHostName() : request.server().host();
        tlsContext = TlsContext.create(settings, reference);
        check(LibEsmtp.smtp_starttls_set_ctx(session, tlsContext.sslContext()), "smtp_starttls_set_ctx");
        check(LibEsmtp.smtp_starttls_enable(session, mode.libesmtpCode()), "smtp_starttls_enable");
    }

    /** AUTH when the settings have an interaction: without one libESMTP skips AUTH (§7.2). */
    private void configureAuth() {
        AuthSettings settings = request.session().auth();
        if (settings == null || settings.interaction() == null) {
            return;
        }
        auth = new NativeAuth(settings, request.session().startTls(), tlsEvents::up, this::remember);
        check(LibEsmtp.smtp_auth_set_context(session, auth.context()), "smtp_auth_set_context");
    }

    private void addMessage(int index, Message m) {
        Pointer nm = Shim.shim_add_message(run, session, index, m.hasReversePath() ? m.reversePath() : null);
        checkPointer(nm, "smtp_add_message or smtp_set_reverse_path");
        addHeaders(nm, m);
        if (m.dsnReturn() != null) {
            LibEsmtp.smtp_dsn_set_ret(nm, m.dsnReturn() == org.esmtp4j.DsnReturn.FULL ? 1 : 2);
        }
        if (m.dsnEnvelopeId() != null) {
            LibEsmtp.smtp_dsn_set_envid(nm, m.dsnEnvelopeId());
        }
        if (m.sizeEstimate() > 0) {
            LibEsmtp.smtp_size_set_estimate(nm, new NativeLong(m.sizeEstimate()));
        }
        if (m.bodyType() != null) {
            LibEsmtp.smtp_8bitmime_set_body(nm, m.bodyType().libesmtpCode());
        }
        if (m.deliverByMode() != null) {
            LibEsmtp.smtp_deliverby_set_mode(nm, new NativeLong(m.deliverByTime()), m.deliverByMode().libesmtpCode(),
                    m.deliverByTrace() ? 1 : 0);
        }
        for (Recipient r : request.recipientsToSend(m)) {
            Pointer nr = Shim.shim_add_recipient(nm, recipients.size(), r.mailbox());
            checkPointer(nr, "smtp_add_recipient");
            recipients.add(r);
            if (!r.dsnNotify().isEmpty()) {
                LibEsmtp.smtp_dsn_set_notify(nr, Notify.toLibesmtpFlags(r.dsnNotify()));
            }
            if (r.dsnOriginalRecipientType() != null) {
                LibEsmtp.smtp_dsn_set_orcpt(nr, r.dsnOriginalRecipientType(), r.dsnOriginalRecipientAddress());
            }
        }
    }

    /**
     * Replays the facade's header settings as libESMTP calls. List values go in reverse call
     * order because libESMTP prints them reversed (§8.3 #16): the result is the call order, as
     * the java engine prints it.
     */
    private void addHeaders(Pointer nm, Message m) {
        for (HeaderEntry e : m.headers().entries()) {
            String name = e.name();
            switch (e.kind()) {
                case DATE:
                    e.date().ifPresent(when -> check(Shim.shim_set_header_date(nm, when.getEpochSecond()), "smtp_set_header Date"));
                    break;
                case MESSAGE_ID:
                    e.messageId().ifPresent(id -> check(Shim.shim_set_header_text(nm, name, id), "smtp_set_header Message-Id"));
                    break;
                case TEXT:
                    check(Shim.shim_set_header_text(nm, name, e.text().orElse(null)), "smtp_set_header " + name);
                    break;
                case FIXED:
                    break;
                default:
                    List<HeaderMailbox> boxes = e.mailboxes();
                    if (e.generatesFromEnvelope() || (boxes.isEmpty() && !"From".equalsIgnoreCase(name))) {
                        check(Shim.shim_set_header_mailbox(nm, name, null, null), "smtp_set_header " + name);
                    }
                    for (int i = boxes.size() - 1; i >= 0; i--) {
                        HeaderMailbox b = boxes.get(i);
                        check(Shim.shim_set_header_mailbox(nm, name, b.escapedPhrase(), b.mailbox()), "smtp_set_header " + name);
                    }
                    break;
            }
        }
        for (HeaderEntry e : m.headers().allEntries()) {
            if (e.kind() == HeaderKind.TEXT && !e.isListed() && !e.isProhibited()) {
                // A name known only through an option is registered in libESMTP's table too, so
                // that a duplicate of it in the message is dropped as on the java engine
                // (smtp_set_header_option inserts the name; OVERRIDE 0 changes nothing else).
                check(Shim.shim_set_header_option(nm, e.name(), 0, 0), "smtp_set_header_option " + e.name());
            }
            if (e.isOverride() && overridable(e)) {
                check(Shim.shim_set_header_option(nm, e.name(), 0, 1), "smtp_set_header_option OVERRIDE " + e.name());
            }
            if (e.isProhibited()) {
                check(Shim.shim_set_header_option(nm, e.name(), 1, 1), "smtp_set_header_option PROHIBIT " + e.name());
            }
        }
    }

    /**
     * libESMTP 1.1.0 aborts the process (an assert) when OVERRIDE is set on a header that has no
     * value and no generated default, and the header appears in the message (§8.3 #9). Without
     * the option the message's header passes through unchanged, which is what the java engine
     * does with a value-less OVERRIDE: so the option is only passed on when it can take effect.
     */
    private static boolean overridable(HeaderEntry e) {
        // libESMTP prints the API header in place (headers.c process_header); it asserts when
        // there is none, i.e. when no set call listed the entry. Date, From and Message-Id are
        // listed from the table's creation.
        return e.isListed();
    }

    private static void check(int result, String call) {
        if (result == 0) {
            throw new IllegalStateException(call + " failed in libESMTP: error " + LibEsmtp.smtp_errno()
                    + " (the facade should have refused this input)");
        }
    }

    private static void checkPointer(Pointer p, String call) {
        if (p == null) {
            throw new IllegalStateException(call + " failed in libESMTP: error " + LibEsmtp.smtp_errno());
        }
    }

    // ---- callbacks from C ----

    /** The shim's reader wants message {@code index}'s next chunk (see {@link ContentFeed}). */
    private int fill(int index, int rewind) {
        deliverDeferred();
        try {
            if (failure != null) {
                return ContentFeed.ABORT;
            }
            return rewind != 0 ? feed.rewind(index, messages.get(index)) : feed.next(index);
        } catch (IOException e) {
            return ContentFeed.ABORT;
        } catch (RuntimeException | Error e) {
            remember(e);
            return ContentFeed.ABORT;
        }
    }

    /**
     * The facade learns that a message's end of data was written when the shim's reader returned
     * the end of its content: at the message's MESSAGESENT, else here, after the session.
     */
    private void reportEndsOfData() {
        if (run == null || messages.isEmpty()) {
            return;
        }
        byte[] done = new byte[messages.size()];
        Shim.shim_run_done(run, done, done.length);
        for (int i = 0; i < done.length; i++) {
            if (done[i] != 0) {
                reportEndOfData(i);
            }
        }
    }

    private void reportEndOfData(int index) {
        if (!endReported[index]) {
            endReported[index] = true;
            callbacks.endOfDataSent(messages.get(index));
        }
    }

    private void event(int event, int index, Pointer p1, Pointer p2, long n1, Pointer flag) {
        deliverDeferred();
        if (failure != null) {
            return;
        }
        try {
            dispatch(event, index, p1, p2, n1, flag);
        } catch (RuntimeException | Error e) {
            remember(e);
        }
    }

    /**
     * The status events logged since Java last ran, before anything else reaches Java (the
     * application's code runs after them, as when each called Java) and after the session.
     * Only the facade's recording runs here: no listener method of these events is overridden.
     */
    private void deliverDeferred() {
        if (deferred != null) {
            deferred.drain(this::statusEvent);
        }
    }

    private void statusEvent(int event, int index, Status status, long n1) {
        if (failure != null) {
            return;
        }
        try {
            switch (event) {
                case 1:
                    mailStatus(index, status);
                    break;
                case 2:
                    recipientStatus(index, status);
                    break;
                default:
                    messageSent(index, status, n1);
                    break;
            }
        } catch (RuntimeException | Error e) {
            remember(e);
        }
    }

    private void dispatch(int event, int index, Pointer p1, Pointer p2, long n1, Pointer flag) {
        switch (event) {
            case 0: // SMTP_EV_CONNECT
                connected = true;
                tlsEvents.connectionStarted();
                if (redactor != null) {
                    redactor.reset();
                }
                callbacks.connected();
                break;
            case 5: // SMTP_EV_DISCONNECT
                callbacks.disconnected();
                break;
            case 1: // SMTP_EV_MAILSTATUS (message index, its reverse path status)
                mailStatus(index, NativeStatus.read(p1));
                break;
            case 2: // SMTP_EV_RCPTSTATUS (recipient ordinal, its status)
                recipientStatus(index, NativeStatus.read(p1));
                break;
            case 3: // SMTP_EV_MESSAGEDATA (message index, len)
                callbacks.messageData(messages.get(index), (int) n1);
                break;
            case 4: // SMTP_EV_MESSAGESENT (message index, its transfer status, flags)
                messageSent(index, NativeStatus.read(p1), n1);
                break;
            case 6: // SMTP_EV_SYNTAXWARNING (int *quit_now)
                flag.setInt(0, callbacks.syntaxWarning() ? 1 : 0);
                break;
            case 1000: // SMTP_EV_ETRNSTATUS (option, domain)
                etrnStatus((int) n1, p1 == null ? "" : p1.getString(0, "UTF-8"));
                break;
            case 2000: // EXTNA_DSN (int *quit_now)
                flag.setInt(0, callbacks.extensionNotAvailable(Extension.DSN) ? 1 : 0);
                break;
            case 2001:
                callbacks.extensionNotAvailable(Extension.EIGHT_BIT_MIME);
                break;
            case 2002:
                callbacks.extensionNotAvailable(Extension.STARTTLS);
                break;
            case 2003:
                flag.setInt(0, callbacks.extensionNotAvailable(Extension.ETRN) ? 1 : 0);
                break;
            case 2004:
                flag.setInt(0, callbacks.extensionNotAvailable(Extension.CHUNKING) ? 1 : 0);
                break;
            case 2005:
                callbacks.extensionNotAvailable(Extension.BINARY_MIME);
                break;
            case 3000: { // DELIVERBY_EXPIRED (long shortfall, int *adjust); raised while MAIL is built
                Message m = currentMailMessage();
                long adjust = m == null ? 0 : callbacks.deliverByExpired(m, n1);
                flag.setInt(0, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, adjust)));
                break;
            }
            default:
                tlsEvents.dispatch(event, p1, p2, n1, flag);
                break;
        }
    }

    private void mailStatus(int index, Status status) {
        mailReplied[index] = true;
        callbacks.mailReply(messages.get(index), status);
    }

    private void recipientStatus(int ordinal, Status status) {
        callbacks.recipientReply(recipients.get(ordinal), status);
    }

    /** MESSAGESENT: {@code flags} are the shim's {@link Shim#SENT_CONTENT_DONE} and {@link Shim#SENT_LAST_READ_LF}. */
    private void messageSent(int index, Status status, long flags) {
        Message m = messages.get(index);
        boolean dataSent = (flags & Shim.SENT_CONTENT_DONE) != 0;
        if (dataSent) {
            reportEndOfData(index);
        }
        // Whether the last bytes read ended with LF: libESMTP re-attaches the monitor before it
        // reads the reply to the end of data (DATA path), so this tells a complete final reply
        // from one cut short. Not after BDAT, where libESMTP never re-attaches the monitor (§8.3 #15).
        boolean lastReadEndedWithLf = (flags & Shim.SENT_LAST_READ_LF) != 0;
        if (!dataSent && (status.isTransientFailure() || status.isPermanentFailure())) {
            callbacks.dataRefused(m, status);
        } else if (dataSent && !lastReadEndedWithLf) {
            // libESMTP never checks that a reply's first line ended (spec §5.7): "250 q"
            // followed by a closed connection becomes a 250. A reply cut short is no reply
            // (hostile case A7): report nothing, and the outcome is UNKNOWN.
            return;
        } else {
            callbacks.transferReply(m, status);
        }
    }

    /**
     * The message whose MAIL is being built: libESMTP sends messages in order and raises
     * DELIVERBY_EXPIRED before that MAIL's reply, so it is the first without a MAIL status yet.
     */
    private Message currentMailMessage() {
        for (int i = 0; i < mailReplied.length; i++) {
            if (!mailReplied[i]) {
                return messages.get(i);
            }
        }
        return null;
    }

    private void etrnStatus(int option, String domain) {
        List<EtrnNode> nodes = request.etrnNodes();
        for (int i = 0; i < nodes.size(); i++) {
            EtrnNode node = nodes.get(i);
            if (!etrnReported[i] && node.domain().equals(domain) && node.option().libesmtpOption() == option) {
                etrnReported[i] = true;
                callbacks.etrnReply(node, NativeStatus.read(LibEsmtp.smtp_etrn_node_status(nativeNodes.get(i))));
                return;
            }
        }
    }

    /** The application's trace (the shim calls this only when it traces; never empty). */
    private void monitor(Pointer buf, int buflen, int writing) {
        if (failure != null) {
            return;
        }
        try {
            byte[] bytes = buf.getByteArray(0, buflen);
            Monitor.Direction d = writing == 0 ? Monitor.Direction.READ
                    : writing == 1 ? Monitor.Direction.WRITE : Monitor.Direction.HEADERS;
            if (redactor != null) {
                redactor.trace(bytes, d);
            } else {
                callbacks.trace(bytes, 0, bytes.length, d);
            }
        } catch (RuntimeException | Error e) {
            remember(e);
        }
    }

    private void remember(Throwable e) {
        if (failure == null) {
            failure = e;
            if (run != null) {
                Shim.shim_run_fail(run);
            }
        }
    }

    @Override
    public void close() {
        LibEsmtp.smtp_destroy_session(session);
        if (run != null) {
            Shim.shim_run_free(run);
            run = null;
        }
        if (auth != null) {
            auth.close();
            auth = null;
        }
        if (tlsContext != null) {
            tlsContext.close();
            tlsContext = null;
        }
    }
}
