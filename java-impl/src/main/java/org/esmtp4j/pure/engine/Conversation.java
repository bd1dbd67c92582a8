package org.esmtp4j.pure.engine;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.BodyType;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Pipelining;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Status;
import org.esmtp4j.Timeout;
import org.esmtp4j.pure.io.SmtpChannel;
import org.esmtp4j.pure.protocol.Capabilities;
import org.esmtp4j.pure.protocol.EhloKeyword;
import org.esmtp4j.pure.protocol.EnhancedCode;
import org.esmtp4j.pure.protocol.Reply;
import org.esmtp4j.pure.protocol.ReplyException;
import org.esmtp4j.pure.engine.ExpectedReplies.Expect;
import org.esmtp4j.pure.tls.TlsPeer;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/**
 * The SMTP dialogue on one connection: libESMTP's protocol engine (§5 of the specification),
 * written as straight-line code over a queue of expected replies. Commands are queued with the
 * handler for their reply; {@link #flushAndRead()} sends the batch in one write and handles the
 * replies in order, so PIPELINING batches are exactly libESMTP's (§5.3) and a reply can never be
 * paired with the wrong command.
 *
 * <p>After EHLO, in libESMTP's order (§5.2): STARTTLS and a new EHLO (or implicit TLS before
 * the greeting), then AUTH, then the required-extension check, ETRN and the transactions. Unlike
 * libESMTP (§8.3 #27) the required-extension check also runs when AUTH was attempted.
 */
final class Conversation {

    /** How the dialogue on this connection ended. */
    enum End {
        /** The connection ran its course: do not try another address. */
        DONE,
        /** libESMTP's fallback conditions (§5.1): try the next address. */
        FALLBACK
    }

    private final StartRequest request;
    private final SessionCallbacks callbacks;
    private final SmtpChannel channel;
    private final ExpectedReplies pending = new ExpectedReplies();
    /** Handles the replies that belong to the connection rather than to a transaction. */
    private final ExpectedReplies.Handler own = this::ownReply;
    /** The reply last read for {@link Expect#RETURN}. */
    private Reply returned;
    /** How many ETRN replies were read: the next one answers the node at this index. */
    private int etrnAnswered;
    private final MessageTransfer transfer;
    private final TlsUpgrade tls;

    private Capabilities caps = Capabilities.none();
    private boolean pipelining;
    /** {@link Pipelining#FULL} in force: MAIL and the end of data do not wait for their replies. */
    private boolean eager;
    /** Under FULL: an end of data went out (or is buffered) and its reply is still pending. */
    private boolean endOfDataUnanswered;
    private boolean enhancedCodes;
    private boolean dsnUsable;
    private Timeout quitPhase = Timeout.GREETING;
    private long sentAtLastDrain;
    private SmtpError error = SmtpError.NONE;
    private String errorDetail = "";
    private String fallbackDetail = "";
    private SmtpError fallbackError = SmtpError.NONE;

    Conversation(StartRequest request, SmtpChannel channel) {
        this.request = request;
        this.callbacks = request.callbacks();
        this.channel = channel;
        this.transfer = new MessageTransfer(request, channel);
        this.tls = new TlsUpgrade(request, channel);
    }

    SmtpError error() {
        return error;
    }

    String errorDetail() {
        return errorDetail;
    }

    String fallbackDetail() {
        return fallbackDetail;
    }

    /** @return the error of a fallback that was a read error rather than a refusal, else NONE */
    SmtpError fallbackError() {
        return fallbackError;
    }

    /**
     * Runs the dialogue.
     *
     * @return whether the connection ran its course or the next address should be tried
     */
    End run() {
        try {
            return dialogue();
        } catch (ProtocolAbort abort) {
            error = abort.error();
            errorDetail = abort.getMessage();
            if (abort.sendQuit()) {
                quietQuit();
            }
            return End.DONE;
        } catch (IOException e) {
            error = SmtpError.DROPPED_CONNECTION;
            errorDetail = describe(e);
            return End.DONE;
        }
    }

