package org.esmtp4j.libesmtp;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the {@code auth-client.h} functions the engine calls (libESMTP's SASL
 * client, exported by {@code libesmtp.so.6}). Bound by {@link NativeLoader}.
 */
final class AuthClient {

    /** {@code AUTH_PLUGIN_ANONYMOUS}. */
    static final int PLUGIN_ANONYMOUS = 0x01;
    /** {@code AUTH_PLUGIN_PLAIN}: PLAIN and LOGIN. */
    static final int PLUGIN_PLAIN = 0x02;

    private AuthClient() {
    }

    static void bind(NativeLibrary library) {
        Native.register(AuthClient.class, library);
    }

    /**
     * {@code int (*auth_interact_t)(auth_client_request_t request, char **result, int fields, void *arg)}:
     * {@code request} is an array of {@code fields} {@code struct auth_client_request}, {@code result}
     * an array of {@code fields} {@code char *} to fill; non-zero means answered.
     */
    interface InteractCallback extends Callback {
        int invoke(Pointer request, Pointer result, int fields, Pointer arg);
    }

    static native Pointer auth_create_context();

    static native int auth_destroy_context(Pointer context);

    static native int auth_set_mechanism_flags(Pointer context, int set, int clear);

    static native int auth_set_mechanism_ssf(Pointer context, int minSsf);

    static native int auth_set_interact_cb(Pointer context, InteractCallback interact, Pointer arg);

    static native int auth_set_external_id(Pointer context, String identity);

    static native String auth_mechanism_name(Pointer context);
}
