package org.esmtp4j.pure.fuzz;

import java.util.Arrays;

/**
 * The layout the chunked fuzz targets read their input in, so that one byte string describes both
 * what is sent and how it is cut into pieces:
 *
 * <pre>
 *   byte 0        options, read by the target
 *   byte 1        low 4 bits: P, the number of chunk sizes that follow; high 4 bits: more options
 *   bytes 2..P+1  chunk sizes, each 1 + (unsigned byte): 1..256, used in turn and cyclically
 *   the rest      the payload
 * </pre>
 *
 * A missing byte reads as 0; P = 0 means "the payload in one piece". Seed files are written in
 * this layout (see FUZZING.md).
 */
public final class ChunkPlan {

    private final int options;
    private final int moreOptions;
    private final int[] sizes;
    private final byte[] payload;

    private ChunkPlan(int options, int moreOptions, int[] sizes, byte[] payload) {
        this.options = options;
        this.moreOptions = moreOptions;
        this.sizes = sizes;
        this.payload = payload;
    }

    /**
     * @param input a fuzzer input
     * @return its options, chunk sizes and payload
     */
    public static ChunkPlan of(byte[] input) {
        int options = input.length > 0 ? input[0] & 0xff : 0;
        int header = input.length > 1 ? input[1] & 0xff : 0;
        int count = Math.min(header & 0x0f, Math.max(0, input.length - 2));
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = 1 + (input[2 + i] & 0xff);
        }
        int payloadStart = Math.min(input.length, 2 + count);
        return new ChunkPlan(options, header >>> 4, sizes, Arrays.copyOfRange(input, payloadStart, input.length));
    }

    /** @return byte 0 of the input */
    public int options() {
        return options;
    }

    /** @return the high four bits of byte 1 */
    public int moreOptions() {
        return moreOptions;
    }

    /** @return the payload, a fresh copy owned by the caller */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * @param phase where in the size list to start, so that several consumers of one plan cut
     *     differently
     * @return the chunk sizes from that phase on, cyclically; unbounded (the rest at once) when
     *     the plan has no sizes
     */
    public Sizes sizes(int phase) {
        return new Sizes(sizes, phase);
    }

    /** A cyclic cursor over chunk sizes. */
    public static final class Sizes {
        private final int[] sizes;
        private int next;

        private Sizes(int[] sizes, int phase) {
            this.sizes = sizes;
            this.next = sizes.length == 0 ? 0 : Math.floorMod(phase, sizes.length);
        }

        /**
         * @param sizes chunk sizes, each at least 1, used cyclically; none for "everything at once"
         * @return a cursor over them
         */
        public static Sizes of(int... sizes) {
            return new Sizes(sizes.clone(), 0);
        }

        /** @return the next chunk size, at least 1; {@link Integer#MAX_VALUE} for "the rest" */
        public int next() {
            if (sizes.length == 0) {
                return Integer.MAX_VALUE;
            }
            int size = sizes[next];
            next = (next + 1) % sizes.length;
            return size;
        }
    }
}