    private End dialogue() throws ProtocolAbort, IOException {
        channel.setWriteTimeout(request.timeout(Timeout.GREETING));
        if (request.session().implicitTls()) {
            // RFC 8314: TLS from the first byte; nothing can be sent before the greeting, so no
            // QUIT on failure.
            tls.handshake(tls.prepare(false), false);
        }
        Reply greeting;
        try {
            greeting = read(Timeout.GREETING, "greeting");
        } catch (ProtocolAbort abort) {
            if (abort.getCause() instanceof SocketTimeoutException) {
                throw abort; // libESMTP: a greeting timeout ends the session, no fallback (§5.8)
            }
            // libESMTP: garbage or EOF instead of a greeting drops the connection without QUIT
            // and falls back to the next address (§5.2 Greeting).
            fallbackDetail = abort.getMessage();
            fallbackError = abort.error();
            return End.FALLBACK;
        }
        if (greeting.code() != 220) {
            fallbackDetail = "greeting " + greeting.code() + " " + String.join(" ", greeting.lines());
            if (greeting.codeClass() == 4 || greeting.codeClass() == 5) {
                quietQuit();
            }
            // libESMTP: 2xx other than 220 drops without QUIT; both fall back (§5.2 Greeting).
            return End.FALLBACK;
        }
        End helloEnd = hello();
        if (helloEnd != null) {
            return helloEnd;
        }
        if (!authenticate()) {
            quietQuit();
            return End.DONE;
        }
        if (!checkRequiredExtensions()) {
            quietQuit();
            return End.DONE;
        }
        List<EtrnNode> nodes = request.etrnNodes();
        if (!nodes.isEmpty() && caps.has(EhloKeyword.ETRN)) {
            for (EtrnNode node : nodes) {
                queue(CommandFormatter.etrn(node), Timeout.GREETING, Expect.ETRN, own);
                if (!pipelining) {
                    flushAndRead();
                }
            }
            // With PIPELINING the ETRNs go out together with the following MAIL or QUIT (§5.3).
        }
        sendMessages();
        quit();
        return End.DONE;
    }

    /**
     * EHLO (HELO as fallback), then STARTTLS and EHLO again when the mode asks for it; returns
     * null to continue, or how the connection ended.
     */
    private End hello() throws ProtocolAbort, IOException {
        boolean[] helo = {false};
        End end = ehlo(helo);
        if (end != null) {
            return end;
        }
        StartTlsMode mode = request.session().startTls();
        if (channel.isTls() || mode == StartTlsMode.DISABLED) {
            return null;
        }
        if (helo[0] || !caps.has(EhloKeyword.STARTTLS)) {
            if (mode == StartTlsMode.REQUIRED) {
                // libESMTP §5.2 step 1 and the HELO path: EXTNA_STARTTLS is always fatal
                // (hostile case C2): nothing more than QUIT goes out in cleartext.
                callbacks.extensionNotAvailable(Extension.STARTTLS);
                throw new ProtocolAbort(SmtpError.EXTENSION_NOT_AVAILABLE,
                        "STARTTLS is required and the server " + (helo[0] ? "does not speak ESMTP" : "does not offer it"),
                        true, null);
            }
            return null;
        }
        startTls();
        // RFC 3207 §4.2: forget everything learned before TLS and ask again (hostile case C10).
        caps = Capabilities.none();
        pipelining = false;
        eager = false;
        enhancedCodes = false;
        return ehlo(helo);
    }

