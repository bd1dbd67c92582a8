package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.esmtp4j.spi.SessionCallbacks;

/**
 * libESMTP's TLS events (3100 to 3107, spec §2 and §6.1) turned into the facade's callbacks, with
 * each answer written to the event's {@code *ok}.
 *
 * <p>The name check follows the facade, not libESMTP. libESMTP compares the certificate with the
 * DNS-canonical name of the server and accepts {@code *} in any label (hostile cases C6, C7); the
 * engine's context makes OpenSSL check the configured name (or
 * {@link org.esmtp4j.TlsSettings#expectedHostName()}) with RFC 6125 rules instead, and so:
 * <ul>
 *   <li>a name mismatch found by OpenSSL (verify result 62 or 64) reaches the application as
 *       {@code acceptWrongPeerCertificate}, not as an invalid certificate;</li>
 *   <li>when the application accepted an invalid chain, the name is still checked and may ask
 *       {@code acceptWrongPeerCertificate};</li>
 *   <li>libESMTP's own check (event 3104) is answered by that decision and only reaches the
 *       application when the configured name was never checked.</li>
 * </ul>
 * With {@link org.esmtp4j.TlsSettings#trustAnyCertificate()} the certificate events are answered
 * "continue" without asking the application.
 */
final class TlsEvents {

    static final int WEAK_CIPHER = 3100;
    static final int STARTTLS_OK = 3101;
    static final int INVALID_PEER_CERTIFICATE = 3102;
    static final int NO_PEER_CERTIFICATE = 3103;
    static final int WRONG_PEER_CERTIFICATE = 3104;
    static final int NO_CLIENT_CERTIFICATE = 3105;
    static final int UNUSABLE_CLIENT_CERTIFICATE = 3106;
    static final int UNUSABLE_CA_LIST = 3107;

    private static final long X509_V_ERR_HOSTNAME_MISMATCH = 62;
    private static final long X509_V_ERR_IP_ADDRESS_MISMATCH = 64;
    private static final int NAME_SIZE = 256;

    private final SessionCallbacks callbacks;
    private final boolean trustAny;
    /** The name was settled on this connection (checked, or accepted by the application). */
    private boolean nameSettled;
    private boolean up;

    TlsEvents(SessionCallbacks callbacks, boolean trustAny) {
        this.callbacks = callbacks;
        this.trustAny = trustAny;
    }

    /** A new connection: nothing is known about its TLS. */
    void connectionStarted() {
        nameSettled = false;
        up = false;
    }

    /** @return whether TLS is up on the current connection and every check passed or was accepted */
    boolean up() {
        return up;
    }

    /**
     * @param event the event number
     * @param p1 the shim's first pointer argument
     * @param p2 the shim's second pointer argument
     * @param n1 the shim's number argument
     * @param ok the event's {@code int *ok}, or null
     * @return false when {@code event} is not a TLS event
     */
    boolean dispatch(int event, Pointer p1, Pointer p2, long n1, Pointer ok) {
        switch (event) {
            case WEAK_CIPHER: // (int bits, int *ok)
                answer(ok, callbacks.acceptWeakCipher((int) n1));
                return true;
            case STARTTLS_OK: // (SSL *ssl, const char *cipher, int bits)
                up = true;
                callbacks.startTlsOk(Shim.shim_tls_version(p1), p2 == null ? "" : p2.getString(0, "US-ASCII"), (int) n1);
                return true;
            case INVALID_PEER_CERTIFICATE: // (long verify_result, int *ok, SSL *ssl)
                answer(ok, trustAny || invalidPeerCertificate(n1, p1));
                return true;
            case NO_PEER_CERTIFICATE: // (int *ok)
                answer(ok, trustAny || callbacks.acceptNoPeerCertificate());
                return true;
            case WRONG_PEER_CERTIFICATE: // (int *ok, const char *name_in_cert, SSL *ssl)
                answer(ok, trustAny || nameSettled || Shim.shim_tls_name_matches(p2) == 1
                        || callbacks.acceptWrongPeerCertificate(p1 == null ? "" : p1.getString(0, "UTF-8")));
                return true;
            case NO_CLIENT_CERTIFICATE: // (int *ok)
                answer(ok, callbacks.continueWithoutClientCertificate());
                return true;
            case UNUSABLE_CLIENT_CERTIFICATE:
                callbacks.unusableClientCertificate();
                return true;
            case UNUSABLE_CA_LIST:
                callbacks.unusableCaList();
                return true;
            default:
                return false;
        }
    }

    private boolean invalidPeerCertificate(long verifyResult, Pointer ssl) {
        if (verifyResult == X509_V_ERR_HOSTNAME_MISMATCH || verifyResult == X509_V_ERR_IP_ADDRESS_MISMATCH) {
            // The chain verified; only the configured name did not match.
            nameSettled = true;
            return callbacks.acceptWrongPeerCertificate(peerName(ssl));
        }
        if (!callbacks.acceptInvalidPeerCertificate(verifyResult, Shim.shim_tls_verify_reason(new NativeLong(verifyResult)))) {
            return false;
        }
        // OpenSSL stops at the first error, so the name has not been checked yet.
        int matches = Shim.shim_tls_name_matches(ssl);
        if (matches < 0) {
            return true;
        }
        nameSettled = true;
        return matches == 1 || callbacks.acceptWrongPeerCertificate(peerName(ssl));
    }

    private static String peerName(Pointer ssl) {
        Memory buf = new Memory(NAME_SIZE);
        buf.clear();
        Shim.shim_tls_peer_name(ssl, buf, NAME_SIZE);
        return buf.getString(0, "UTF-8");
    }

    private static void answer(Pointer ok, boolean yes) {
        if (ok != null) {
            ok.setInt(0, yes ? 1 : 0);
        }
    }
}
