package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import org.esmtp4j.spi.Availability;

/**
 * Loads the system libesmtp and the shim once, and says why the engine is unavailable when
 * either is missing or the library is not the 1.1.0 this binding was written for.
 */
final class NativeLoader {

    /** The libESMTP version the binding's behaviour notes apply to. */
    static final String EXPECTED_VERSION = "1.1.0";

    private static final Availability AVAILABILITY = load();

    private NativeLoader() {
    }

    static Availability availability() {
        return AVAILABILITY;
    }

    private static Availability load() {
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance("libesmtp.so.6");
        } catch (UnsatisfiedLinkError e) {
            return Availability.unavailable("libesmtp.so.6 not found (install Debian's libesmtp6): " + firstLine(e));
        }
        try {
            LibEsmtp.bind(lib);
        } catch (UnsatisfiedLinkError e) {
            return Availability.unavailable("libesmtp.so.6 lacks a function this binding needs: " + firstLine(e));
        }
        String version = version();
        if (!EXPECTED_VERSION.equals(version)) {
            return Availability.unavailable("libesmtp.so.6 is version " + version + "; this binding supports " + EXPECTED_VERSION);
        }
        NativeLibrary shim;
        try {
            shim = NativeLibrary.getInstance("esmtpshim", NativeLoader.class.getClassLoader());
            Shim.bind(shim);
        } catch (UnsatisfiedLinkError e) {
            return Availability.unavailable("the esmtp4j shim (linux-x86-64/libesmtpshim.so) is missing or cannot load: " + firstLine(e));
        }
        int abi = Shim.shim_abi_version();
        if (abi != Shim.ABI_VERSION) {
            return Availability.unavailable("the esmtp4j shim has ABI " + abi + ", expected " + Shim.ABI_VERSION);
        }
        return Availability.available(version);
    }

    /** {@code smtp_version(buf, len, Ver_VERSION)}. */
    static String version() {
        Memory buf = new Memory(64);
        buf.clear();
        if (LibEsmtp.smtp_version(buf, new SizeT(buf.size()), 0) == 0) {
            return "(unknown)";
        }
        return buf.getString(0, "US-ASCII");
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
