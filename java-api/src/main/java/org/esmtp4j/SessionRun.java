package org.esmtp4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.esmtp4j.spi.CanonicalContent;
import org.esmtp4j.spi.ServerAddress;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/**
 * One {@link Session#start()}: the request handed to the engine and the sink for what it
 * reports. It records statuses as they arrive, forwards events to the application's listener,
 * and afterwards derives every attempted recipient's outcome with {@link OutcomeRules}.
 */
final class SessionRun implements StartRequest, SessionCallbacks {

    private final Session session;
    private final int port;
    private final String localHostname;
    private final List<Message> messages = new ArrayList<>();
    private final Map<Message, Attempt> attempts = new IdentityHashMap<>();
    private final SmtpEvents events;
    private final Monitor monitor;
    private final boolean wantsMessageData;
    /** The content buffers every message of this run reads through in turn (prescan, then each transfer). */
    private final CanonicalContent.Buffers contentBuffers = new CanonicalContent.Buffers();

    SessionRun(Session session, int port, String localHostname) {
        this.session = session;
        this.port = port;
        this.localHostname = localHostname;
        this.events = session.eventListener();
        this.monitor = session.monitor();
        this.wantsMessageData = overrides(events, "messageData", Message.class, int.class);
        for (Message m : session.messages()) {
            List<Recipient> pending = new ArrayList<>();
            for (Recipient r : m.recipients()) {
                if (!r.isComplete()) {
                    pending.add(r);
                }
            }
            if (!pending.isEmpty()) {
                messages.add(m);
                attempts.put(m, new Attempt(Collections.unmodifiableList(pending)));
            }
        }
    }

