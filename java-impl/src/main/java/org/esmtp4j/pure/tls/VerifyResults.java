package org.esmtp4j.pure.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

/**
 * Translates a Java chain-validation failure into the OpenSSL {@code X509_V_ERR_*} number that
 * libESMTP passes with {@code SMTP_EV_INVALID_PEER_CERTIFICATE}, so listeners written against
 * libESMTP can keep their switch. -1 when no OpenSSL number fits.
 */
public final class VerifyResults {

    /** {@code X509_V_ERR_CERT_NOT_YET_VALID}. */
    public static final int CERT_NOT_YET_VALID = 9;
    /** {@code X509_V_ERR_CERT_HAS_EXPIRED}. */
    public static final int CERT_HAS_EXPIRED = 10;
    /** {@code X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT}. */
    public static final int DEPTH_ZERO_SELF_SIGNED_CERT = 18;
    /** {@code X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN}. */
    public static final int SELF_SIGNED_CERT_IN_CHAIN = 19;
    /** {@code X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY}. */
    public static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    /** {@code X509_V_ERR_CERT_REVOKED}. */
    public static final int CERT_REVOKED = 23;

    private VerifyResults() {
    }

    /**
     * @param problem what the trust manager threw
     * @param chain the chain the server presented (end entity first), or null
     * @return the OpenSSL verify result number, or -1
     */
    public static int openSslNumber(Exception problem, X509Certificate[] chain) {
        for (Throwable t = problem; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return CERT_HAS_EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return CERT_NOT_YET_VALID;
            }
            if (t instanceof CertPathValidatorException v) {
                CertPathValidatorException.Reason reason = v.getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
                    return CERT_HAS_EXPIRED;
                }
                if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return CERT_NOT_YET_VALID;
                }
                if (reason == CertPathValidatorException.BasicReason.REVOKED) {
                    return CERT_REVOKED;
                }
            }
        }
        if (chain == null || chain.length == 0) {
            return -1;
        }
        String message = String.valueOf(problem.getMessage());
        boolean noPath = message.contains("unable to find valid certification path")
                || message.contains("No trusted certificate found");
        if (!noPath) {
            return -1;
        }
        X509Certificate last = chain[chain.length - 1];
        if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            return chain.length == 1 ? DEPTH_ZERO_SELF_SIGNED_CERT : SELF_SIGNED_CERT_IN_CHAIN;
        }
        return UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    }
}
