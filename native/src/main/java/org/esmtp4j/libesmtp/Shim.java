package org.esmtp4j.libesmtp;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the C shim ({@code src/main/c/esmtp_shim.c}): a start's libESMTP
 * callbacks served in C (the variadic event callback, the monitor, the message reader), calling
 * Java only for events, content chunks and an application's trace; fixed-signature header
 * setters, so that nothing variadic crosses JNA; and the per-start OpenSSL client context with
 * the OpenSSL reads the TLS events need.
 */
final class Shim {

    /** The shim ABI this binding was written for. */
    static final int ABI_VERSION = 3;

    private Shim() {
    }

    static void bind(NativeLibrary library) {
        Native.register(Shim.class, library);
    }

    /** {@code shim_read}'s answer bit for "the content ends after this chunk" ({@code SHIM_FILL_LAST}). */
    static final int FILL_LAST = 0x4000_0000;
    /** MESSAGESENT's {@code n1} bit: the last bytes read from the server ended with LF. */
    static final int SENT_LAST_READ_LF = 1;
    /** MESSAGESENT's {@code n1} bit: the reader returned the end of the message's content. */
    static final int SENT_CONTENT_DONE = 2;

    /**
     * The fixed-signature event callback the trampoline calls. {@code index} is the message's
     * index (MAILSTATUS, MESSAGEDATA, MESSAGESENT) or the recipient's ordinal (RCPTSTATUS) given
     * to {@link #shim_add_message} and {@link #shim_add_recipient}, else -1. For MAILSTATUS,
     * RCPTSTATUS and MESSAGESENT {@code p1} is the {@code smtp_status_t} to report, and
     * MESSAGESENT's {@code n1} holds {@link #SENT_LAST_READ_LF} and {@link #SENT_CONTENT_DONE};
     * the other events' arguments are listed in the shim's switch.
     */
    interface EventCallback extends Callback {
        void invoke(int event, int index, Pointer p1, Pointer p2, long n1, Pointer flag);
    }

    /** The trace, from the shim's monitor; only installed when the application traces. */
    interface MonitorCallback extends Callback {
        void invoke(Pointer buf, int length, int writing);
    }

    /**
     * Puts message {@code index}'s next chunk (its first after reopening the content when
     * {@code rewind} is 1) into the run's chunk buffer; see {@link ContentFeed} for the answers.
     */
    interface FillCallback extends Callback {
        int invoke(int index, int rewind);
    }

    /** OpenSSL's {@code pem_password_cb}: fills {@code buf} with the key's password, returns its length or 0. */
    interface PasswordCallback extends Callback {
        int invoke(Pointer buf, int size, int rwflag, Pointer userdata);
    }

    static native int shim_abi_version();

    /**
     * Installs the shim's event callback and monitor on the session and makes room for
     * {@code messages} message readers and a {@code chunkSize}-byte chunk buffer. With
     * {@code deferStatusEvents} MAILSTATUS, RCPTSTATUS and MESSAGESENT are logged for
     * {@link #shim_log_take} instead of calling {@code events} (see {@link DeferredEvents}).
     * Null on failure; else free with {@link #shim_run_free} after {@code smtp_destroy_session}.
     */
    static native Pointer shim_run_new(Pointer session, int messages, int chunkSize, EventCallback events,
            int deferStatusEvents, int wantMessageData, FillCallback fill, MonitorCallback monitor, int monitorHeaders);

    /**
     * Moves whole logged events into {@code buffer} ({@code size} bytes): the bytes moved, 0 when none are logged, or
     * minus the size of the first one when it does not fit.
     */
    static native int shim_log_take(Pointer run, Pointer buffer, int size);

    /** The run's chunk buffer, which {@link FillCallback} fills. */
    static native Pointer shim_run_chunk(Pointer run);

    /** Makes every later content read of the run fail (Java remembered an exception). */
    static native void shim_run_fail(Pointer run);

    /** Copies each message's "the reader returned the end of the content" flag into {@code done}. */
    static native void shim_run_done(Pointer run, byte[] done, int count);

    static native void shim_run_free(Pointer run);

    /**
     * {@code smtp_add_message}, {@code smtp_set_reverse_path} unless {@code reversePath} is null,
     * and the run's reader for message {@code index}. Null on failure.
     */
    static native Pointer shim_add_message(Pointer run, Pointer session, int index, String reversePath);

    /** {@code smtp_add_recipient}, remembering {@code ordinal} for its RCPTSTATUS event. Null on failure. */
    static native Pointer shim_add_recipient(Pointer message, int ordinal, String mailbox);

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