    private static boolean overrides(Object listener, String method, Class<?>... types) {
        try {
            return listener.getClass().getMethod(method, types).getDeclaringClass() != SmtpEvents.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /** Reads every message's content once, refusing invalid content before anything is sent. */
    void prescanContent() {
        for (Message m : messages) {
            try {
                CanonicalContent.Prescan p = CanonicalContent.prescan(m.messageSource(), session.lineEndings(),
                        m.bodyType() == BodyType.BINARY_MIME, contentArgument(m), contentBuffers);
                Attempt a = attempts.get(m);
                a.size = p.size();
                a.eightBit = p.eightBit();
            } catch (IOException e) {
                throw new UncheckedIOException("message " + m.index() + ": cannot read the content", e);
            }
        }
    }

    private static String contentArgument(Message m) {
        return "message " + m.index() + " content";
    }

    // ---- StartRequest ----

    @Override
    public Session session() {
        return session;
    }

    @Override
    public ServerAddress server() {
        return session.server();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String localHostname() {
        return localHostname;
    }

    @Override
    public Duration timeout(Timeout timeout) {
        return session.timeout(timeout);
    }

    @Override
    public Duration connectTimeout() {
        return session.connectTimeout();
    }

    @Override
    public boolean requireAllRecipients() {
        return session.requiresAllRecipients();
    }

    @Override
    public Pipelining pipelining() {
        return session.pipelining();
    }

    @Override
    public List<Message> messages() {
        return Collections.unmodifiableList(messages);
    }

    @Override
    public List<Recipient> recipientsToSend(Message message) {
        return attempt(message).recipients;
    }

    @Override
    public CanonicalContent openContent(Message message) throws IOException {
        // One message is transferred at a time: opening this content retires the one before.
        CanonicalContent content = CanonicalContent.open(message.messageSource(), session.lineEndings(),
                message.bodyType() == BodyType.BINARY_MIME, contentArgument(message), contentBuffers);
        content.rewind();
        return content;
    }

    @Override
    public long contentSize(Message message) {
        return attempt(message).size;
    }

    @Override
    public boolean contentHasEightBit(Message message) {
        return attempt(message).eightBit;
    }

    @Override
    public List<EtrnNode> etrnNodes() {
        return session.etrnNodes();
    }

    @Override
    public SessionCallbacks callbacks() {
        return this;
    }

    @Override
    public Limits limits() {
        return session.limits();
    }

    // ---- SessionCallbacks ----

    @Override
    public void connected() {
        events.connected();
    }

    @Override
    public void disconnected() {
        events.disconnected();
    }

    @Override
    public void mailReply(Message message, Status status) {
        attempt(message).mail = status;
        message.recordReversePathStatus(status);
        events.mailStatus(message);
    }

    @Override
    public void recipientReply(Recipient recipient, Status status) {
        attempt(recipient.message()).rcpt.put(recipient, status);
        recipient.recordStatus(status);
        events.recipientStatus(recipient);
    }

    @Override
    public void messageData(Message message, int length) {
        events.messageData(message, length);
    }

    @Override
    public boolean wantsMessageData() {
        return wantsMessageData;
    }

    @Override
    public void dataRefused(Message message, Status status) {
        attempt(message).dataRefused = status;
        message.recordTransferStatus(status);
        events.messageSent(message);
    }

    @Override
    public void messageAbandoned(Message message) {
        message.recordTransferStatus(Status.NONE);
    }

    @Override
    public void endOfDataSent(Message message) {
        attempt(message).endOfDataSent = true;
    }

    @Override
    public void transferReply(Message message, Status status) {
        Attempt a = attempt(message);
        a.transfer = status;
        if (status.isPositive() && !a.anyRecipientAccepted()) {
            // Invariant I4: a 2xx for data that went to no accepted recipient (RFC 2920 §3.1 lone
            // dot) is not a delivery; never store it as the message status.
            message.recordTransferStatus(Status.ofClient(554, "5.5.0",
                    "no recipient was accepted; the server's " + status.code() + " to the empty data is not a delivery"));
        } else if (status.isPositive() && !a.endOfDataSent) {
            // I4: a 2xx that arrived before the end of data was sent answers DATA itself
            // (hostile case B10): nothing was delivered.
            message.recordTransferStatus(Status.ofClient(451, "4.5.0",
                    "the server answered " + status.code() + " before the message was sent; nothing was delivered"));
        } else {
            message.recordTransferStatus(status);
        }
        events.messageSent(message);
    }

    @Override
    public void messageRefusedLocally(Message message, Status localStatus) {
        attempt(message).local = localStatus;
        message.recordTransferStatus(localStatus);
    }

    @Override
    public void etrnReply(EtrnNode node, Status status) {
        node.recordStatus(status);
        events.etrnStatus(node);
    }

    @Override
    public boolean syntaxWarning() {
        return events.syntaxWarning();
    }

    @Override
    public boolean extensionNotAvailable(Extension extension) {
        boolean quit = events.extensionNotAvailable(extension, extension.quitByDefault());
        return extension.alwaysFatal() || quit;
    }

    @Override
    public long deliverByExpired(Message message, long shortfall) {
        return events.deliverByExpired(message, shortfall);
    }

    @Override
    public boolean acceptInvalidPeerCertificate(long verifyResult, String reason) {
        return events.acceptInvalidPeerCertificate(verifyResult, reason);
    }

    @Override
    public boolean acceptNoPeerCertificate() {
        return events.acceptNoPeerCertificate();
    }

    @Override
    public boolean acceptWrongPeerCertificate(String nameInCertificate) {
        return events.acceptWrongPeerCertificate(nameInCertificate);
    }

    @Override
    public boolean acceptWeakCipher(int bits) {
        return events.acceptWeakCipher(bits);
    }

    @Override
    public void startTlsOk(String protocol, String cipher, int bits) {
        events.startTlsOk(protocol, cipher, bits);
    }

    @Override
    public boolean continueWithoutClientCertificate() {
        return events.continueWithoutClientCertificate();
    }

    @Override
    public void unusableClientCertificate() {
        events.unusableClientCertificate();
    }

    @Override
    public void unusableCaList() {
        events.unusableCaList();
    }

    @Override
    public boolean tracing() {
        return monitor != null;
    }

    @Override
    public boolean tracingHeaders() {
        return monitor != null && session.monitorsHeaders();
    }

    @Override
    public void trace(byte[] buffer, int offset, int length, Monitor.Direction direction) {
        if (monitor != null && (direction != Monitor.Direction.HEADERS || session.monitorsHeaders())) {
            monitor.trace(buffer, offset, length, direction);
        }
    }

    // ---- outcomes ----

    /** Derives the outcome (and so the complete flag) of every recipient this run attempted. */
    void deriveOutcomes() {
        for (Message m : messages) {
            Attempt a = attempts.get(m);
            for (Recipient r : a.recipients) {
                r.recordOutcome(OutcomeRules.outcome(a.facts(r)));
            }
        }
    }

    private Attempt attempt(Message message) {
        Attempt a = attempts.get(message);
        if (a == null) {
            throw new IllegalArgumentException("engine reported a message that is not part of this start: " + message);
        }
        return a;
    }

    /** What happened to one message during this run. */
    private static final class Attempt {
        final List<Recipient> recipients;
        /** RCPT replies; sized for the recipients sent (the default table is 64 slots). */
        final Map<Recipient, Status> rcpt;
        Status mail;
        Status dataRefused;
        Status transfer;
        Status local;
        boolean endOfDataSent;
        long size = -1;
        boolean eightBit;

        Attempt(List<Recipient> recipients) {
            this.recipients = recipients;
            this.rcpt = new IdentityHashMap<>(recipients.size());
        }

        boolean anyRecipientAccepted() {
            for (Status s : rcpt.values()) {
                if (s.isPositive()) {
                    return true;
                }
            }
            return false;
        }

        OutcomeRules.Facts facts(Recipient r) {
            return new OutcomeRules.Facts(mail, rcpt.get(r), dataRefused, endOfDataSent, transfer, local);
        }
    }
}
