package org.esmtp4j.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte search that message content is run through on its way to the wire: find the next
 * control byte (CR, LF, NUL...) in a run of text. Content is overwhelmingly printable, so the
 * search looks at eight bytes at a time (one {@code long} load and three arithmetic operations per
 * word, the "has a byte less than n" test of <em>Bit Twiddling Hacks</em>) instead of branching on
 * every byte. For the canonicaliser and the engines' DATA encoders; stateless and thread-safe.
 */
public final class ByteScan {

    /** Bytes below this (unsigned) stop a scan: CR (13), LF (10), NUL and the other C0 controls up to 13. */
    public static final int CONTROL_LIMIT = 14;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LIMITS = ONES * CONTROL_LIMIT;

    private ByteScan() {
    }

    /**
     * The index of the first byte in {@code b[from, to)} whose unsigned value is below
     * {@value #CONTROL_LIMIT}, or {@code to} when there is none. Bytes of 0x80 and above never
     * stop the scan.
     *
     * @param b the bytes
     * @param from the first index to look at
     * @param to the end of the range (exclusive); {@code from <= to <= b.length}
     * @return that index, in {@code [from, to]}
     */
    public static int indexOfControl(byte[] b, int from, int to) {
        int p = from;
        int lastWord = to - Long.BYTES;
        while (p <= lastWord) {
            long v = (long) LONGS.get(b, p);
            // A byte below the limit borrows into its own high bit, and only such a byte sets
            // a high bit that ~v leaves; borrows only reach higher (later) bytes, so the lowest
            // flagged byte is the first one.
            long below = (v - LIMITS) & ~v & HIGH_BITS;
            if (below != 0) {
                return p + (Long.numberOfTrailingZeros(below) >>> 3);
            }
            p += Long.BYTES;
        }
        while (p < to && (b[p] & 0xff) >= CONTROL_LIMIT) {
            p++;
        }
        return p;
    }

    /**
     * The index of the first byte in {@code b[from, to)} whose unsigned value is below
     * {@value #CONTROL_LIMIT} or is 0x80 and above, or {@code to} when there is none: one pass
     * for a caller that needs both the next control byte and whether 8-bit bytes occur (it
     * switches to {@link #indexOfControl} once it has seen one).
     *
     * @param b the bytes
     * @param from the first index to look at
     * @param to the end of the range (exclusive); {@code from <= to <= b.length}
     * @return that index, in {@code [from, to]}
     */
    public static int indexOfControlOrEightBit(byte[] b, int from, int to) {
        int p = from;
        int lastWord = to - Long.BYTES;
        while (p <= lastWord) {
            long v = (long) LONGS.get(b, p);
            // As in indexOfControl, plus every byte whose own high bit is set. A byte of 0x80 and
            // above does not borrow, so the lowest flagged byte is still the first one.
            long stop = ((v - LIMITS) & ~v | v) & HIGH_BITS;
            if (stop != 0) {
                return p + (Long.numberOfTrailingZeros(stop) >>> 3);
            }
            p += Long.BYTES;
        }
        while (p < to && (b[p] & 0xff) >= CONTROL_LIMIT && b[p] >= 0) {
            p++;
        }
        return p;
    }

    /**
     * Whether any byte in {@code b[from, to)} is 0x80 or above.
     *
     * @param b the bytes
     * @param from the first index
     * @param to the end of the range (exclusive)
     * @return true when an 8-bit byte occurs
     */
    public static boolean hasEightBit(byte[] b, int from, int to) {
        int p = from;
        int lastWord = to - Long.BYTES;
        long seen = 0;
        while (p <= lastWord) {
            seen |= (long) LONGS.get(b, p);
            p += Long.BYTES;
        }
        if ((seen & HIGH_BITS) != 0) {
            return true;
        }
        while (p < to) {
            if (b[p++] < 0) {
                return true;
            }
        }
        return false;
    }
}
