package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.esmtp4j.spi.CanonicalContent;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/**
 * One {@code smtp_start_session} on a libESMTP session built from the facade's request, with
 * the callbacks that carry libESMTP's events, content reads and trace back to the facade.
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
    private final Map<Long, Message> messageByPeer = new HashMap<>();
    private final Map<Long, Recipient> recipientByPeer = new HashMap<>();
    private final Map<Message, Pointer> nativeMessage = new HashMap<>();
    private final Map<Message, Integer> indexOf = new IdentityHashMap<>();
    private final List<Pointer> nativeNodes = new ArrayList<>();
    private final boolean[] etrnReported;
    private final boolean[] contentDone;
    private final Set<Message> mailReplied = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Memory chunk = new Memory(StartRequest.CONTENT_READ_SIZE);
    private final byte[] chunkBytes = new byte[StartRequest.CONTENT_READ_SIZE];
    private final LibEsmtp.MessageCallback messageCallback = this::readContent;
    private final Shim.EventCallback eventCallback = this::event;
    private final LibEsmtp.MonitorCallback monitorCallback = this::monitor;
    private final TlsEvents tlsEvents;
    private Pointer eventState;
    private TlsContext tlsContext;
    private NativeAuth auth;
    private AuthTraceRedactor redactor;
    private CanonicalContent content;
    private Message contentMessage;
    private Throwable failure;
    private boolean connected;
    /**
     * Whether the last bytes libESMTP read ended with LF. libESMTP re-attaches the monitor before
     * it reads the reply to the end of data (DATA path), so this tells a complete final reply from
     * one cut short. Not after BDAT, where libESMTP never re-attaches the monitor (§8.3 #15).
     */
    private boolean lastReadEndedWithLf = true;

    NativeRun(StartRequest request) {
        this.request = request;
        this.callbacks = request.callbacks();
        this.messages = request.messages();
        this.etrnReported = new boolean[request.etrnNodes().size()];
        this.contentDone = new boolean[messages.size()];
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
        eventState = Shim.shim_set_eventcb(session, eventCallback, callbacks.wantsMessageData() ? 1 : 0);
        if (eventState == null) {
            throw new OutOfMemoryError("shim_set_eventcb failed");
        }
        configureTls();
        configureAuth();
        if (callbacks.tracing() && auth != null) {
            redactor = new AuthTraceRedactor(callbacks::trace);
        }
        // Always installed: besides the application's trace, it tells whether the last reply read
        // ended with its line end (see lastReadEndedWithLf).
        LibEsmtp.smtp_set_monitorcb(session, monitorCallback, null, callbacks.tracingHeaders() ? 1 : 0);
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
        Pointer nm = LibEsmtp.smtp_add_message(session);
        checkPointer(nm, "smtp_add_message");
        messageByPeer.put(Pointer.nativeValue(nm), m);
        indexOf.put(m, index);
        nativeMessage.put(m, nm);
        if (m.hasReversePath()) {
            check(LibEsmtp.smtp_set_reverse_path(nm, m.reversePath()), "smtp_set_reverse_path");
        }
        check(LibEsmtp.smtp_set_messagecb(nm, messageCallback, new Pointer(index)), "smtp_set_messagecb");
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
            Pointer nr = LibEsmtp.smtp_add_recipient(nm, r.mailbox());
            checkPointer(nr, "smtp_add_recipient");
            recipientByPeer.put(Pointer.nativeValue(nr), r);
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

    /** libESMTP's message callback: rewind when {@code len} is NULL, else the next chunk. */
    private Pointer readContent(Pointer ctx, Pointer len, Pointer arg) {
        int index = (int) Pointer.nativeValue(arg);
        try {
            if (failure != null) {
                return abortRead(len);
            }
            Message m = messages.get(index);
            if (len == null) {
                closeContent();
                content = request.openContent(m);
                contentMessage = m;
                return null;
            }
            if (content == null || contentMessage != m) {
                len.setInt(0, 0);
                return null;
            }
            int n = content.read(chunkBytes, 0, chunkBytes.length);
            if (n <= 0) {
                if (!contentDone[index]) {
                    contentDone[index] = true;
                    // libESMTP writes the end of data right after the last read.
                    callbacks.endOfDataSent(m);
                }
                len.setInt(0, 0);
                return null;
            }
            chunk.write(0, chunkBytes, 0, n);
            len.setInt(0, n);
            return chunk;
        } catch (IOException e) {
            return abortRead(len);
        } catch (RuntimeException | Error e) {
            remember(e);
            return abortRead(len);
        }
    }

    /** Ends the transfer with an error: libESMTP drops the connection without the dot (spec §4.1). */
    private Pointer abortRead(Pointer len) {
        if (len != null) {
            Native.setLastError(EIO);
            len.setInt(0, 0);
        }
        return null;
    }

    private void closeContent() {
        content = null;
        contentMessage = null;
    }

    private void event(Pointer s, int event, Pointer p1, Pointer p2, NativeLong n1, Pointer flag) {
        if (failure != null) {
            return;
        }
        try {
            dispatch(event, p1, p2, n1 == null ? 0 : n1.longValue(), flag);
        } catch (RuntimeException | Error e) {
            remember(e);
        }
    }

    private void dispatch(int event, Pointer p1, Pointer p2, long n1, Pointer flag) {
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
            case 1: { // SMTP_EV_MAILSTATUS (mailbox, message)
                Message m = messageByPeer.get(Pointer.nativeValue(p2));
                mailReplied.add(m);
                callbacks.mailReply(m, NativeStatus.read(LibEsmtp.smtp_reverse_path_status(p2)));
                break;
            }
            case 2: { // SMTP_EV_RCPTSTATUS (mailbox, recipient)
                Recipient r = recipientByPeer.get(Pointer.nativeValue(p2));
                callbacks.recipientReply(r, NativeStatus.read(LibEsmtp.smtp_recipient_status(p2)));
                break;
            }
            case 3: // SMTP_EV_MESSAGEDATA (message, len)
                callbacks.messageData(messageByPeer.get(Pointer.nativeValue(p1)), (int) n1);
                break;
            case 4: { // SMTP_EV_MESSAGESENT (message)
                Message m = messageByPeer.get(Pointer.nativeValue(p1));
                Status status = NativeStatus.read(LibEsmtp.smtp_message_transfer_status(p1));
                boolean dataSent = contentDone[indexOf.get(m)];
                if (!dataSent && (status.isTransientFailure() || status.isPermanentFailure())) {
                    callbacks.dataRefused(m, status);
                } else if (dataSent && !lastReadEndedWithLf) {
                    // libESMTP never checks that a reply's first line ended (spec §5.7): "250 q"
                    // followed by a closed connection becomes a 250. A reply cut short is no
                    // reply (hostile case A7): report nothing, and the outcome is UNKNOWN.
                    return;
                } else {
                    callbacks.transferReply(m, status);
                }
                break;
            }
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

    /**
     * The message whose MAIL is being built: libESMTP sends messages in order and raises
     * DELIVERBY_EXPIRED before that MAIL's reply, so it is the first without a MAIL status yet.
     */
    private Message currentMailMessage() {
        for (Message m : messages) {
            if (!mailReplied.contains(m)) {
                return m;
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

    private void monitor(Pointer buf, int buflen, int writing, Pointer arg) {
        if (failure != null || buflen <= 0) {
            return;
        }
        try {
            if (writing == 0) {
                lastReadEndedWithLf = buf.getByte(buflen - 1) == '\n';
            }
            if (!callbacks.tracing()) {
                return;
            }
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
        }
    }

    @Override
    public void close() {
        LibEsmtp.smtp_destroy_session(session);
        if (eventState != null) {
            Shim.shim_free(eventState);
            eventState = null;
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
