package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Message options with bounds: DELIVERBY (libESMTP §1.7) and the SIZE estimate. */
class MessageTest {

    private Session session;
    private Message message;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
        message = session.addMessage();
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void messagesAreNumberedFromOne() {
        assertEquals(1, message.index());
        assertEquals(2, session.addMessage().index());
    }

    @ParameterizedTest
    @ValueSource(longs = {-999_999_999L, -1L, 0L, 999_999_999L})
    void deliverByNotifyAcceptsTheWholeRange(long seconds) {
        message.setDeliverBy(seconds, ByMode.NOTIFY, true);
        assertEquals(seconds, message.deliverByTime());
        assertEquals(ByMode.NOTIFY, message.deliverByMode());
        assertTrue(message.deliverByTrace());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1_000_000_000L, 1_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE})
    void deliverByOutsideTheRangeIsRefused(long seconds) {
        assertThrows(InvalidArgumentException.class, () -> message.setDeliverBy(seconds, ByMode.NOTIFY, false));
        assertNull(message.deliverByMode());
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, -1L, -999_999_999L})
    void deliverByReturnNeedsAPositiveTime(long seconds) {
        assertThrows(InvalidArgumentException.class, () -> message.setDeliverBy(seconds, ByMode.RETURN, false));
        assertNull(message.deliverByMode());
    }

    @Test
    void deliverByReturnWithAPositiveTime() {
        message.setDeliverBy(1, ByMode.RETURN, false);
        assertEquals(ByMode.RETURN, message.deliverByMode());
        assertEquals(1, message.deliverByTime());
        assertFalse(message.deliverByTrace());
    }

    @Test
    void nullModeClearsDeliverByAndItsTrace() {
        message.setDeliverBy(60, ByMode.RETURN, true);
        message.setDeliverBy(0, null, true);
        assertNull(message.deliverByMode());
        assertFalse(message.deliverByTrace());
    }

    @Test
    void sizeEstimate() {
        assertEquals(0, message.sizeEstimate());
        message.setSizeEstimate(12_345);
        assertEquals(12_345, message.sizeEstimate());
        message.setSizeEstimate(0);
        assertEquals(0, message.sizeEstimate());
        assertThrows(InvalidArgumentException.class, () -> message.setSizeEstimate(-1));
        assertEquals(0, message.sizeEstimate());
    }
}
