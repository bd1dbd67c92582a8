package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code smtp_set_timeout} (libESMTP §5.8): RFC 5321 §4.5.3.2 minimums and the override floor. */
class SessionTimeoutTest {

    /** libESMTP's verified result of requesting 1 ms for each timeout. */
    private static final Map<Timeout, Long> MINIMUM_MILLIS = Map.of(
            Timeout.GREETING, 300_000L,
            Timeout.ENVELOPE, 300_000L,
            Timeout.DATA, 120_000L,
            Timeout.TRANSFER, 180_000L,
            Timeout.DATA2, 600_000L);

    private Session session;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @ParameterizedTest
    @EnumSource(Timeout.class)
    void defaultIsTheRfcMinimum(Timeout which) {
        assertEquals(MINIMUM_MILLIS.get(which), session.timeout(which).toMillis());
        assertEquals(session.timeout(which), which.rfcMinimum());
    }

    @ParameterizedTest
    @EnumSource(Timeout.class)
    void aShorterValueIsRaisedToTheRfcMinimum(Timeout which) {
        Duration effective = session.setTimeout(which, Duration.ofMillis(1));
        assertEquals(MINIMUM_MILLIS.get(which), effective.toMillis());
        assertEquals(effective, session.timeout(which));
    }

    @ParameterizedTest
    @EnumSource(Timeout.class)
    void withTheOverrideTheFloorIsOneSecond(Timeout which) {
        assertEquals(1000, session.setTimeout(which, Duration.ofMillis(1), true).toMillis());
        assertEquals(1000, session.timeout(which).toMillis());
        assertEquals(1500, session.setTimeout(which, Duration.ofMillis(1500), true).toMillis());
    }

    @ParameterizedTest
    @EnumSource(Timeout.class)
    void aLongerValueIsKept(Timeout which) {
        Duration longer = Duration.ofMinutes(11);
        assertEquals(longer, session.setTimeout(which, longer));
        assertEquals(longer, session.setTimeout(which, longer, true));
        assertEquals(longer, session.timeout(which));
    }

    @Test
    void nonPositiveValuesAreRefusedAndChangeNothing() {
        session.setTimeout(Timeout.DATA, Duration.ofMinutes(7));
        assertThrows(InvalidArgumentException.class, () -> session.setTimeout(Timeout.DATA, Duration.ZERO));
        assertThrows(InvalidArgumentException.class, () -> session.setTimeout(Timeout.DATA, Duration.ofMillis(-1), true));
        assertEquals(Duration.ofMinutes(7), session.timeout(Timeout.DATA));
    }

    @Test
    void libesmtpCodesFollowTheCEnum() {
        assertEquals(0, Timeout.GREETING.libesmtpCode());
        assertEquals(1, Timeout.ENVELOPE.libesmtpCode());
        assertEquals(2, Timeout.DATA.libesmtpCode());
        assertEquals(3, Timeout.TRANSFER.libesmtpCode());
        assertEquals(4, Timeout.DATA2.libesmtpCode());
    }

    @Test
    void connectTimeoutMustBePositive() {
        assertEquals(Duration.ofSeconds(30), session.connectTimeout());
        assertThrows(InvalidArgumentException.class, () -> session.setConnectTimeout(Duration.ZERO));
        assertThrows(InvalidArgumentException.class, () -> session.setConnectTimeout(null));
        session.setConnectTimeout(Duration.ofMillis(250));
        assertEquals(Duration.ofMillis(250), session.connectTimeout());
    }
}
