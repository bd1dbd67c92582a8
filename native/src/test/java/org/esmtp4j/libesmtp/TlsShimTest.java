package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shim's OpenSSL context builder and helpers, without a connection. */
class TlsShimTest {

    @BeforeAll
    static void engineLoads() {
        assertTrue(NativeLoader.availability().available(), NativeLoader.availability().reason());
    }

    @Test
    void buildsAContextOnTheSystemStoreAndFreesIt() {
        Memory reason = new Memory(256);
        reason.clear();
        Pointer tls = Shim.shim_tls_new(null, null, null, null, "mail.example", reason, 256);
        assertNotNull(tls, reason.getString(0));
        assertNotNull(Shim.shim_tls_ctx(tls));
        Shim.shim_tls_free(tls);
    }

    @Test
    void aMissingCaFileIsReportedWithItsName() {
        Memory reason = new Memory(256);
        reason.clear();
        assertNull(Shim.shim_tls_new("/nonexistent/ca.pem", null, null, null, "127.0.0.1", reason, 256));
        assertTrue(reason.getString(0).startsWith("cannot load the trusted certificates /nonexistent/ca.pem: "),
                reason.getString(0));
    }

    @Test
    void anOverlongReferenceNameIsRefused() {
        Memory reason = new Memory(256);
        reason.clear();
        assertNull(Shim.shim_tls_new(null, null, null, null, "a".repeat(300), reason, 256));
        assertEquals("the reference name is too long", reason.getString(0));
    }

    @Test
    void verifyResultsReadAsOpenSslText() {
        assertEquals("self-signed certificate", Shim.shim_tls_verify_reason(new NativeLong(18)));
        assertEquals("hostname mismatch", Shim.shim_tls_verify_reason(new NativeLong(62)));
    }
}
