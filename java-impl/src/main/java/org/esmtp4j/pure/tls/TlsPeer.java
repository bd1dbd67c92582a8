package org.esmtp4j.pure.tls;

import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.esmtp4j.spi.SessionCallbacks;

/**
 * The TLS side of one connection: its {@link SSLEngine}, and the checks libESMTP runs once the
 * handshake is complete (§6.1), in libESMTP's order, each refused unless the application's
 * listener accepts it:
 * <ol>
 *   <li>the chain did not verify: {@code acceptInvalidPeerCertificate} (3102);</li>
 *   <li>the cipher has 40 bits or fewer: {@code acceptWeakCipher} (3100);</li>
 *   <li>the server sent no certificate: {@code acceptNoPeerCertificate} (3103);</li>
 *   <li>the certificate does not match the configured name: {@code acceptWrongPeerCertificate}
 *       (3104).</li>
 * </ol>
 */
public final class TlsPeer {

    private final SSLEngine engine;
    private final RecordingTrustManager recorder;
    private final String referenceHost;
    private final boolean insecure;

    TlsPeer(SSLEngine engine, RecordingTrustManager recorder, String referenceHost, boolean insecure) {
        this.engine = engine;
        this.recorder = recorder;
        this.referenceHost = referenceHost;
        this.insecure = insecure;
    }

    /** @return the engine to run the handshake with */
    public SSLEngine engine() {
        return engine;
    }

    /**
     * Runs the post-handshake checks, asking the listener about each failure.
     *
     * @param callbacks where the events go
     * @return null when the peer is accepted, else why it was refused
     */
    public String verify(SessionCallbacks callbacks) {
        SSLSession session = engine.getSession();
        CertificateException problem = recorder == null ? null : recorder.problem();
        if (problem != null) {
            int number = VerifyResults.openSslNumber(problem, recorder.chain());
            String reason = String.valueOf(problem.getMessage());
            if (!callbacks.acceptInvalidPeerCertificate(number, reason)) {
                return "the server certificate did not verify (" + reason + ")";
            }
        }
        int bits = CipherStrength.bits(session.getCipherSuite());
        if (bits >= 0 && bits <= 40 && !callbacks.acceptWeakCipher(bits)) {
            return "the cipher " + session.getCipherSuite() + " has only " + bits + " bits";
        }
        X509Certificate leaf = leaf(session);
        if (leaf == null) {
            if (!callbacks.acceptNoPeerCertificate()) {
                return "the server sent no certificate";
            }
            return null;
        }
        if (!insecure) {
            HostnameMatcher.Result name = HostnameMatcher.check(referenceHost, leaf);
            if (!name.matches() && !callbacks.acceptWrongPeerCertificate(name.nameInCertificate())) {
                return "the server certificate is for \"" + name.nameInCertificate() + "\", not \"" + referenceHost + "\"";
            }
        }
        return null;
    }

    /** @return the negotiated protocol, e.g. {@code TLSv1.3} */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    /** @return the negotiated cipher suite */
    public String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    /** @return the cipher strength for {@code SMTP_EV_STARTTLS_OK}; 0 when unknown */
    public int cipherBits() {
        return Math.max(0, CipherStrength.bits(cipherSuite()));
    }

    private static X509Certificate leaf(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
