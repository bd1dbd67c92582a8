package org.esmtp4j.pure.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.esmtp4j.InvalidContentException;
import org.esmtp4j.LineEndings;
import org.esmtp4j.MessageSource;
import org.esmtp4j.pure.fuzz.ChunkPlan;
import org.esmtp4j.spi.CanonicalContent;

/**
 * Jazzer target for the DATA path: {@link CanonicalContent} then {@link DotStuffer}, with the
 * oracle of hostile-cases §2 ("server-side un-stuffing of the wire equals the CRLF-canonicalised
 * input, and the wire contains exactly one end of data"). Input layout: {@link ChunkPlan}; option
 * bit 0 selects {@link LineEndings#REJECT}; the chunk sizes cut the source reads, the
 * canonicaliser's reads, and the stuffer's writes (each starting at a different place in the
 * plan); the payload is the application's content.
 *
 * <p>Oracles: the canonical bytes equal those of a plain reference model of the rules
 * (CRLF kept, bare CR/LF made CRLF or refused, final CRLF added, 998-octet lines refused), and an
 * {@link InvalidContentException} comes exactly when the model refuses, naming the same line;
 * prescan counts agree; canonicalising canonical output is the identity in both modes; the
 * stuffed wire has no bare CR or LF, ends in the one and only {@code "."} line, and
 * {@link DotStuffer#unstuff} gives back the canonical bytes. The raw content fed straight to the
 * stuffer is either encoded the same way or refused with an {@link IOException} before any bare
 * CR, LF or end of data reached the output, after which the stuffer refuses to finish.
 */
class DataEncodingFuzzTest {

    private static final int MAX_CONTENT = 1 << 16;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Reference result: the canonical bytes, or the 1-based line refused (then bytes is null). */
    record Expected(byte[] canonical, long refusedLine) {
    }

    @FuzzTest(maxDuration = "5m")
    void wireUnstuffsToTheCanonicalContent(byte[] input) throws IOException {
        ChunkPlan plan = ChunkPlan.of(input);
        byte[] raw = plan.payload();
        if (raw.length > MAX_CONTENT) {
            return;
        }
        LineEndings mode = (plan.options() & 1) != 0 ? LineEndings.REJECT : LineEndings.CANONICALIZE;
        Expected expected = model(raw, mode);

        byte[] canonical = canonicaliseAsModelled(raw, mode, plan, expected);
        if (canonical != null) {
            checkPrescan(raw, mode, canonical);
            for (LineEndings again : LineEndings.values()) {
                assertArrayEquals(canonical, canonicalise(canonical, again, plan), "canonical is not a fixed point");
            }
            byte[] wire = stuff(canonical, plan.sizes(2));
            checkWire(wire, canonical);
        }
        stuffRaw(raw, plan.sizes(3));
    }

