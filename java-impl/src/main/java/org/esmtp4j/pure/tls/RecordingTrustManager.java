package org.esmtp4j.pure.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies the server's chain with a real trust manager but, instead of failing the handshake,
 * records what was wrong, so the check can be reported after the handshake through libESMTP's
 * {@code SMTP_EV_INVALID_PEER_CERTIFICATE} event and the application may accept it (libESMTP
 * never sets {@code SSL_VERIFY_PEER} and reads the verify result afterwards, §6.1).
 *
 * <p>One instance serves one connection: a refused certificate must never be silently accepted
 * later through a resumed session, so each connection gets its own context and session cache.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509TrustManager delegate;
    private volatile CertificateException problem;
    private volatile X509Certificate[] chain;

    /**
     * @param delegate the trust manager that decides; null accepts every chain (the explicitly
     *     insecure mode)
     */
    RecordingTrustManager(X509TrustManager delegate) {
        this.delegate = delegate;
    }

    /** @return what the delegate found wrong with the server's chain, or null */
    CertificateException problem() {
        return problem;
    }

    /** @return the chain the server presented, or null when it presented none */
    X509Certificate[] chain() {
        X509Certificate[] c = chain;
        return c == null ? null : c.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine) {
        record(presented);
        if (delegate == null) {
            return;
        }
        try {
            if (delegate instanceof X509ExtendedTrustManager extended) {
                // The engine carries no endpoint identification algorithm: the name is checked
                // after the handshake against the configured name (HostnameMatcher).
                extended.checkServerTrusted(presented, authType, engine);
            } else {
                delegate.checkServerTrusted(presented, authType);
            }
        } catch (CertificateException e) {
            problem = e;
        } catch (RuntimeException e) {
            problem = new CertificateException(e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket) {
        checkServerTrusted(presented, authType, (SSLEngine) null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType) {
        checkServerTrusted(presented, authType, (SSLEngine) null);
    }

    private void record(X509Certificate[] presented) {
        chain = presented == null || presented.length == 0 ? null : presented.clone();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("an SMTP client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("an SMTP client does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType) throws CertificateException {
        throw new CertificateException("an SMTP client does not accept client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
}
