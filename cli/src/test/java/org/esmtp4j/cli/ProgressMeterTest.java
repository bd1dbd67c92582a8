package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    private static final long MIB = 1024 * 1024;

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private long now = 1_000_000_000L;
    private final ProgressMeter meter = new ProgressMeter(new PrintStream(sink, true, StandardCharsets.UTF_8),
            40 * MIB, () -> now);

    private String printed() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onlyMessagesOverTenMegabytesOnATerminalGetAProgressLine() {
        assertFalse(ProgressMeter.wanted(ProgressMeter.THRESHOLD_BYTES, true));
        assertTrue(ProgressMeter.wanted(ProgressMeter.THRESHOLD_BYTES + 1, true));
        assertFalse(ProgressMeter.wanted(100 * MIB, false));
    }

    @Test
    void printsAtMostFourTimesASecond() {
        meter.accept(1000); // the first content starts the clock
        for (int step = 0; step < 100; step++) { // 100 more events over 1 second
            now += 10_000_000L;
            meter.accept(1000);
        }
        long updates = printed().chars().filter(c -> c == '\r').count();
        assertEquals(4, updates, printed());
        assertEquals(101_000, meter.sent());
    }

    @Test
    void showsBytesSentShareAndRateFromTheFirstContentByte() {
        now += 5_000_000_000L; // connecting and the envelope do not count
        meter.accept(1);
        now += 2_000_000_000L;
        meter.accept((int) (10 * MIB) - 1);
        assertTrue(printed().startsWith("\rsent 10.0 of 40.0 MiB (25%), 5.0 MiB/s"), printed());
    }

    @Test
    void finishEndsTheLineOnlyWhenSomethingWasShown() {
        meter.accept(10);
        meter.finish();
        assertEquals("", printed(), "nothing shown within the first interval, so nothing to end");
        now += 1_000_000_000L;
        meter.accept(10);
        meter.finish();
        assertTrue(printed().endsWith("\n"), printed());
        assertEquals(2, printed().chars().filter(c -> c == '\r').count());
    }
}
