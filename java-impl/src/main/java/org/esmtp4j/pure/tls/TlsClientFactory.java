package org.esmtp4j.pure.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.esmtp4j.TlsSettings;

/**
 * Makes client {@link SSLEngine}s from {@link TlsSettings}: trust from a PEM file or the system
 * store, an optional client certificate and key from PEM, or the caller's own
 * {@link SSLContext}. TLS 1.2 and 1.3 only. Trust material is loaded once; every connection gets
 * a fresh context (see {@link RecordingTrustManager} for why).
 */
public final class TlsClientFactory {

    /** Protects the in-memory key store only; PKCS12 handles an empty password badly. */
    private static final char[] STORE_PASSWORD = "esmtp4j".toCharArray();
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The system store's trust manager, loaded once: reading cacerts costs milliseconds per connection. */
    private static volatile X509TrustManager systemTrust;

    private final TlsSettings settings;
    private final X509TrustManager trust;
    private final KeyManager[] keys;
    private final String clientCommonName;

    private TlsClientFactory(TlsSettings settings, X509TrustManager trust, KeyManager[] keys, String clientCommonName) {
        this.settings = settings;
        this.trust = trust;
        this.keys = keys;
        this.clientCommonName = clientCommonName;
    }

    /**
     * Loads the trust store and the client certificate.
     *
     * @param settings the settings
     * @param withoutClientCertificate ignore the configured client certificate (the application
     *     answered {@code SMTP_EV_NO_CLIENT_CERTIFICATE} with "continue")
     * @return the factory
     * @throws TlsSetupException when a configured file cannot be used
     */
    public static TlsClientFactory create(TlsSettings settings, boolean withoutClientCertificate)
            throws TlsSetupException {
        if (settings.sslContext() != null) {
            return new TlsClientFactory(settings, null, null, null);
        }
        X509TrustManager trust = settings.trustAnyCertificate() ? null : trustManager(settings.trustedCertificates());
        KeyManager[] keys = null;
        String cn = null;
        if (settings.clientCertificate() != null && !withoutClientCertificate) {
            List<X509Certificate> chain = clientChain(settings.clientCertificate());
            PrivateKey key;
            try {
                key = PemFiles.readPrivateKey(settings.clientKey(), settings.keyPassword());
            } catch (IOException e) {
                throw new TlsSetupException(TlsSetupException.Kind.CLIENT_KEY, e.getMessage(), e);
            }
            keys = keyManagers(chain, key);
            cn = HostnameMatcher.lastCommonName(chain.get(0));
        }
        return new TlsClientFactory(settings, trust, keys, cn);
    }

    /**
     * @return the subject CN of the client certificate, which libESMTP passes to
     *     {@code auth_set_external_id} for SASL EXTERNAL (§6.1); null without a client certificate
     */
    public String clientCommonName() {
        return clientCommonName;
    }

    /**
     * A client engine for one connection.
     *
     * @param referenceHost the configured host name or IP literal, used for SNI and the name check
     * @param port the server port
     * @return the connection's engine and its verification state
     * @throws TlsSetupException when the JDK cannot create a TLS context
     */
    public TlsPeer newPeer(String referenceHost, int port) throws TlsSetupException {
        SSLContext context;
        RecordingTrustManager recorder = null;
        try {
            if (settings.sslContext() != null) {
                context = settings.sslContext();
            } else {
                recorder = new RecordingTrustManager(trust);
                context = SSLContext.getInstance("TLS");
                context.init(keys, new TrustManager[] {recorder}, null);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(TlsSetupException.Kind.PLATFORM, "cannot create a TLS context: " + e.getMessage(), e);
        }
        boolean literal = HostnameMatcher.isIpLiteral(referenceHost);
        SSLEngine engine = context.createSSLEngine(literal ? null : referenceHost, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(supported(engine.getSupportedProtocols()));
        // The name is checked after the handshake (libESMTP's order, §6.1), not by JSSE.
        parameters.setEndpointIdentificationAlgorithm(null);
        parameters.setServerNames(serverNames(referenceHost, literal));
        engine.setSSLParameters(parameters);
        return new TlsPeer(engine, recorder, referenceHost, settings.trustAnyCertificate());
    }

    private static List<SNIServerName> serverNames(String host, boolean literal) {
        if (literal) {
            return List.of();
        }
        try {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String[] supported(String[] available) {
        List<String> wanted = new ArrayList<>();
        for (String p : PROTOCOLS) {
            for (String a : available) {
                if (a.equals(p)) {
                    wanted.add(p);
                }
            }
        }
        return wanted.toArray(new String[0]);
    }

    private static X509TrustManager trustManager(Path pemFile) throws TlsSetupException {
        if (pemFile == null) {
            X509TrustManager cached = systemTrust;
            if (cached == null) {
                cached = loadTrustManager(null);
                systemTrust = cached;
            }
            return cached;
        }
        return loadTrustManager(pemFile);
    }

    private static X509TrustManager loadTrustManager(Path pemFile) throws TlsSetupException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (pemFile == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : PemFiles.readCertificates(pemFile)) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                factory.init(store);
            }
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new TlsSetupException(TlsSetupException.Kind.PLATFORM, "no X.509 trust manager", null);
        } catch (IOException e) {
            throw new TlsSetupException(TlsSetupException.Kind.CA_LIST, "trusted certificates: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(TlsSetupException.Kind.CA_LIST, "trusted certificates: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> clientChain(Path pemFile) throws TlsSetupException {
        try {
            return PemFiles.readCertificates(pemFile);
        } catch (IOException e) {
            throw new TlsSetupException(TlsSetupException.Kind.CLIENT_CERTIFICATE, "client certificate: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key) throws TlsSetupException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, STORE_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException(TlsSetupException.Kind.CLIENT_CERTIFICATE,
                    "client certificate and key do not form a usable pair: " + e.getMessage(), e);
        }
    }
}
