package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import org.esmtp4j.spi.Availability;

/**
 * Loads the system libesmtp and the shim once, and says why the engine is unavailable when
 * either is missing or the library is not the 1.1.0 this binding was written for.
 *
 * <p>The library is {@value #DEFAULT_LIBRARY} unless the system property
 * {@value #LIBRARY_PROPERTY} names another one: a bare file name that the dynamic linker (or
 * {@code jna.library.path}) finds, or an absolute path. Packagers use it where the library is
 * installed elsewhere, tests to make the engine unavailable. The property is read once, the first
 * time the engine is probed ({@code Smtp.engineNames()}, {@code Smtp.engine()} and the like), so
 * set it on the command line ({@code -Desmtp4j.libesmtp.library=/opt/libesmtp/lib/libesmtp.so.6})
 * rather than later at run time. The shim is linked against {@code libesmtp.so.6}: the library
 * named must be a libESMTP 1.1.0 build with that soname, so that the dynamic linker gives the shim
 * the copy already loaded rather than a second one whose sessions the shim would not know.
 */
final class NativeLoader {

    /** The libESMTP version the binding's behaviour notes apply to. */
    static final String EXPECTED_VERSION = "1.1.0";

    /** The system property that names the libESMTP shared library to load instead of {@value #DEFAULT_LIBRARY}. */
    static final String LIBRARY_PROPERTY = "esmtp4j.libesmtp.library";

    /** The library loaded when {@value #LIBRARY_PROPERTY} is not set: Debian's {@code libesmtp6} 1.1.0. */
    static final String DEFAULT_LIBRARY = "libesmtp.so.6";

    private static final Availability AVAILABILITY = load();

    private NativeLoader() {
    }

    static Availability availability() {
        return AVAILABILITY;
    }

    /**
     * @return the library to load: {@value #LIBRARY_PROPERTY} when set and not blank, else
     *     {@value #DEFAULT_LIBRARY}
     */
    static String libraryName() {
        String named = System.getProperty(LIBRARY_PROPERTY);
        return named == null || named.isBlank() ? DEFAULT_LIBRARY : named.strip();
    }

    private static Availability load() {
        String library = libraryName();
        String overridden = library.equals(DEFAULT_LIBRARY) ? "" : " (named by -D" + LIBRARY_PROPERTY + ")";
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(library);
        } catch (UnsatisfiedLinkError e) {
            return Availability.unavailable(library + overridden + " not found (install Debian's libesmtp6): " + firstLine(e));
        }
        try {
            LibEsmtp.bind(lib);
            AuthClient.bind(lib);
        } catch (UnsatisfiedLinkError e) {
            return Availability.unavailable(library + overridden + " lacks a function this binding needs: " + firstLine(e));
        }
        String version = version();
        if (!EXPECTED_VERSION.equals(version)) {
            return Availability.unavailable(library + overridden + " is version " + version + "; this binding supports " + EXPECTED_VERSION);
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

    /**
     * The first line of the error, which is all most link errors say. JNA's "Unable to load
     * library 'x':" ends in a colon and puts the dynamic linker's reason (for example "cannot
     * open shared object file") on the next line, so that line is kept too.
     */
    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        if (nl < 0) {
            return m;
        }
        String first = m.substring(0, nl).stripTrailing();
        if (!first.endsWith(":")) {
            return first;
        }
        int next = m.indexOf('\n', nl + 1);
        return first + " " + (next < 0 ? m.substring(nl + 1) : m.substring(nl + 1, next)).strip();
    }
}
