package org.esmtp4j.libesmtp;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the C shim ({@code src/main/c/esmtp_shim.c}): the event trampoline and
 * fixed-signature header setters, so that nothing variadic crosses JNA.
 */
final class Shim {

    /** The shim ABI this binding was written for. */
    static final int ABI_VERSION = 1;

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

    static native int shim_abi_version();

    static native Pointer shim_set_eventcb(Pointer session, EventCallback cb, int wantMessageData);

    static native void shim_free(Pointer p);

    static native int shim_set_header_text(Pointer message, String name, String text);

    static native int shim_set_header_mailbox(Pointer message, String name, String phrase, String mailbox);

    static native int shim_set_header_date(Pointer message, long when);

    static native int shim_set_header_option(Pointer message, String name, int option, int value);
}
