package org.esmtp4j.spi;

import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Monitor;
import org.esmtp4j.Recipient;
import org.esmtp4j.Status;

/**
 * Where an engine reports what happened during a start. The facade implements it: it records
 * statuses, keeps the facts from which it derives each recipient's outcome, and forwards events
 * to the application's {@link org.esmtp4j.SmtpEvents} at the moment the engine reports them, so
 * event order is the engine's (libESMTP's for both).
 *
 * <p>An engine must report each fact once, in protocol order, and never report a reply for a
 * command it did not send or a reply read out of step (invariant I4).
 */
public interface SessionCallbacks {

    /** A TCP connection was made ({@code SMTP_EV_CONNECT}). */
    void connected();

    /** The connection was closed ({@code SMTP_EV_DISCONNECT}). */
    void disconnected();

    /**
     * The reply to MAIL. Fires {@code mailStatus}.
     *
     * @param message the message
     * @param status the reply
     */
    void mailReply(Message message, Status status);

    /**
     * The reply to one RCPT. Fires {@code recipientStatus}.
     *
     * @param recipient the recipient
     * @param status the reply
     */
    void recipientReply(Recipient recipient, Status status);

    /**
     * Part of the content was written ({@code SMTP_EV_MESSAGEDATA}).
     *
     * @param message the message
     * @param length the bytes in this step, before dot-stuffing
     */
    void messageData(Message message, int length);

    /**
     * @return whether the application listens to {@code messageData}; when false an engine may
     *     skip finding line boundaries just to report them
     */
    boolean wantsMessageData();

    /**
     * DATA was answered with something other than 354. Records the transfer status and fires
     * {@code messageSent}.
     *
     * @param message the message
     * @param status the reply
     */
    void dataRefused(Message message, Status status);

    /**
     * The message was abandoned because not every recipient was accepted
     * ({@link org.esmtp4j.Session#requireAllRecipients(boolean)}): libESMTP clears its transfer
     * status and raises no {@code messageSent}.
     *
     * @param message the message
     */
    void messageAbandoned(Message message);

    /**
     * The end of data (the final dot, or the last BDAT chunk) was written: from now on, losing
     * the connection means the outcome is unknown (RFC 5321 §4.5.3.2.6).
     *
     * @param message the message
     */
    void endOfDataSent(Message message);

    /**
     * The complete, well-formed reply to the end of data or the last BDAT. Records the transfer
     * status and fires {@code messageSent}.
     *
     * @param message the message
     * @param status the reply
     */
    void transferReply(Message message, Status status);

    /**
     * The client refused or abandoned the message itself (for example it exceeds the server's
     * SIZE, or its content failed while streaming). Records the local status as the transfer
     * status; a 5xx status makes the message's unfinished recipients permanent failures.
     *
     * @param message the message
     * @param localStatus a status made with {@link Status#ofClient}
     */
    void messageRefusedLocally(Message message, Status localStatus);

    /**
     * The reply to ETRN. Fires {@code etrnStatus}.
     *
     * @param node the node
     * @param status the reply
     */
    void etrnReply(EtrnNode node, Status status);

    /**
     * {@code SMTP_EV_SYNTAXWARNING}.
     *
     * @return true to quit
     */
    boolean syntaxWarning();

    /**
     * {@code SMTP_EV_EXTNA_*}.
     *
     * @param extension the missing extension
     * @return true to quit (always true for fatal extensions)
     */
    boolean extensionNotAvailable(Extension extension);

    /**
     * {@code SMTP_EV_DELIVERBY_EXPIRED}.
     *
     * @param message the message
     * @param shortfall the server minimum minus the requested time
     * @return the adjustment (0 = none)
     */
    long deliverByExpired(Message message, long shortfall);

    /**
     * {@code SMTP_EV_INVALID_PEER_CERTIFICATE}.
     *
     * @param verifyResult OpenSSL's verify result, or -1
     * @param reason what is wrong
     * @return true to continue anyway
     */
    boolean acceptInvalidPeerCertificate(long verifyResult, String reason);

    /**
     * {@code SMTP_EV_NO_PEER_CERTIFICATE}.
     *
     * @return true to continue anyway
     */
    boolean acceptNoPeerCertificate();

    /**
     * {@code SMTP_EV_WRONG_PEER_CERTIFICATE}.
     *
     * @param nameInCertificate the last non-matching name seen, or ""
     * @return true to continue anyway
     */
    boolean acceptWrongPeerCertificate(String nameInCertificate);

    /**
     * {@code SMTP_EV_WEAK_CIPHER}.
     *
     * @param bits the cipher strength
     * @return true to continue anyway
     */
    boolean acceptWeakCipher(int bits);

    /**
     * {@code SMTP_EV_STARTTLS_OK}.
     *
     * @param protocol the TLS protocol
     * @param cipher the cipher suite
     * @param bits the strength
     */
    void startTlsOk(String protocol, String cipher, int bits);

    /**
     * {@code SMTP_EV_NO_CLIENT_CERTIFICATE}.
     *
     * @return true to continue without the client certificate
     */
    boolean continueWithoutClientCertificate();

    /** {@code SMTP_EV_UNUSABLE_CLIENT_CERTIFICATE}. */
    void unusableClientCertificate();

    /** {@code SMTP_EV_UNUSABLE_CA_LIST}. */
    void unusableCaList();

    /** @return true when a monitor is set */
    boolean tracing();

    /** @return true when the monitor also wants the processed headers */
    boolean tracingHeaders();

    /**
     * Passes bytes to the monitor. Engines must never pass credentials.
     *
     * @param buffer the bytes
     * @param offset where they start
     * @param length how many
     * @param direction which way
     */
    void trace(byte[] buffer, int offset, int length, Monitor.Direction direction);
}