    /** STARTTLS, the handshake and the checks; throws when the connection must end. */
    private void startTls() throws ProtocolAbort, IOException {
        TlsPeer peer = tls.prepare(true);
        checkInStep();
        channel.writeLine("STARTTLS");
        channel.flush();
        Reply r = read(Timeout.GREETING, "STARTTLS");
        sentAtLastDrain = channel.bytesSent();
        if (r.codeClass() == 4 || r.codeClass() == 5) {
            // libESMTP quits on any refusal, even when TLS is only ENABLED (§6.1, hostile case
            // C3); smtp_errno stays untouched.
            throw new ProtocolAbort(SmtpError.NONE, "STARTTLS refused: " + r.code() + " " + r.firstLine(), true, null);
        }
        if (!r.isPositive()) {
            throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_STATUS, "STARTTLS answered " + r.code(), true, null);
        }
        if (channel.hasUnreadInput()) {
            // Hostile case C1 (response injection, CVE-2011-0411 class): bytes after the 220
            // were sent in plaintext and must never be read as if they came through TLS.
            throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_SYNTAX,
                    "STARTTLS injection: the server sent more than its 220 before the TLS handshake", false, null);
        }
        tls.handshake(peer, true);
        if (channel.hasUnreadInput()) {
            // Hostile case C9: the server spoke inside TLS before the client's EHLO.
            throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_SYNTAX,
                    "the server sent data inside TLS before the client's EHLO", false, null);
        }
        sentAtLastDrain = channel.bytesSent();
    }

    /**
     * SMTP AUTH after EHLO and STARTTLS (§5.2 step 2). Returns false when the session must quit:
     * 534/538, or no mechanism succeeded and {@link AuthSettings#continueUnauthenticated()} is
     * off (hostile cases D1-D3; libESMTP always continues).
     */
    private boolean authenticate() throws ProtocolAbort, IOException {
        AuthSettings settings = request.session().auth();
        if (settings == null || !caps.has(EhloKeyword.AUTH) || caps.authMechanisms().isEmpty()) {
            return true;
        }
        Authenticator auth = new Authenticator(settings, channel.isTls(), tls.clientCommonName(),
                tls.referenceHost(), request.port()).maxRounds(request.limits().maxAuthRounds());
        Authenticator.Result result;
        channel.redactReplies(true);
        try {
            result = auth.run(caps.authMechanisms(), new Authenticator.Wire() {
                @Override
                public Reply send(String line) throws ProtocolAbort, IOException {
                    channel.writeLine(line);
                    return authReply();
                }

                @Override
                public Reply sendSecret(String visible, String secret) throws ProtocolAbort, IOException {
                    channel.writeSecretLine(visible, secret);
                    return authReply();
                }
            });
        } finally {
            channel.redactReplies(false);
        }
        if (result == Authenticator.Result.AUTHENTICATED
                || (result == Authenticator.Result.FAILED && settings.continueUnauthenticated())) {
            return true;
        }
        error = SmtpError.AUTH_FAILED;
        errorDetail = auth.detail();
        return false;
    }

    /** Reads the reply to the AUTH line just written, with the usual out-of-step checks. */
    private Reply authReply() throws ProtocolAbort, IOException {
        // The label, not the line: AUTH lines carry credentials.
        pending.add("AUTH", Timeout.GREETING, Expect.RETURN, own);
        return flushAndReturn();
    }

    /** EHLO, with HELO fallback; returns null to continue, or how the connection ended. */
    private End ehlo(boolean[] helo) throws ProtocolAbort, IOException {
        String name = request.localHostname();
        Reply ehlo = command(CommandFormatter.ehlo(name), Timeout.GREETING);
        if (ehlo.isPositive()) {
            caps = Capabilities.parse(ehlo);
        } else if (ehlo.codeClass() == 4) {
            fallbackDetail = "EHLO answered " + ehlo.code();
            quietQuit();
            return End.FALLBACK;
        } else if (ehlo.code() == 500 || ehlo.code() == 501 || ehlo.code() == 502 || ehlo.code() == 504) {
            // RFC 5321 §3.2 / libESMTP: HELO only when EHLO is "not recognised".
            Reply heloReply = command(CommandFormatter.helo(name), Timeout.GREETING);
            if (!heloReply.isPositive()) {
                fallbackDetail = "HELO answered " + heloReply.code();
                quietQuit();
                return End.FALLBACK;
            }
            caps = Capabilities.none();
            helo[0] = true;
        } else {
            // libESMTP: another 5xx ends the session with QUIT and no error; a code outside
            // 2xx/4xx/5xx is INVALID_RESPONSE_STATUS (§5.2 EHLO).
            error = ehlo.codeClass() == 5 ? SmtpError.NONE : SmtpError.INVALID_RESPONSE_STATUS;
            errorDetail = "EHLO refused: " + ehlo.code() + " " + String.join(" ", ehlo.lines());
            quietQuit();
            return End.DONE;
        }
        pipelining = caps.has(EhloKeyword.PIPELINING) && request.pipelining() != Pipelining.OFF;
        eager = pipelining && request.pipelining() == Pipelining.FULL;
        enhancedCodes = caps.has(EhloKeyword.ENHANCEDSTATUSCODES);
        return null;
    }

    /**
     * libESMTP's required-extension check (§2 EXTNA events, §5.2 step 3), run after EHLO. Returns
     * false when the session must quit with {@link SmtpError#EXTENSION_NOT_AVAILABLE}.
     */
    private boolean checkRequiredExtensions() {
        List<Message> messages = request.messages();
        boolean dsn = false;
        boolean eightBit = false;
        boolean binary = false;
        for (Message m : messages) {
            dsn |= m.dsnRequested();
            BodyType body = m.bodyType();
            eightBit |= body == BodyType.SEVEN_BIT || body == BodyType.EIGHT_BIT_MIME;
            binary |= body == BodyType.BINARY_MIME;
        }
        dsnUsable = caps.has(EhloKeyword.DSN);
        // libESMTP (protocol.c report_extensions) asks about every missing extension, in this
        // order, before it decides to quit.
        boolean quit = false;
        if (dsn && !dsnUsable) {
            quit |= missing(Extension.DSN);
        }
        if (binary && !caps.has(EhloKeyword.CHUNKING)) {
            quit |= missing(Extension.CHUNKING);
        }
        if (binary && !caps.has(EhloKeyword.BINARYMIME)) {
            quit |= missing(Extension.BINARY_MIME);
        }
        if (eightBit && !caps.has(EhloKeyword.EIGHTBITMIME)) {
            quit |= missing(Extension.EIGHT_BIT_MIME);
        }
        if (!request.etrnNodes().isEmpty() && !caps.has(EhloKeyword.ETRN)) {
            quit |= missing(Extension.ETRN);
        }
        return !quit;
    }

    private boolean missing(Extension extension) {
        if (callbacks.extensionNotAvailable(extension)) {
            error = SmtpError.EXTENSION_NOT_AVAILABLE;
            errorDetail = "the server does not offer " + extension;
            return true;
        }
        return false;
    }

    private void sendMessages() throws ProtocolAbort, IOException {
        List<Message> messages = request.messages();
        boolean needRset = false;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Status refusal = transfer.localRefusal(m, caps);
            if (refusal != null) {
                callbacks.messageRefusedLocally(m, refusal);
                continue;
            }
            if (needRset) {
                queue("RSET", Timeout.ENVELOPE, Expect.NOTHING, own);
                if (!pipelining) {
                    flushAndRead();
                }
            }
            if (caps.has(EhloKeyword.XUSR)) {
                // libESMTP sends XUSR before every MAIL and ignores its reply (§5.5).
                queue("XUSR", Timeout.ENVELOPE, Expect.NOTHING, own);
                flushAndRead();
            }
            needRset = !transaction(m);
        }
        // A final failed transaction needs no RSET: QUIT follows (libESMTP §5.2). Under FULL the
        // last end of data may still await its reply: read it before QUIT, never pipeline QUIT
        // after the dot (hostile case G5: a 221 must never be taken for the dot's reply).
        if (endOfDataUnanswered) {
            flushAndRead();
        }
    }

    /**
     * One MAIL..DATA transaction.
     *
     * @return true when it ended cleanly with the server back in the initial state (no RSET needed)
     */
    private boolean transaction(Message m) throws ProtocolAbort, IOException {
        channel.setWriteTimeout(request.timeout(Timeout.ENVELOPE));
        quitPhase = Timeout.ENVELOPE;
        Transaction tx = new Transaction(m, request.recipientsToSend(m));
        queue(CommandFormatter.mail(m.reversePath(), transfer.mailParameters(m, caps, dsnUsable)), Timeout.ENVELOPE,
                Expect.MAIL, tx);
        if (!eager) {
            // libESMTP always waits for MAIL's reply (§5.3).
            flushAndRead();
            if (!tx.mailOk) {
                // libESMTP moves on to the next message's MAIL without RSET (§5.2 MAIL).
                return true;
            }
        }
        for (int i = 0; i < tx.recipients.size(); i++) {
            Recipient r = tx.recipients.get(i);
            queue(CommandFormatter.rcpt(r.mailbox(), dsnUsable ? r.dsnNotify() : null,
                    dsnUsable ? r.dsnOriginalRecipientType() : null, r.dsnOriginalRecipientAddress()),
                    Timeout.ENVELOPE, Expect.RCPT, tx);
            if (!pipelining) {
                flushAndRead();
            }
        }
        boolean chunking = caps.has(EhloKeyword.CHUNKING);
        boolean requireAll = request.requireAllRecipients();
        if (pipelining && !requireAll) {
            // §5.3: RCPT...DATA, or RCPT...BDAT chunks, go out in one write (under FULL with MAIL).
            if (chunking) {
                return bdat(tx);
            }
            return data(tx);
        }
        flushAndRead();
        if (!tx.mailOk) {
            return true; // FULL with all recipients required: MAIL and the RCPTs went together
        }
        if (requireAll && tx.refused > 0) {
            // §5.4: abandon the message; its transfer status is cleared, no MESSAGESENT.
            callbacks.messageAbandoned(m);
            return false;
        }
        return chunking ? bdat(tx) : data(tx);
    }

    private boolean data(Transaction tx) throws ProtocolAbort, IOException {
        Message m = tx.message;
        queue("DATA", Timeout.DATA, Expect.DATA, tx);
        flushAndRead();
        if (!tx.mailOk) {
            // FULL, MAIL refused: a server that still answers DATA with 354 gets a lone dot
            // (RFC 2920 §3.1); its reply is not the message's status. Either way the server is
            // back in its initial state: no RSET.
            if (tx.dataGo) {
                transfer.writeData(m, false, true);
                channel.traceReads(true);
                channel.traceWrites(true);
                queue(null, Timeout.DATA2, Expect.NOTHING, own);
                readPending();
            }
            return true;
        }
        if (!tx.dataGo) {
            return false;
        }
        channel.setWriteTimeout(request.timeout(Timeout.TRANSFER));
        quitPhase = Timeout.DATA2;
        transfer.writeData(m, tx.accepted > 0, !eager);
        callbacks.endOfDataSent(m);
        // libESMTP re-attaches the monitor before it reads the end-of-data reply (rsp_data2).
        channel.traceReads(true);
        channel.traceWrites(true);
        queue(null, Timeout.DATA2, Expect.END_OF_DATA, tx);
        if (eager) {
            // RFC 2920 §3.1: the content may be the first "command" of a group, so the dot goes
            // out with the next message's MAIL, RCPTs and DATA and its reply is read with theirs.
            // Whatever that reply is, it ends the transaction (RFC 5321 §4.1.1.4): no RSET.
            endOfDataUnanswered = true;
            return true;
        }
        readPending();
        return tx.clean;
    }

    /**
     * The content as BDAT chunks; under FULL MAIL's reply may arrive with the chunks', and the
     * chunk replies of a refused MAIL are not the message's status (nor a reason for RSET: the
     * server is back in its initial state).
     */
    private boolean bdat(Transaction tx) throws ProtocolAbort, IOException {
        Message m = tx.message;
        channel.setWriteTimeout(request.timeout(Timeout.TRANSFER));
        quitPhase = Timeout.DATA2;
        transfer.writeBdat(m, caps.has(EhloKeyword.XEXCH50), tx);
        flushAndRead();
        if (tx.lastChunk != null && tx.mailOk) {
            callbacks.transferReply(m, tx.lastChunk);
        }
        channel.traceReads(true);
        channel.traceWrites(true);
        return !tx.mailOk || tx.lastChunk != null && !tx.chunkRefused;
    }

    /**
     * One message's transaction: what its replies said so far, and their handling. The queue of
     * expected replies pairs each reply with its command; the RCPT replies come back in the
     * order the RCPTs went out (RFC 2920 §3.1), so the n-th is the n-th recipient's.
     */
    private final class Transaction implements ExpectedReplies.Handler, MessageTransfer.ChunkSink {
        final Message message;
        final List<Recipient> recipients;
        /** MAIL was accepted (under FULL known only once its reply was read). */
        boolean mailOk;
        private int rcptAnswered;
        int accepted;
        int refused;
        /** DATA was answered 354. */
        boolean dataGo;
        /** The end of data was accepted. */
        boolean clean;
        /** The status of the last BDAT reply read (libESMTP keeps each in turn), or null. */
        Status lastChunk;
        boolean chunkRefused;

        Transaction(Message message, List<Recipient> recipients) {
            this.message = message;
            this.recipients = recipients;
        }

        @Override
        public void handle(Expect expect, Reply r) throws ProtocolAbort {
            switch (expect) {
                case MAIL:
                    callbacks.mailReply(message, status(r));
                    mailOk = r.isPositive();
                    break;
                case RCPT:
                    rcpt(recipients.get(rcptAnswered++), r);
                    break;
                case DATA:
                    data(r);
                    break;
                case END_OF_DATA:
                    callbacks.transferReply(message, status(r));
                    clean = r.isPositive();
                    break;
                case CHUNK:
                    chunk(r);
                    break;
                default:
                    throw new IllegalStateException(expect + " is not a transaction's reply");
            }
        }

        private void rcpt(Recipient recipient, Reply r) {
            if (!mailOk) {
                // FULL: an RCPT pipelined after a refused MAIL was never a real attempt; its
                // reply (503, or worse) says nothing about the recipient, who stays as
                // libESMTP leaves it (hostile case G2).
                return;
            }
            callbacks.recipientReply(recipient, status(r));
            if (r.isPositive()) {
                accepted++;
            } else {
                refused++;
            }
        }

        private void data(Reply r) throws ProtocolAbort {
            if (r.code() == 354) {
                dataGo = true;
            } else if (r.codeClass() == 4 || r.codeClass() == 5) {
                if (mailOk) {
                    callbacks.dataRefused(message, status(r));
                }
            } else {
                // Hostile case B10: never store a 2xx to DATA as the message status (I4).
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_STATUS,
                        "DATA answered " + r.code() + " instead of 354", true, null);
            }
        }

        private void chunk(Reply r) throws ProtocolAbort {
            if (r.codeClass() != 2 && r.codeClass() != 4 && r.codeClass() != 5) {
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_STATUS, "BDAT answered " + r.code(), true, null);
            }
            // libESMTP keeps the reply of every chunk in turn: the message's status is the
            // last one read, after a refused chunk too (smtp-bdat.c).
            lastChunk = status(r);
            chunkRefused |= !r.isPositive();
        }

        @Override
        public boolean chunkWritten(boolean last) throws ProtocolAbort, IOException {
            if (chunkRefused) {
                return false;
            }
            queue(null, last ? Timeout.DATA2 : Timeout.TRANSFER, Expect.CHUNK, this);
            if (last) {
                callbacks.endOfDataSent(message);
            }
            if (!pipelining) {
                flushAndRead();
            }
            return !chunkRefused;
        }
    }

    private void quit() throws IOException, ProtocolAbort {
        queue("QUIT", quitPhase, Expect.NOTHING, own);
        try {
            flushAndRead();
        } catch (ProtocolAbort e) {
            // The work is done and no status changes; like libESMTP, the session reports how the
            // QUIT exchange ended (a drop, a timeout, a listener's quit on a syntax warning).
            pending.clear();
            if (error == SmtpError.NONE) {
                error = e.error();
                errorDetail = e.getMessage();
            }
        } catch (IOException e) {
            pending.clear();
            if (error == SmtpError.NONE) {
                error = SmtpError.DROPPED_CONNECTION;
                errorDetail = describe(e);
            }
        }
    }

    private void quietQuit() {
        try {
            pending.clear();
            channel.traceWrites(true);
            channel.writeLine("QUIT");
            channel.flush();
            Reply r = channel.readReply(request.timeout(quitPhase).compareTo(QUIET_QUIT_BOUND) < 0
                    ? request.timeout(quitPhase) : QUIET_QUIT_BOUND);
            if (enhancedCodes && r.lacksEnhancedCode()) {
                // libESMTP asks about the QUIT reply too; the session ends either way.
                callbacks.syntaxWarning();
            }
        } catch (IOException | ReplyException e) {
            // best effort: the connection is ending anyway
        }
    }

    /** After an error, QUIT's reply is awaited at most this long. */
    private static final Duration QUIET_QUIT_BOUND = Duration.ofSeconds(10);

    // ---- command queue ----

    /**
     * Writes a command (none for message content) into the batch and queues its reply.
     *
     * @param expect what the reply answers
     * @param handler who handles it: the transaction, or {@link #own} for the connection's
     */
    private void queue(String command, Timeout phase, Expect expect, ExpectedReplies.Handler handler) throws IOException {
        if (command != null) {
            channel.writeLine(command);
        }
        pending.add(command, phase, expect, handler);
    }

    private Reply command(String command, Timeout phase) throws ProtocolAbort, IOException {
        queue(command, phase, Expect.RETURN, own);
        return flushAndReturn();
    }

    /** Sends the batch, which ends with an {@link Expect#RETURN} command, and returns that reply. */
    private Reply flushAndReturn() throws ProtocolAbort, IOException {
        returned = null;
        flushAndRead();
        Reply r = returned;
        returned = null;
        return r;
    }

    /** The replies that belong to the connection: ignored, returned, or an ETRN's. */
    private void ownReply(Expect expect, Reply r) {
        if (expect == Expect.RETURN) {
            returned = r;
        } else if (expect == Expect.ETRN) {
            EtrnNode node = request.etrnNodes().get(etrnAnswered++);
            callbacks.etrnReply(node, status(r));
        }
    }

    /**
     * Sends the queued batch and handles every reply in order. Input that arrived before the
     * batch was sent answers nothing we asked: the server is out of step (hostile case B9).
     */
    void flushAndRead() throws ProtocolAbort, IOException {
        checkInStep();
        channel.flush();
        readPending();
    }

    /**
     * Only when nothing of this batch has reached the server yet can unread input be
     * unsolicited; once part of a batch went out, replies to it may legitimately be buffered.
     */
    private void checkInStep() throws ProtocolAbort, IOException {
        if (channel.bytesSent() == sentAtLastDrain && channel.hasUnreadInput()) {
            throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_SYNTAX,
                    "the server sent a reply nobody asked for (out of step)", true, null);
        }
    }

    private void readPending() throws ProtocolAbort, IOException {
        readReplies();
        endOfDataUnanswered = false;
        sentAtLastDrain = channel.bytesSent();
    }

    private void readReplies() throws ProtocolAbort, IOException {
        while (!pending.isEmpty()) {
            ExpectedReplies.Entry p = pending.first();
            Reply r;
            try {
                r = read(p.phase, p.command);
            } catch (ProtocolAbort abort) {
                if (abort.getCause() instanceof EOFException && pending.size() > 1) {
                    // libESMTP reaches its QUIT state on the first failed read, reads the next
                    // pending reply (EOF again) as QUIT's, and ends without writing QUIT: so a
                    // drop with other replies pending gets no QUIT.
                    throw new ProtocolAbort(abort.error(), abort.getMessage(), false, abort.getCause());
                }
                throw abort;
            }
            Expect expect = p.expect;
            ExpectedReplies.Handler handler = p.handler;
            pending.removeFirst();
            // Input already buffered after the batch's last reply answers nothing we asked (B9);
            // input still on its way is caught before the next batch is sent (checkInStep).
            if (pending.isEmpty() && channel.hasBufferedInput()) {
                // More than one reply arrived for the last command of the batch (B9).
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_SYNTAX,
                        "the server sent more replies than commands (out of step)", true, null);
            }
            handler.handle(expect, r);
        }
    }

    /**
     * Names what a reply answers in an error message, built only when one is needed.
     *
     * @param about the command line (only its verb is named: AUTH lines carry credentials),
     *     a name such as {@code "greeting"}, or null for message content
     */
    private static String label(String about) {
        if (about == null) {
            return "data";
        }
        int sp = about.indexOf(' ');
        return sp < 0 ? about : about.substring(0, sp);
    }

    /**
     * @param about what the reply answers, see {@link #label(String)}
     */
    private Reply read(Timeout phase, String about) throws ProtocolAbort, IOException {
        try {
            Reply r = channel.readReply(request.timeout(phase));
            if (enhancedCodes) {
                checkEnhancedCodes(r, about);
            }
            return r;
        } catch (ReplyException e) {
            throw new ProtocolAbort(errorFor(e), "reply to " + label(about) + ": " + e.getMessage(), true, e);
        } catch (SocketTimeoutException e) {
            throw new ProtocolAbort(SmtpError.DROPPED_CONNECTION, "timeout waiting for the reply to " + label(about), false, e);
        } catch (EOFException e) {
            // libESMTP's reply handlers go to the QUIT state on a read error (protocol.c), so a
            // server that half-closed still gets QUIT; after a timeout it does not.
            throw new ProtocolAbort(SmtpError.DROPPED_CONNECTION,
                    "waiting for the reply to " + label(about) + ": " + e.getMessage(), true, e);
        }
    }

    /**
     * libESMTP's checks while ENHANCEDSTATUSCODES is in use: a first line without a triplet is a
     * syntax warning (the listener may make it fatal), and the continuation lines of a reply
     * whose first line has one must agree with it.
     */
    private void checkEnhancedCodes(Reply r, String about) throws ProtocolAbort {
        if (r.lacksEnhancedCode()) {
            if (callbacks.syntaxWarning()) {
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_SYNTAX,
                        "reply to " + label(about) + " lacks an enhanced status code", true, null);
            }
            return;
        }
        if (r.lines().size() > 1) {
            checkContinuationCodes(r, about);
        }
    }

    /**
     * libESMTP §5.7: while enhanced codes are in use, each continuation line of a reply whose
     * first line has a triplet must carry a well-formed one (else a syntax error) equal to the
     * first line's (else a status mismatch).
     */
    private static void checkContinuationCodes(Reply r, String about) throws ProtocolAbort {
        if (r.codeClass() != 2 && r.codeClass() != 4 && r.codeClass() != 5) {
            return;
        }
        EnhancedCode first = EnhancedCode.parsePrefix(r.lines().get(0));
        for (int i = 1; i < r.lines().size(); i++) {
            EnhancedCode c = EnhancedCode.parsePrefix(r.lines().get(i));
            if (c == null) {
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_SYNTAX,
                        "reply to " + label(about) + ": continuation line " + (i + 1) + " lacks the enhanced status code", true, null);
            }
            if (!c.equals(first)) {
                throw new ProtocolAbort(SmtpError.STATUS_MISMATCH,
                        "reply to " + label(about) + ": enhanced code " + c + " on line " + (i + 1) + " differs from " + first, true, null);
            }
        }
    }

    private static SmtpError errorFor(ReplyException e) {
        switch (e.kind()) {
            case STATUS_MISMATCH:
                return SmtpError.STATUS_MISMATCH;
            case INVALID_STATUS:
                return SmtpError.INVALID_RESPONSE_STATUS;
            case INVALID_SYNTAX:
                return SmtpError.INVALID_RESPONSE_SYNTAX;
            default:
                return SmtpError.UNTERMINATED_RESPONSE;
        }
    }

    private Status status(Reply r) {
        return r.toStatus(enhancedCodes);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
