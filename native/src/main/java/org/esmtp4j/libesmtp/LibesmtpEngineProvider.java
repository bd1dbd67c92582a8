package org.esmtp4j.libesmtp;

import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;
import org.esmtp4j.spi.SessionDriver;

/**
 * The libesmtp engine, {@code "libesmtp"}: drives the system {@code libesmtp.so.6} (Debian
 * {@code libesmtp6} 1.1.0) through JNA and a small C shim. Preferred by the default engine choice
 * when the library loads.
 *
 * <p>Packagers whose libESMTP 1.1.0 is installed under another name or path set the system
 * property {@code esmtp4j.libesmtp.library}, for example
 * {@code -Desmtp4j.libesmtp.library=/opt/libesmtp/lib/libesmtp.so.6} (default
 * {@code libesmtp.so.6}). It is read once, when the engines are first probed. A name that does not
 * load makes this engine unavailable, with the name in {@code Smtp.unavailableReason("libesmtp")},
 * and the default engine choice falls back to {@code java}.
 *
 * <p>STARTTLS runs on an OpenSSL context the engine builds for every start from
 * {@link org.esmtp4j.TlsSettings} (files only: no Java {@code SSLContext}, no implicit TLS), TLS
 * 1.2, the certificate checked against the configured host name. libESMTP still presents a
 * host-specific client certificate found at {@code $XDG_CONFIG_DIR/libesmtp/private/<host>.pem}
 * (else {@code $HOME/.config/libesmtp/private/<host>.pem}), {@code <host>} being the server's DNS
 * canonical name. AUTH uses libESMTP's SASL client (PLAIN, LOGIN, EXTERNAL; no OAuth, no
 * mechanism list) and, as libESMTP does, continues to MAIL when authentication failed.
 */
public final class LibesmtpEngineProvider implements EngineProvider {

    /** The engine's name. */
    public static final String NAME = "libesmtp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return NativeLoader.availability();
    }

    @Override
    public int preference() {
        return 100;
    }

    @Override
    public SessionDriver createDriver() {
        if (!NativeLoader.availability().available()) {
            throw new IllegalStateException("the libesmtp engine is unavailable: " + NativeLoader.availability().reason());
        }
        return new LibesmtpSessionDriver();
    }
}
