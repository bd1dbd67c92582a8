package org.esmtp4j;

/**
 * Typed session events: libESMTP's variadic event callback ({@code smtp_set_eventcb}, §2 of the
 * specification) as one method per event. Every method has a default that does what libESMTP
 * does when no callback is registered, so a listener overrides only what it cares about.
 *
 * <p>Methods returning a value answer the library's question ({@code ok}, {@code quit_now},
 * {@code adjust}); the parameter named {@code libesmtpDefault} (where present) is the value
 * libESMTP would use. Events are delivered on the thread that called {@link Session#start()}; a
 * listener must not call {@code start} on the same session from inside an event.
 */
public interface SmtpEvents {

    /** A listener that keeps every default. */
    SmtpEvents DEFAULTS = new SmtpEvents() { };

    /** {@code SMTP_EV_CONNECT} (0): a TCP connection was made, before the greeting is read. */
    default void connected() {
    }

    /** {@code SMTP_EV_DISCONNECT} (5): the connection was closed. */
    default void disconnected() {
    }

    /**
     * {@code SMTP_EV_MAILSTATUS} (1): the reply to MAIL arrived; see
     * {@link Message#reversePathStatus()}.
     *
     * @param message the message
     */
    default void mailStatus(Message message) {
    }

    /**
     * {@code SMTP_EV_RCPTSTATUS} (2): the reply to RCPT arrived; see {@link Recipient#status()}.
     *
     * @param recipient the recipient
     */
    default void recipientStatus(Recipient recipient) {
    }

    /**
     * {@code SMTP_EV_MESSAGEDATA} (3): part of the message was written: once per header or body
     * line in the DATA path, once per chunk with BDAT.
     *
     * @param message the message
     * @param length the bytes written in this step, counted before dot-stuffing (not cumulative)
     */
    default void messageData(Message message, int length) {
    }

    /**
     * {@code SMTP_EV_MESSAGESENT} (4): the server answered DATA with a refusal, or answered the
     * end of data or the last BDAT; see {@link Message#transferStatus()}.
     *
     * @param message the message
     */
    default void messageSent(Message message) {
    }

    /**
     * {@code SMTP_EV_ETRNSTATUS} (1000): the reply to an ETRN arrived.
     *
     * @param node the node (libESMTP passes only its option and domain)
     */
    default void etrnStatus(EtrnNode node) {
    }

    /**
     * {@code SMTP_EV_SYNTAXWARNING} (6): the server advertised ENHANCEDSTATUSCODES but a reply
     * lacks the enhanced code.
     *
     * @return true to abort the session ({@code *quit_now}); libESMTP's default is false
     */
    default boolean syntaxWarning() {
        return false;
    }

    /**
     * {@code SMTP_EV_EXTNA_*} (2000 to 2005): an extension that the session requires is not
     * offered. For {@link Extension#alwaysFatal()} extensions the answer is ignored and the
     * session quits.
     *
     * @param extension what is missing
     * @param libesmtpDefault libESMTP's initial {@code *quit_now} ({@link Extension#quitByDefault()})
     * @return true to quit the session
     */
    default boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
        return libesmtpDefault;
    }

    /**
     * {@code SMTP_EV_DELIVERBY_EXPIRED} (3000): the requested DELIVERBY time is below the
     * server's minimum.
     *
     * @param message the message
     * @param shortfall the server's minimum minus the requested time, in seconds
     * @return a positive adjustment to send {@code minimum + adjust} instead; 0 (the default)
     *     sends the requested time unchanged
     */
    default long deliverByExpired(Message message, long shortfall) {
        return 0;
    }

    /**
     * {@code SMTP_EV_WEAK_CIPHER} (3100): the negotiated cipher has 40 bits or fewer.
     *
     * @param bits the cipher strength
     * @return true to continue anyway; the default refuses
     */
    default boolean acceptWeakCipher(int bits) {
        return false;
    }

    /**
     * {@code SMTP_EV_STARTTLS_OK} (3101): TLS is up and every check passed.
     *
     * @param protocol the TLS protocol, for example {@code "TLSv1.3"}
     * @param cipher the cipher suite name
     * @param bits the cipher strength
     */
    default void startTlsOk(String protocol, String cipher, int bits) {
    }

    /**
     * {@code SMTP_EV_INVALID_PEER_CERTIFICATE} (3102): the server certificate did not verify.
     *
     * @param verifyResult OpenSSL's {@code X509_V_ERR_*} value (for example 18 for self-signed),
     *     or -1 when the java engine has no such number
     * @param reason a readable explanation
     * @return true to continue anyway; the default refuses
     */
    default boolean acceptInvalidPeerCertificate(long verifyResult, String reason) {
        return false;
    }

    /**
     * {@code SMTP_EV_NO_PEER_CERTIFICATE} (3103): the server sent no certificate.
     *
     * @return true to continue anyway; the default refuses
     */
    default boolean acceptNoPeerCertificate() {
        return false;
    }

    /**
     * {@code SMTP_EV_WRONG_PEER_CERTIFICATE} (3104): the certificate does not match the host name.
     *
     * @param nameInCertificate the last non-matching name seen in the certificate, or ""
     * @return true to continue anyway; the default refuses
     */
    default boolean acceptWrongPeerCertificate(String nameInCertificate) {
        return false;
    }

    /**
     * {@code SMTP_EV_NO_CLIENT_CERTIFICATE} (3105): a client certificate exists but its key
     * failed to load.
     *
     * @return true to continue without it; the default refuses
     */
    default boolean continueWithoutClientCertificate() {
        return false;
    }

    /** {@code SMTP_EV_UNUSABLE_CLIENT_CERTIFICATE} (3106): the client certificate cannot be used. */
    default void unusableClientCertificate() {
    }

    /** {@code SMTP_EV_UNUSABLE_CA_LIST} (3107): the CA list cannot be used. */
    default void unusableCaList() {
    }
}
