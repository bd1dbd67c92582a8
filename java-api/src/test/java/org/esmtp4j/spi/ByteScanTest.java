package org.esmtp4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ByteScan} against a byte-at-a-time oracle, at every offset and length. */
class ByteScanTest {

    private static int controlOracle(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xff) < ByteScan.CONTROL_LIMIT) {
                return i;
            }
        }
        return to;
    }

    private static int controlOrEightBitOracle(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xff) < ByteScan.CONTROL_LIMIT || b[i] < 0) {
                return i;
            }
        }
        return to;
    }

    private static boolean eightBitOracle(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyByteValueStopsTheScanExactlyWhenBelowTheLimit() {
        for (int value = 0; value < 256; value++) {
            for (int position = 0; position < 20; position++) {
                byte[] b = new byte[24];
                java.util.Arrays.fill(b, (byte) 'a');
                b[position] = (byte) value;
                int expected = value < ByteScan.CONTROL_LIMIT ? position : b.length;
                assertEquals(expected, ByteScan.indexOfControl(b, 0, b.length), "value " + value + " at " + position);
                assertEquals(value >= 0x80, ByteScan.hasEightBit(b, 0, b.length), "value " + value + " at " + position);
                int stop = value < ByteScan.CONTROL_LIMIT || value >= 0x80 ? position : b.length;
                assertEquals(stop, ByteScan.indexOfControlOrEightBit(b, 0, b.length), "value " + value + " at " + position);
            }
        }
    }

    @Test
    void randomBytesMatchTheOracleAtEveryOffset() {
        Random random = new Random(1870);
        // Mostly printable, with the bytes just around the limit and 8-bit bytes mixed in, so
        // that a borrow from one byte into the next would show.
        byte[] alphabet = {'a', 'z', ' ', '~', 13, 14, 15, 12, 10, 0, 9, (byte) 0x80, (byte) 0x8d, (byte) 0xff, '.'};
        for (int n = 0; n < 3000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + random.nextInt(26));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            assertEquals(controlOracle(b, from, to), ByteScan.indexOfControl(b, from, to));
            assertEquals(eightBitOracle(b, from, to), ByteScan.hasEightBit(b, from, to));
            assertEquals(controlOrEightBitOracle(b, from, to), ByteScan.indexOfControlOrEightBit(b, from, to));
        }
    }
}
