package org.esmtp4j.libesmtp;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the libESMTP 1.1.0 functions the engine calls from Java (the callbacks
 * and the per-message calls the shim makes are in {@link Shim}). Opaque handles are
 * {@link Pointer}s; strings returned by the library are never freed (spec §10.1). Bound by
 * {@link NativeLoader}; nothing here is called before it succeeded.
 */
final class LibEsmtp {

    /** {@code Timeout_OVERRIDE_RFC2822_MINIMUM}. */
    static final int TIMEOUT_OVERRIDE_RFC2822_MINIMUM = 0x1000;

    private LibEsmtp() {
    }

    static void bind(NativeLibrary library) {
        Native.register(LibEsmtp.class, library);
    }

    static native int smtp_version(Pointer buf, SizeT len, int what);

    static native Pointer smtp_create_session();

    static native int smtp_destroy_session(Pointer session);

    static native int smtp_set_server(Pointer session, String hostport);

    static native int smtp_set_hostname(Pointer session, String hostname);

    static native NativeLong smtp_set_timeout(Pointer session, int which, NativeLong value);

    static native int smtp_option_require_all_recipients(Pointer session, int state);

    static native int smtp_start_session(Pointer session);

    static native int smtp_errno();

    static native Pointer smtp_strerror(int error, Pointer buf, SizeT buflen);

    static native Pointer smtp_add_message(Pointer session);

    static native int smtp_dsn_set_ret(Pointer message, int flags);

    static native int smtp_dsn_set_envid(Pointer message, String envid);

    static native int smtp_size_set_estimate(Pointer message, NativeLong size);

    static native int smtp_8bitmime_set_body(Pointer message, int body);

    static native int smtp_deliverby_set_mode(Pointer message, NativeLong time, int mode, int trace);

    static native int smtp_recipient_check_complete(Pointer recipient);

    static native int smtp_dsn_set_notify(Pointer recipient, int flags);

    static native int smtp_dsn_set_orcpt(Pointer recipient, String addrtype, String address);

    static native Pointer smtp_etrn_add_node(Pointer session, int option, String domain);

    static native Pointer smtp_etrn_node_status(Pointer node);

    static native int smtp_starttls_enable(Pointer session, int how);

    /** Takes its own reference to {@code ctx} ({@code SSL_CTX_up_ref}); crashes on NULL (§8.3 #4). */
    static native int smtp_starttls_set_ctx(Pointer session, Pointer ctx);

    /** The context is not owned by the session: destroy it after {@code smtp_destroy_session}. */
    static native int smtp_auth_set_context(Pointer session, Pointer context);
}
