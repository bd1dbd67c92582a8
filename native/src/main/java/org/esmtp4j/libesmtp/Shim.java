package org.esmtp4j.libesmtp;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the C shim ({@code src/main/c/esmtp_shim.c}): the event trampoline and
 * fixed-signature header setters, so that nothing variadic crosses JNA; and the per-start OpenSSL
 * client context with the OpenSSL reads the TLS events need.
 */
final class Shim {

    /** The shim ABI this binding was written for. */
    static final int ABI_VERSION = 2;

    private Shim() {
    }

    static void bind(NativeLibrary library) {
        Native.register(Shim.class, library);
    }

    /**
     * The fixed-signature event callback the trampoline calls: {@code p1}, {@code p2}, {@code n1}
     * and {@code flag} carry each event's arguments as listed in the shim's switch.
     */
    interface EventCallback extends Callback {
        void invoke(Pointer session, int event, Pointer p1, Pointer p2, NativeLong n1, Pointer flag);
    }

    /** OpenSSL's {@code pem_password_cb}: fills {@code buf} with the key's password, returns its length or 0. */
    interface PasswordCallback extends Callback {
        int invoke(Pointer buf, int size, int rwflag, Pointer userdata);
    }

    static native int shim_abi_version();

    static native Pointer shim_set_eventcb(Pointer session, EventCallback cb, int wantMessageData);

    static native void shim_free(Pointer p);

    static native int shim_set_header_text(Pointer message, String name, String text);

    static native int shim_set_header_mailbox(Pointer message, String name, String phrase, String mailbox);

    static native int shim_set_header_date(Pointer message, long when);

    static native int shim_set_header_option(Pointer message, String name, int option, int value);

    /**
     * A fresh client context: TLS 1.2 only (libESMTP 1.1.0 stalls on TLS 1.3 session tickets), the CA file or the system store, the client
     * certificate chain and key, the reference identity (name or IP literal) for verification
     * and SNI. Null on failure with the reason in {@code reason}.
     */
    static native Pointer shim_tls_new(String caFile, String certFile, String keyFile, PasswordCallback password,
            String reference, Pointer reason, int reasonLength);

    /** The {@code SSL_CTX *} for {@code smtp_starttls_set_ctx}. */
    static native Pointer shim_tls_ctx(Pointer tls);

    /** Drops the shim's reference to the context; after {@code smtp_destroy_session}. */
    static native void shim_tls_free(Pointer tls);

    /** {@code SSL_get_version}. */
    static native String shim_tls_version(Pointer ssl);

    /** {@code X509_verify_cert_error_string}. */
    static native String shim_tls_verify_reason(NativeLong verifyResult);

    /** 1 when the peer certificate matches the reference identity, 0 when not, -1 when unknown. */
    static native int shim_tls_name_matches(Pointer ssl);

    /** The last DNS subjectAltName of the peer certificate, else its last CN; returns the length. */
    static native int shim_tls_peer_name(Pointer ssl, Pointer buf, int length);
}
