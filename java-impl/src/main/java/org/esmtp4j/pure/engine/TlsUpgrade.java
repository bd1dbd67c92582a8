package org.esmtp4j.pure.engine;

import java.io.IOException;
import org.esmtp4j.SmtpError;
import org.esmtp4j.Timeout;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.pure.io.SmtpChannel;
import org.esmtp4j.pure.tls.TlsClientFactory;
import org.esmtp4j.pure.tls.TlsPeer;
import org.esmtp4j.pure.tls.TlsSetupException;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/**
 * Puts one connection under TLS, for STARTTLS (RFC 3207) and implicit TLS (RFC 8314): builds
 * the TLS context from the session's {@link TlsSettings} (reporting unusable files through
 * libESMTP's events 3105-3107), runs the handshake on the channel, then the post-handshake checks
 * of {@link TlsPeer} and {@code SMTP_EV_STARTTLS_OK}.
 *
 * <p>Failures end the connection as libESMTP does (§6.1, §5.9): a handshake failure gives
 * {@link SmtpError#CLIENT_ERROR} and drops the connection; a refused certificate leaves the error
 * at {@link SmtpError#NONE} and quits (over TLS after STARTTLS). Unlike libESMTP under
 * {@code Starttls_ENABLED}, a context that cannot be built never lets the session go on in
 * cleartext (§8.3 #21): it fails with {@link SmtpError#CLIENT_ERROR}.
 */
final class TlsUpgrade {

    private final StartRequest request;
    private final SessionCallbacks callbacks;
    private final SmtpChannel channel;
    private TlsClientFactory factory;

    TlsUpgrade(StartRequest request, SmtpChannel channel) {
        this.request = request;
        this.callbacks = request.callbacks();
        this.channel = channel;
    }

    /** @return the configured name the certificate must carry (never one from DNS) */
    String referenceHost() {
        TlsSettings tls = request.session().tls();
        return tls.expectedHostName() != null ? tls.expectedHostName() : request.server().host();
    }

    /** @return the client certificate's CN once TLS is up with one (for SASL EXTERNAL), else null */
    String clientCommonName() {
        return factory == null || !channel.isTls() ? null : factory.clientCommonName();
    }

    /**
     * Builds the engine for this connection, before STARTTLS is sent.
     *
     * @param quitOnFailure whether a QUIT may still be sent (not before an implicit-TLS greeting)
     * @return the peer to run the handshake with
     */
    TlsPeer prepare(boolean quitOnFailure) throws ProtocolAbort {
        try {
            if (factory == null) {
                factory = createFactory();
            }
            return factory.newPeer(referenceHost(), request.port());
        } catch (TlsSetupException e) {
            throw new ProtocolAbort(SmtpError.CLIENT_ERROR, "TLS cannot be set up: " + e.getMessage(), quitOnFailure, e);
        }
    }

    private TlsClientFactory createFactory() throws TlsSetupException {
        TlsSettings settings = request.session().tls();
        try {
            return TlsClientFactory.create(settings, false);
        } catch (TlsSetupException e) {
            switch (e.kind()) {
                case CA_LIST:
                    callbacks.unusableCaList();
                    throw e;
                case CLIENT_CERTIFICATE:
                    callbacks.unusableClientCertificate();
                    throw e;
                case CLIENT_KEY:
                    // libESMTP asks whether to go on without the client certificate (3105).
                    if (callbacks.continueWithoutClientCertificate()) {
                        return TlsClientFactory.create(settings, true);
                    }
                    throw e;
                default:
                    throw e;
            }
        }
    }

    /**
     * Runs the handshake and the checks; returns when TLS is up and accepted.
     *
     * @param peer from {@link #prepare(boolean)}
     * @param quitOnRefusal whether a refused certificate is followed by QUIT (after STARTTLS; not
     *     before an implicit-TLS greeting)
     */
    void handshake(TlsPeer peer, boolean quitOnRefusal) throws ProtocolAbort {
        try {
            channel.startTls(peer.engine(), request.timeout(Timeout.GREETING));
        } catch (IOException e) {
            throw new ProtocolAbort(SmtpError.CLIENT_ERROR, "TLS handshake failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), false, e);
        }
        String refusal = peer.verify(callbacks);
        if (refusal != null) {
            // libESMTP (§5.9): the session "ran its course", smtp_errno untouched.
            throw new ProtocolAbort(SmtpError.NONE, "TLS refused: " + refusal, quitOnRefusal, null);
        }
        callbacks.startTlsOk(peer.protocol(), peer.cipherSuite(), peer.cipherBits());
    }
}
