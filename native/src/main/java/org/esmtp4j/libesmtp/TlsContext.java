package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.esmtp4j.TlsSettings;

/**
 * One start's OpenSSL client context, built by the shim from the facade's {@link TlsSettings}
 * and handed to libESMTP with {@code smtp_starttls_set_ctx} (spec §6.4).
 *
 * <p>A fresh context per start, rather than libESMTP's own: libESMTP 1.1.0 caches the first
 * context it creates in a static and frees it with the first session, so the second STARTTLS
 * session of a process uses freed memory (issue #30, §8.3 #3). With an application context
 * libESMTP also reads none of its certificate files ({@code $CONFIG/ca.pem}, {@code ca/},
 * {@code private/smtp-starttls.pem}) and installs no password callback. It still presents a
 * host-specific client certificate from {@code $CONFIG/private/<host>.pem} when that file exists
 * ({@code $CONFIG} is {@code $XDG_CONFIG_DIR/libesmtp}, else {@code $HOME/.config/libesmtp}).
 *
 * <p>The context negotiates TLS 1.2 only: a TLS 1.3 server's session tickets, sent after the
 * handshake, make libESMTP 1.1.0 wait for the reply to an EHLO it has not flushed yet (until the
 * timeout; see the shim). TLS 1.2 with the AEAD suites OpenSSL prefers is what RFC 9325 still
 * allows.
 *
 * <p>The context carries the reference identity (the configured server host, or
 * {@link TlsSettings#expectedHostName()}): OpenSSL then checks it with RFC 6125 rules as part of
 * the verify result that libESMTP reads after the handshake, and the shim sends it as SNI.
 */
final class TlsContext implements AutoCloseable {

    private static final int REASON_SIZE = 512;

    private final Pointer state;
    /** Referenced until the context is freed: OpenSSL may call it while the key loads. */
    private final Shim.PasswordCallback passwordCallback;

    private TlsContext(Pointer state, Shim.PasswordCallback passwordCallback) {
        this.state = state;
        this.passwordCallback = passwordCallback;
    }

    /**
     * @param settings the TLS settings
     * @param reference the name (or IP literal) the server certificate must match
     * @return the context
     * @throws TlsSetupException when a file cannot be loaded or the key's password is wrong
     */
    static TlsContext create(TlsSettings settings, String reference) throws TlsSetupException {
        KeyPassword password = settings.keyPassword() == null ? null : new KeyPassword(settings.keyPassword());
        Memory reason = new Memory(REASON_SIZE);
        reason.clear();
        Pointer state = Shim.shim_tls_new(path(settings.trustedCertificates()), path(settings.clientCertificate()),
                path(settings.clientKey()), password, reference, reason, REASON_SIZE);
        if (password != null && password.failure != null) {
            Shim.shim_tls_free(state);
            throw password.failure;
        }
        if (state == null) {
            throw new TlsSetupException(reason.getString(0, "UTF-8"));
        }
        return new TlsContext(state, password);
    }

    private static String path(Path p) {
        return p == null ? null : p.toAbsolutePath().toString();
    }

    /** @return the {@code SSL_CTX *} */
    Pointer sslContext() {
        return Shim.shim_tls_ctx(state);
    }

    /** Drops the engine's reference: call after {@code smtp_destroy_session}. */
    @Override
    public void close() {
        Shim.shim_tls_free(state);
    }

    /**
     * OpenSSL's {@code pem_password_cb} over the caller's supplier: asked only when the key is
     * encrypted. The caller's array is left alone (it may be reused for the next start); the
     * encoded copy is wiped, and OpenSSL wipes its buffer after use.
     */
    private static final class KeyPassword implements Shim.PasswordCallback {
        private final Supplier<char[]> supplier;
        private RuntimeException failure;

        KeyPassword(Supplier<char[]> supplier) {
            this.supplier = supplier;
        }

        @Override
        public int invoke(Pointer buf, int size, int rwflag, Pointer userdata) {
            byte[] bytes = null;
            try {
                char[] password = supplier.get();
                if (password == null) {
                    return 0;
                }
                bytes = Secrets.utf8(password);
                if (bytes.length > size) {
                    return 0;
                }
                buf.write(0, bytes, 0, bytes.length);
                return bytes.length;
            } catch (RuntimeException e) {
                failure = e;
                return 0;
            } finally {
                Secrets.wipe(bytes);
            }
        }
    }
}
