package org.esmtp4j.pure.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.pure.io.SmtpChannel;
import org.esmtp4j.pure.protocol.ReplyLimits;
import org.esmtp4j.spi.SessionCallbacks;
import org.junit.jupiter.api.Test;

/**
 * TLS over {@link SmtpChannel} against an in-process TLS server with the fixture certificate
 * ({@code san-cert.pem}: mail.example, *.mail.example, 127.0.0.1): handshake, I/O through TLS,
 * SNI, the post-handshake checks and their events, bounded waits.
 */
class TlsChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Records which listener methods were called; answers each "accept" with {@code accept}. */
    private static final class Events {
        final Map<String, List<Object>> calls = new ConcurrentHashMap<>();
        final boolean accept;

        Events(boolean accept) {
            this.accept = accept;
        }

        SessionCallbacks callbacks() {
            return (SessionCallbacks) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SessionCallbacks.class}, (proxy, method, args) -> {
                        calls.put(method.getName(), args == null ? List.of() : List.of(args));
                        return method.getReturnType() == boolean.class ? accept : null;
                    });
        }
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        X509Certificate cert = Fixtures.certificate("san-cert.pem");
        store.setKeyEntry("server", PemFiles.readPrivateKey(Fixtures.path("client-key.pem"), null), "pw".toCharArray(),
                new X509Certificate[] {cert});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "pw".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A one-connection TLS server: greets, echoes one line as "250 <line>", records SNI. */
    private static final class EchoServer implements AutoCloseable {
        final SSLServerSocket listener;
        final CompletableFuture<List<String>> serverNames = new CompletableFuture<>();
        final Thread thread;

        EchoServer() throws Exception {
            listener = (SSLServerSocket) serverContext().getServerSocketFactory().createServerSocket(0, 1,
                    InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "tls-echo");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                List<String> names = new ArrayList<>();
                for (SNIServerName n : ((ExtendedSSLSession) s.getSession()).getRequestedServerNames()) {
                    names.add(((SNIHostName) n).getAsciiName());
                }
                serverNames.complete(names);
                OutputStream out = s.getOutputStream();
                out.write("220 tls.example ready\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                out.write(("250 " + line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                serverNames.completeExceptionally(e);
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(2000);
        }
    }

    private static TlsSettings trustingTheFixture() {
        return TlsSettings.builder().trustedCertificates(Fixtures.path("san-cert.pem")).build();
    }

    @Test
    void repliesAndCommandsGoThroughTlsAndSniIsTheConfiguredName() throws Exception {
        try (EchoServer server = new EchoServer();
                SmtpChannel channel = SmtpChannel.connect(server.address(), WAIT, ReplyLimits.DEFAULT)) {
            TlsPeer peer = TlsClientFactory.create(trustingTheFixture(), false).newPeer("mail.example", 25);
            channel.startTls(peer.engine(), WAIT);
            assertTrue(channel.isTls());
            Events events = new Events(false);
            assertNull(peer.verify(events.callbacks()));
            assertTrue(events.calls.isEmpty(), "a valid certificate raises no event: " + events.calls);
            assertEquals("220", String.valueOf(channel.readReply(WAIT).code()));
            channel.writeLine("EHLO client.example");
            channel.flush();
            assertEquals(List.of("EHLO client.example"), channel.readReply(WAIT).lines());
            assertEquals(List.of("mail.example"), server.serverNames.get(10, TimeUnit.SECONDS));
            assertTrue(peer.protocol().equals("TLSv1.3") || peer.protocol().equals("TLSv1.2"), peer.protocol());
            assertTrue(peer.cipherBits() >= 128);
        }
    }

    @Test
    void noSniForAnIpLiteralAndTheIpSubjectAltNameMatches() throws Exception {
        try (EchoServer server = new EchoServer();
                SmtpChannel channel = SmtpChannel.connect(server.address(), WAIT, ReplyLimits.DEFAULT)) {
            TlsPeer peer = TlsClientFactory.create(trustingTheFixture(), false).newPeer("127.0.0.1", 25);
            channel.startTls(peer.engine(), WAIT);
            Events events = new Events(false);
            assertNull(peer.verify(events.callbacks()));
            assertEquals(List.of(), server.serverNames.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void wrongNameAsksTheListenerWithTheNameInTheCertificate() throws Exception {
        try (EchoServer server = new EchoServer();
                SmtpChannel channel = SmtpChannel.connect(server.address(), WAIT, ReplyLimits.DEFAULT)) {
            TlsPeer peer = TlsClientFactory.create(trustingTheFixture(), false).newPeer("other.example", 25);
            channel.startTls(peer.engine(), WAIT);
            Events refusing = new Events(false);
            String refusal = peer.verify(refusing.callbacks());
            assertTrue(refusal != null && refusal.contains("mail.example"), refusal);
            assertEquals(List.of("mail.example"), refusing.calls.get("acceptWrongPeerCertificate"));
            Events accepting = new Events(true);
            assertNull(peer.verify(accepting.callbacks()));
        }
    }

    @Test
    void untrustedSelfSignedCertificateIsReportedAsOpenSsl18AfterTheHandshake() throws Exception {
        try (EchoServer server = new EchoServer();
                SmtpChannel channel = SmtpChannel.connect(server.address(), WAIT, ReplyLimits.DEFAULT)) {
            TlsPeer peer = TlsClientFactory.create(TlsSettings.DEFAULT, false).newPeer("mail.example", 25);
            channel.startTls(peer.engine(), WAIT);
            Events refusing = new Events(false);
            assertTrue(peer.verify(refusing.callbacks()).contains("did not verify"));
            List<Object> args = refusing.calls.get("acceptInvalidPeerCertificate");
            assertEquals((long) VerifyResults.DEPTH_ZERO_SELF_SIGNED_CERT, args.get(0));
            // the name matches, so only the chain event fired
            assertEquals(1, refusing.calls.size(), refusing.calls.toString());
        }
    }

    @Test
    void trustAnyCertificateSkipsChainAndNameChecks() throws Exception {
        try (EchoServer server = new EchoServer();
                SmtpChannel channel = SmtpChannel.connect(server.address(), WAIT, ReplyLimits.DEFAULT)) {
            TlsSettings insecure = TlsSettings.builder().trustAnyCertificateInsecurely().build();
            TlsPeer peer = TlsClientFactory.create(insecure, false).newPeer("other.example", 25);
            channel.startTls(peer.engine(), WAIT);
            Events events = new Events(false);
            assertNull(peer.verify(events.callbacks()));
            assertTrue(events.calls.isEmpty());
        }
    }

    @Test
    void callersContextThatDistrustsTheServerFailsTheHandshakeItself() throws Exception {
        SSLContext defaultTrust = SSLContext.getInstance("TLS");
        defaultTrust.init(null, null, null);
        try (EchoServer server = new EchoServer();
                SmtpChannel channel = SmtpChannel.connect(server.address(), WAIT, ReplyLimits.DEFAULT)) {
            TlsPeer peer = TlsClientFactory.create(TlsSettings.builder().sslContext(defaultTrust).build(), false)
                    .newPeer("mail.example", 25);
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> channel.startTls(peer.engine(), WAIT));
        }
    }

    @Test
    void handshakeWaitIsBoundedWhenTheServerNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SmtpChannel channel = SmtpChannel.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), WAIT,
                        ReplyLimits.DEFAULT);
                Socket accepted = silent.accept()) {
            TlsPeer peer = TlsClientFactory.create(trustingTheFixture(), false).newPeer("mail.example", 25);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> channel.startTls(peer.engine(), Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void bufferedPlaintextNeverCrossesIntoTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SmtpChannel channel = SmtpChannel.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), plain.getLocalPort()), WAIT,
                        ReplyLimits.DEFAULT);
                Socket accepted = plain.accept()) {
            accepted.getOutputStream().write("220 go\r\n250-injected\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(220, channel.readReply(WAIT).code());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!channel.hasUnreadInput() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(channel.hasUnreadInput());
            TlsPeer peer = TlsClientFactory.create(trustingTheFixture(), false).newPeer("mail.example", 25);
            assertThrows(IllegalStateException.class, () -> channel.startTls(peer.engine(), WAIT));
        }
    }

    @Test
    void unusableTrustFileAndKeyReportTheirKind() {
        TlsSetupException ca = assertThrows(TlsSetupException.class, () -> TlsClientFactory.create(
                TlsSettings.builder().trustedCertificates(Fixtures.path("client-key.pem")).build(), false));
        assertEquals(TlsSetupException.Kind.CA_LIST, ca.kind());
        TlsSettings badKey = TlsSettings.builder().clientCertificate(Fixtures.path("client-cert.pem"),
                Fixtures.path("client-key-encrypted.pem"), () -> "wrong".toCharArray()).build();
        TlsSetupException key = assertThrows(TlsSetupException.class, () -> TlsClientFactory.create(badKey, false));
        assertEquals(TlsSetupException.Kind.CLIENT_KEY, key.kind());
        TlsSettings badCert = TlsSettings.builder().clientCertificate(Fixtures.path("client-key.pem"),
                Fixtures.path("client-key.pem"), null).build();
        assertEquals(TlsSetupException.Kind.CLIENT_CERTIFICATE,
                assertThrows(TlsSetupException.class, () -> TlsClientFactory.create(badCert, false)).kind());
    }

    @Test
    void clientCertificateLoadsAndItsCommonNameIsTheExternalId() throws Exception {
        TlsSettings withClient = TlsSettings.builder().clientCertificate(Fixtures.path("client-cert.pem"),
                Fixtures.path("client-key-encrypted.pem"), () -> Fixtures.PASSWORD.clone()).build();
        assertEquals("client.example", TlsClientFactory.create(withClient, false).clientCommonName());
        assertNull(TlsClientFactory.create(withClient, true).clientCommonName());
    }
}
