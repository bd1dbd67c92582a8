package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaultsAreSafe() {
        assertEquals(2048, Limits.DEFAULT.maxReplyLineLength());
        assertEquals(512, Limits.DEFAULT.maxReplyLines());
        assertEquals(65536, Limits.DEFAULT.maxReplyBytes());
        assertEquals(null, Limits.DEFAULT.sessionDeadline());
        assertEquals(10, Limits.DEFAULT.maxAuthRounds());
    }

    @Test
    void theFourValueFormKeepsTheDefaultAuthRounds() {
        assertEquals(Limits.DEFAULT_AUTH_ROUNDS, new Limits(4096, 100, 8192, Duration.ofSeconds(30)).maxAuthRounds());
    }

    @Test
    void copiesChangeOneBound() {
        Limits l = Limits.DEFAULT.withSessionDeadline(Duration.ofMinutes(1)).withMaxAuthRounds(3);
        assertEquals(Duration.ofMinutes(1), l.sessionDeadline());
        assertEquals(3, l.maxAuthRounds());
        assertEquals(Limits.DEFAULT.maxReplyBytes(), l.maxReplyBytes());
    }

    @Test
    void outOfRangeBoundsAreRefusedNamingTheBound() {
        assertEquals("maxReplyLineLength", assertThrows(InvalidArgumentException.class,
                () -> new Limits(511, 512, 65536, null)).argument());
        assertEquals("limits", assertThrows(InvalidArgumentException.class,
                () -> new Limits(2048, 0, 65536, null)).argument());
        assertEquals("limits", assertThrows(InvalidArgumentException.class,
                () -> new Limits(2048, 512, 1024, null)).argument());
        assertEquals("sessionDeadline", assertThrows(InvalidArgumentException.class,
                () -> new Limits(2048, 512, 65536, Duration.ZERO)).argument());
        assertEquals("maxAuthRounds", assertThrows(InvalidArgumentException.class,
                () -> Limits.DEFAULT.withMaxAuthRounds(0)).argument());
    }
}
