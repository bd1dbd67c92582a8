package org.esmtp4j.pure.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.esmtp4j.LineEndings;
import org.esmtp4j.MessageSource;
import org.esmtp4j.spi.CanonicalContent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomised (fixed seeds) check of the DATA path: no user content can end the data early
 * (hostile-cases §1.3, oracle of E8).
 */
class DotStufferPropertyTest {

    private static final String[] PIECES = {".", "..", "\r", "\n", "\r\n", "\r\n.", "\n.", "\r.", "a", "bc", " ",
        "\u00e9", "\r\n.\r\n"};

    /** A source that returns at most its next random chunk size per read. */
    private static final class RandomChunkSource implements MessageSource {
        private final byte[] content;
        private final long seed;
        private Random random;
        private int position;

        RandomChunkSource(byte[] content, long seed) {
            this.content = content;
            this.seed = seed;
        }

        @Override
        public void rewind() {
            random = new Random(seed);
            position = 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == content.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(6)), content.length - position);
            System.arraycopy(content, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    private static byte[] randomContent(Random random) {
        StringBuilder b = new StringBuilder();
        int count = random.nextInt(25);
        for (int i = 0; i < count; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Canonicalises {@code content} read with random source chunks and random read sizes. */
    private static byte[] canonicalise(byte[] content, Random random) throws IOException {
        CanonicalContent c = new CanonicalContent(new RandomChunkSource(content, random.nextLong()),
                LineEndings.CANONICALIZE, false, "content");
        c.rewind();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16];
        int n;
        while ((n = c.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Stuffs {@code canonical} handed over in random chunks (empty ones included). */
    private static byte[] stuff(byte[] canonical, Random random) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(wire);
        int off = 0;
        while (off < canonical.length) {
            int len = Math.min(random.nextInt(7), canonical.length - off);
            stuffer.write(canonical, off, len);
            off += len;
        }
        stuffer.finish();
        return wire.toByteArray();
    }

    private static void assertNoBareLineEnds(byte[] wire, String what) {
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '\r' && (i + 1 == wire.length || wire[i + 1] != '\n')) {
                fail("bare CR at " + i + " in " + what);
            }
            if (wire[i] == '\n' && (i == 0 || wire[i - 1] != '\r')) {
                fail("bare LF at " + i + " in " + what);
            }
        }
    }

    /** Where "\r\n.\r\n" occurs, or where the wire starts with ".\r\n" (an empty message). */
    private static int countTerminators(byte[] wire) {
        String s = new String(wire, StandardCharsets.ISO_8859_1);
        int count = s.startsWith(".\r\n") ? 1 : 0;
        for (int i = s.indexOf("\r\n.\r\n"); i >= 0; i = s.indexOf("\r\n.\r\n", i + 1)) {
            count++;
        }
        return count;
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 5321L, 20231218L, 302671L})
    void noContentCanTerminateTheDataEarly(long seed) throws IOException {
        Random random = new Random(seed);
        for (int n = 0; n < 2000; n++) {
            byte[] input = randomContent(random);
            byte[] canonical = canonicalise(input, random);
            byte[] wire = stuff(canonical, random);
            String what = "input " + show(input) + " -> wire " + show(wire);

            // (a) only CRLF line ends on the wire
            assertNoBareLineEnds(wire, what);
            // (b) exactly one terminator, at the very end
            assertEquals(1, countTerminators(wire), what);
            if (canonical.length == 0) {
                assertEquals(".\r\n", new String(wire, StandardCharsets.ISO_8859_1), what);
            } else {
                assertTrue(new String(wire, StandardCharsets.ISO_8859_1).endsWith("\r\n.\r\n"), what);
            }
            // (c) the receiver's un-stuffing gives back exactly the canonical content
            assertArrayEquals(canonical, DotStuffer.unstuff(wire), what);
            // (d) canonical content is a fixed point of the canonicaliser
            assertArrayEquals(canonical, canonicalise(canonical, random), what);
        }
    }
}
