package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The C shim against the real libesmtp.so.6: its ABI version, and its fixed-signature header
 * setters passing libESMTP's answers through (spec §3.2 and §3.5: 1 for an accepted call, 0 where
 * libESMTP refuses). Each test runs on a fresh {@code smtp_create_session()} with one message and
 * destroys it afterwards; nothing connects.
 */
class ShimTest {

    /** {@code Hdr_OVERRIDE} and {@code Hdr_PROHIBIT} ({@code enum header_option}). */
    private static final int HDR_OVERRIDE = 0;
    private static final int HDR_PROHIBIT = 1;

    private Pointer session;
    private Pointer message;

    @BeforeAll
    static void engineLoads() {
        assertTrue(NativeLoader.availability().available(), NativeLoader.availability().reason());
    }

    @BeforeEach
    void createSessionWithOneMessage() {
        session = LibEsmtp.smtp_create_session();
        assertNotNull(session, "smtp_create_session");
        message = LibEsmtp.smtp_add_message(session);
        assertNotNull(message, "smtp_add_message");
    }

    @AfterEach
    void destroySession() {
        if (session != null) {
            assertEquals(1, LibEsmtp.smtp_destroy_session(session), "smtp_destroy_session");
            session = null;
        }
    }

    @Test
    void theShimHasTheAbiThisBindingWasWrittenFor() {
        assertEquals(Shim.ABI_VERSION, Shim.shim_abi_version());
    }

    @Test
    void aPlainTextHeaderIsAcceptedOnceAndRefusedTheSecondTime() {
        assertEquals(1, Shim.shim_set_header_text(message, "X-Mailer", "esmtp4j"));
        assertEquals(0, Shim.shim_set_header_text(message, "X-Mailer", "again"), "custom headers are single-valued");
    }

    @Test
    void preserveAndProhibitNamesAreRefused() {
        assertEquals(0, Shim.shim_set_header_text(message, "Content-Type", "x"), "Content-* is PRESERVE");
        assertEquals(0, Shim.shim_set_header_text(message, "MIME-Version", "1.0"), "MIME-* is PRESERVE");
        assertEquals(0, Shim.shim_set_header_text(message, "Return-Path", "<a@example.org>"), "Return-Path is PROHIBIT");
    }

    @Test
    void mailboxListHeadersAcceptRepeatedCallsAndSingleOnesDoNot() {
        assertEquals(1, Shim.shim_set_header_mailbox(message, "From", "Alice", "alice@example.org"));
        assertEquals(1, Shim.shim_set_header_mailbox(message, "From", null, "bob@example.org"), "From is a list");
        assertEquals(1, Shim.shim_set_header_mailbox(message, "To", null, null), "(NULL, NULL): generate from the envelope");
        assertEquals(1, Shim.shim_set_header_mailbox(message, "Sender", null, "carol@example.org"));
        assertEquals(0, Shim.shim_set_header_mailbox(message, "Sender", null, "dave@example.org"), "Sender is single-valued");
    }

    @Test
    void aDateIsAcceptedOnceAndRefusedTheSecondTime() {
        assertEquals(1, Shim.shim_set_header_date(message, 1_000_000_000L));
        assertEquals(0, Shim.shim_set_header_date(message, 1_000_000_001L));
    }

    @Test
    void aMessageIdWithAValueIsAcceptedOnce() {
        assertEquals(1, Shim.shim_set_header_text(message, "Message-Id", "1.2@example.org"));
        assertEquals(0, Shim.shim_set_header_text(message, "Message-Id", "3.4@example.org"));
    }

    @Test
    void headerOptionsFollowLibesmtpsRules() {
        assertEquals(1, Shim.shim_set_header_option(message, "Subject", HDR_OVERRIDE, 1));
        assertEquals(0, Shim.shim_set_header_option(message, "Date", HDR_PROHIBIT, 1), "Date is REQUIRE");
        assertEquals(0, Shim.shim_set_header_option(message, "Content-Type", HDR_OVERRIDE, 1), "Content-* is PRESERVE");
        assertEquals(1, Shim.shim_set_header_option(message, "X-Secret", HDR_PROHIBIT, 1));
        assertEquals(0, Shim.shim_set_header_text(message, "X-Secret", "v"), "prohibited through the option");
    }

    @Test
    void aRunRegistersItsCallbacksAndItsMessagesAndIsFreedAfterTheSession() {
        Shim.EventCallback events = (event, index, p1, p2, n1, flag) -> { };
        Shim.FillCallback fill = (index, rewind) -> ContentFeed.NOTHING;
        Pointer run = Shim.shim_run_new(session, 2, 16, events, 1, 0, fill, null, 0);
        assertNotNull(run, "shim_run_new");
        assertNotNull(Shim.shim_run_chunk(run), "the chunk buffer");
        Pointer first = Shim.shim_add_message(run, session, 0, "a@example.org");
        assertNotNull(first, "a message with a reverse path");
        assertNotNull(Shim.shim_add_message(run, session, 1, null), "a message without one");
        assertNull(Shim.shim_add_message(run, session, 2, null), "an index beyond the run's messages");
        assertNotNull(Shim.shim_add_recipient(first, 0, "b@example.org"));
        byte[] done = {9, 9};
        Shim.shim_run_done(run, done, done.length);
        assertArrayEquals(new byte[] {0, 0}, done, "no content was read");
        assertEquals(0, Shim.shim_log_take(run, new com.sun.jna.Memory(64), 64), "no event was logged");

        destroySession();
        Shim.shim_run_free(run);
        // the callbacks must stay reachable until smtp_destroy_session (spec §10.1 #5)
        java.lang.ref.Reference.reachabilityFence(events);
        java.lang.ref.Reference.reachabilityFence(fill);
    }
}
