package org.esmtp4j.libesmtp;

import org.esmtp4j.AuthSettings;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.Pipelining;
import org.esmtp4j.StartResult;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.spi.ServerAddress;
import org.esmtp4j.spi.SessionDriver;
import org.esmtp4j.spi.StartRequest;
import org.esmtp4j.spi.XText;

/**
 * One facade session on the libesmtp engine. Each {@link #start(StartRequest)} builds a fresh
 * libESMTP session holding exactly the messages and recipients the facade asks for (so retry
 * state lives in the facade, the same for both engines), runs {@code smtp_start_session}, and
 * destroys it.
 */
final class LibesmtpSessionDriver implements SessionDriver {

    /**
     * libESMTP 1.1.0 xtext-encodes ENVID and ORCPT into a 256-byte stack buffer: 256 bytes or
     * more overflow it (hostile case E12), so such values never reach the library.
     */
    static final int MAX_XTEXT = 255;

    @Override
    public StartResult start(StartRequest request) {
        try (NativeRun run = new NativeRun(request)) {
            return run.start();
        }
    }

    @Override
    public void checkServer(ServerAddress server) {
        if (server.ipv6Literal()) {
            throw new InvalidArgumentException("server \"" + server + "\"",
                    "libESMTP cannot connect to an IPv6 literal (it splits host:port at the first colon); use the java engine");
        }
    }

    @Override
    public void checkOrcpt(String addrType, String address) {
        if (XText.encodedLength(address) > MAX_XTEXT) {
            throw new InvalidArgumentException("ORCPT address",
                    "longer than libESMTP 1.1.0 can encode without overflowing its 256-byte buffer once xtext-encoded ("
                            + XText.encodedLength(address) + " > " + MAX_XTEXT + " octets); use the java engine");
        }
    }

    @Override
    public void checkSmtpUtf8(boolean on) {
        if (on) {
            throw new InvalidArgumentException("SMTPUTF8", "libESMTP 1.1.0 has no SMTPUTF8 support; use the java engine");
        }
    }

    /**
     * libESMTP has STARTTLS only (no implicit TLS, spec §6.1), and the engine builds an OpenSSL
     * context for every start, which a Java {@code SSLContext} cannot become.
     */
    @Override
    public void checkTls(StartTlsMode startTls, boolean implicitTls, TlsSettings tls) {
        if (implicitTls) {
            throw new InvalidArgumentException("implicit TLS",
                    "libESMTP 1.1.0 has STARTTLS only, no implicit TLS (port 465); use the java engine");
        }
        if (tls.sslContext() != null) {
            throw new InvalidArgumentException("TLS settings",
                    "the libesmtp engine builds an OpenSSL context and cannot use a Java SSLContext; set the trusted"
                            + " certificates and client certificate as files instead, or use the java engine");
        }
    }

    /**
     * libESMTP's batching points are fixed (spec §5.3): it has no option to switch PIPELINING off
     * or to pipeline MAIL and the end of data.
     */
    @Override
    public void checkPipelining(Pipelining mode) {
        if (mode != Pipelining.LIBESMTP) {
            throw new InvalidArgumentException("pipelining " + mode,
                    "libESMTP 1.1.0 always groups commands its own way (MAIL and the end of data wait for their replies)"
                            + " and cannot switch PIPELINING off; use the java engine");
        }
    }

    /**
     * What libESMTP's SASL client cannot do: it has no OAuth mechanism (Debian ships PLAIN, LOGIN,
     * CRAM-MD5 and NTLM plugins), and no way to restrict or order the mechanisms: it tries those
     * the server offers, in the server's order (spec §7.4).
     */
    @Override
    public void checkAuth(AuthSettings auth) {
        if (auth.oauthToken() != null) {
            throw new InvalidArgumentException("AUTH OAuth token",
                    "libESMTP 1.1.0 has no XOAUTH2 or OAUTHBEARER mechanism; use the java engine");
        }
        if (!auth.mechanisms().isEmpty()) {
            throw new InvalidArgumentException("AUTH mechanisms " + auth.mechanisms(),
                    "libESMTP 1.1.0 tries the mechanisms the server offers in the server's order and cannot be"
                            + " restricted to a list; leave the list empty (allowed classes still apply), or use the java engine");
        }
    }

    @Override
    public void close() {
        // every native object lives only for one start
    }
}