    /** The rules of {@link CanonicalContent}, one byte at a time. */
    static Expected model(byte[] in, LineEndings mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long line = 1;
        int lineLength = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == CR || b == LF) {
                boolean crlf = b == CR && i + 1 < in.length && in[i + 1] == LF;
                if (!crlf && mode == LineEndings.REJECT) {
                    return new Expected(null, line);
                }
                if (crlf) {
                    i++;
                }
                out.write(CR);
                out.write(LF);
                line++;
                lineLength = 0;
            } else {
                out.write(b);
                if (++lineLength > CanonicalContent.MAX_LINE_OCTETS) {
                    return new Expected(null, line);
                }
            }
        }
        if (lineLength > 0) {
            out.write(CR);
            out.write(LF);
        }
        return new Expected(out.toByteArray(), 0);
    }

    /**
     * @return the canonical bytes, checked against the model, or null when the content was
     *     refused as the model predicts
     */
    private static byte[] canonicaliseAsModelled(byte[] raw, LineEndings mode, ChunkPlan plan, Expected expected)
            throws IOException {
        byte[] canonical;
        try {
            canonical = canonicalise(raw, mode, plan);
        } catch (InvalidContentException e) {
            if (expected.canonical() != null) {
                fail("refused content the model accepts: " + e.getMessage());
            }
            assertEquals(expected.refusedLine(), e.lineNumber(), e::getMessage);
            return null;
        }
        if (expected.canonical() == null) {
            fail("accepted content the model refuses at line " + expected.refusedLine());
        }
        assertArrayEquals(expected.canonical(), canonical, "canonical bytes");
        return canonical;
    }

    /** A source that returns the planned number of bytes per read (never more than asked). */
    private static final class PlannedSource implements MessageSource {
        private final byte[] content;
        private final ChunkPlan plan;
        private ChunkPlan.Sizes sizes;
        private int position;

        PlannedSource(byte[] content, ChunkPlan plan) {
            this.content = content;
            this.plan = plan;
        }

        @Override
        public void rewind() {
            sizes = plan.sizes(0);
            position = 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == content.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, sizes.next()), content.length - position);
            System.arraycopy(content, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    private static byte[] canonicalise(byte[] content, LineEndings mode, ChunkPlan plan) throws IOException {
        CanonicalContent canonical = new CanonicalContent(new PlannedSource(content, plan), mode, false, "content");
        canonical.rewind();
        ChunkPlan.Sizes sizes = plan.sizes(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[258];
        int n;
        while ((n = canonical.read(buffer, 1, Math.min(256, sizes.next()))) >= 0) {
            if (n < 1) {
                fail("read returned " + n);
            }
            out.write(buffer, 1, n);
        }
        assertEquals(-1, canonical.read(buffer, 0, 1), "end is sticky");
        assertEquals(out.size(), canonical.size(), "size()");
        return out.toByteArray();
    }

    private static void checkPrescan(byte[] raw, LineEndings mode, byte[] canonical) throws IOException {
        CanonicalContent.Prescan prescan = CanonicalContent.prescan(MessageSource.of(raw), mode, false, "content");
        long lines = 0;
        boolean eightBit = false;
        boolean nul = false;
        for (int i = 0; i < canonical.length; i++) {
            lines += canonical[i] == LF ? 1 : 0;
            eightBit |= canonical[i] < 0;
            nul |= canonical[i] == 0;
        }
        assertEquals(new CanonicalContent.Prescan(canonical.length, lines, eightBit, nul), prescan);
    }

    private static byte[] stuff(byte[] canonical, ChunkPlan.Sizes sizes) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(wire);
        write(stuffer, canonical, sizes);
        stuffer.finish();
        assertEquals(canonical.length, stuffer.contentBytes());
        return wire.toByteArray();
    }

    /** Writes {@code content} in planned chunks, each from a buffer at an offset. */
    private static void write(DotStuffer stuffer, byte[] content, ChunkPlan.Sizes sizes) throws IOException {
        int pos = 0;
        while (pos < content.length) {
            int n = Math.min(sizes.next(), content.length - pos);
            byte[] chunk = new byte[n + 2];
            System.arraycopy(content, pos, chunk, 1, n);
            chunk[0] = LF;
            chunk[n + 1] = LF;
            pos += n;
            stuffer.write(chunk, 1, n);
        }
    }

    private static void checkWire(byte[] wire, byte[] content) {
        checkNoBareLineEnds(wire);
        assertFalse(hasEndOfData(wire, wire.length - 3), "end of data before the end");
        assertTrue(wire.length >= 3 && wire[wire.length - 3] == '.' && wire[wire.length - 2] == CR
                && wire[wire.length - 1] == LF && (wire.length == 3 || wire[wire.length - 4] == LF),
                "the wire must end in the line \".\"");
        assertEquals(content.length == 0, wire.length == 3, "\".\\r\\n\" alone is the empty message");
        assertArrayEquals(content, DotStuffer.unstuff(wire), "unstuffed wire");
    }

    private static void checkNoBareLineEnds(byte[] wire) {
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == CR) {
                if (i + 1 == wire.length || wire[i + 1] != LF) {
                    fail("bare CR on the wire at " + i);
                }
            } else if (wire[i] == LF) {
                if (i == 0 || wire[i - 1] != CR) {
                    fail("bare LF on the wire at " + i);
                }
            }
        }
    }

    /** @return whether a line of {@code wire[0, end)} is exactly "." (the receiver's end of data) */
    private static boolean hasEndOfData(byte[] wire, int end) {
        int lineStart = 0;
        for (int i = 0; i + 1 < end; i++) {
            if (wire[i] == CR && wire[i + 1] == LF) {
                if (i - lineStart == 1 && wire[lineStart] == '.') {
                    return true;
                }
                lineStart = i + 2;
            }
        }
        return false;
    }

    /**
     * The stuffer's own defence: uncanonicalised content is encoded when it has no bare CR or LF
     * (a final CR is completed to CRLF by {@link DotStuffer#finish()}), else refused before the
     * bare byte, and the data can then never be terminated.
     */
    private static void stuffRaw(byte[] raw, ChunkPlan.Sizes sizes) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(wire);
        boolean clean = !hasBareLineEnd(raw);
        try {
            write(stuffer, raw, sizes);
        } catch (IOException refused) {
            if (clean) {
                fail("refused clean content: " + refused.getMessage());
            }
            byte[] partial = wire.toByteArray();
            checkNoBareLineEnds(partial);
            assertFalse(hasEndOfData(partial, partial.length), "end of data in the refused output");
            assertThrows(IllegalStateException.class, stuffer::finish);
            assertThrows(IllegalStateException.class, () -> stuffer.write(new byte[] {'x'}, 0, 1));
            return;
        }
        if (!clean) {
            fail("a bare CR or LF was accepted");
        }
        stuffer.finish();
        checkWire(wire.toByteArray(), completed(raw));
    }

    /** @return whether a CR not followed by LF (except as the last byte) or an LF without CR occurs */
    private static boolean hasBareLineEnd(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == CR && i + 1 < b.length && b[i + 1] != LF) {
                return true;
            }
            if (b[i] == LF && (i == 0 || b[i - 1] != CR)) {
                return true;
            }
        }
        return false;
    }

    /** @return clean content with its last line completed to CRLF, as {@link DotStuffer#finish()} does */
    private static byte[] completed(byte[] clean) {
        int n = clean.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(clean, 0, n);
        if (n > 0 && clean[n - 1] == CR) {
            out.write(LF);
        } else if (n > 0 && !(n >= 2 && clean[n - 2] == CR && clean[n - 1] == LF)) {
            out.write(CR);
            out.write(LF);
        }
        return out.toByteArray();
    }
}
