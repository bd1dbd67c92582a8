package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code smtp_dsn_set_notify} on a recipient (libESMTP §1.7). */
class RecipientTest {

    private Session session;
    private Message message;
    private Recipient recipient;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
        message = session.addMessage();
        recipient = message.addRecipient("rcpt@example.org");
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void notifyIsEmptyUntilSet() {
        assertTrue(recipient.dsnNotify().isEmpty());
        assertFalse(message.dsnRequested());
    }

    @Test
    void neverAloneIsAccepted() {
        recipient.setDsnNotify(EnumSet.of(Notify.NEVER));
        assertEquals(Set.of(Notify.NEVER), recipient.dsnNotify());
        assertEquals(-1, Notify.toLibesmtpFlags(recipient.dsnNotify()));
        assertTrue(message.dsnRequested());
    }

    @Test
    void neverCombinedWithOthersIsRefused() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> recipient.setDsnNotify(EnumSet.of(Notify.NEVER, Notify.SUCCESS)));
        assertEquals("DSN notify", e.argument());
        assertTrue(recipient.dsnNotify().isEmpty(), "a refused value must not be stored");
    }

    @Test
    void theSetIsCopiedAndReadOnly() {
        EnumSet<Notify> given = EnumSet.of(Notify.SUCCESS, Notify.FAILURE);
        recipient.setDsnNotify(given);
        given.add(Notify.DELAY);
        assertEquals(Set.of(Notify.SUCCESS, Notify.FAILURE), recipient.dsnNotify());
        assertEquals(3, Notify.toLibesmtpFlags(recipient.dsnNotify()));
        assertThrows(UnsupportedOperationException.class, () -> recipient.dsnNotify().add(Notify.DELAY));
    }

    @Test
    void emptySetClearsIt() {
        recipient.setDsnNotify(EnumSet.of(Notify.DELAY));
        recipient.setDsnNotify(EnumSet.noneOf(Notify.class));
        assertTrue(recipient.dsnNotify().isEmpty());
        assertFalse(message.dsnRequested());
    }
}
