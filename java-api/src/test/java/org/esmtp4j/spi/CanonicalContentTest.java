package org.esmtp4j.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.esmtp4j.InvalidContentException;
import org.esmtp4j.LineEndings;
import org.esmtp4j.MessageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile-cases E8-E10 on the canonicaliser: bare CR/LF, final CRLF, line length. */
class CanonicalContentTest {

    private static final String NAME = "message 1 content";

    /** A source that hands out its bytes in chunks of the given sizes (cycled). */
    static final class ChunkedSource implements MessageSource {
        private final byte[] content;
        private final int[] chunkSizes;
        private int position;
        private int chunk;
        int readsAfterEnd;

        ChunkedSource(byte[] content, int... chunkSizes) {
            this.content = content;
            this.chunkSizes = chunkSizes.length == 0 ? new int[] {Integer.MAX_VALUE} : chunkSizes;
        }

        @Override
        public void rewind() {
            position = 0;
            chunk = 0;
            readsAfterEnd = 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == content.length) {
                readsAfterEnd++;
                return -1;
            }
            int n = Math.min(Math.min(length, chunkSizes[chunk++ % chunkSizes.length]), content.length - position);
            System.arraycopy(content, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Drains {@code content} with reads of {@code readSize} and checks the end stays the end. */
    private static byte[] drain(CanonicalContent content, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize + 2];
        int n;
        while ((n = content.read(buffer, 1, readSize)) >= 0) {
            assertTrue(n >= 1 && n <= readSize, "read returned " + n);
            out.write(buffer, 1, n);
        }
        assertEquals(-1, content.read(buffer, 1, readSize), "end must stay the end");
        assertEquals(out.size(), content.size());
        return out.toByteArray();
    }

    private static String canonical(String input, LineEndings mode, int readSize, int... chunks) throws IOException {
        CanonicalContent c = new CanonicalContent(new ChunkedSource(bytes(input), chunks), mode, false, NAME);
        c.rewind();
        return text(drain(c, readSize));
    }

    private static String canonical(String input) throws IOException {
        return canonical(input, LineEndings.CANONICALIZE, 4096);
    }

    /** The rules written out byte by byte, as the oracle for the chunked implementation. */
    static String reference(String in) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '\r') {
                out.append("\r\n");
                if (i + 1 < in.length() && in.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                out.append("\r\n");
            } else {
                out.append(c);
            }
        }
        if (out.length() > 0 && !(out.charAt(out.length() - 1) == '\n')) {
            out.append("\r\n");
        }
        return out.toString();
    }

    @Test
    void crlfContentIsUnchanged() throws IOException {
        assertEquals("Subject: x\r\n\r\nbody\r\n", canonical("Subject: x\r\n\r\nbody\r\n"));
    }

    @Test
    void bareLineEndsBecomeCrlf() throws IOException {
        assertEquals("a\r\nb\r\n", canonical("a\nb\n"));
        assertEquals("a\r\nb\r\n", canonical("a\rb\r"));
        assertEquals("a\r\n\r\nb\r\n", canonical("a\r\r\nb"));
        assertEquals("a\r\n\r\nb\r\n", canonical("a\n\rb"));
        assertEquals("\r\n", canonical("\r"));
        assertEquals("\r\n", canonical("\n"));
    }

    @Test
    void secConsultSmugglingPayloadsAreCanonicalised() throws IOException {
        assertEquals("a\r\n.\r\nb\r\n", canonical("a\n.\nb"));
        assertEquals("a\r\n.\r\nb\r\n", canonical("a\n.\r\nb"));
        assertEquals("a\r\n.\r\nb\r\n", canonical("a\r.\rb"));
        assertEquals("a\r\n.\r\nb\r\n", canonical("a\r\n.\nb"));
        assertEquals("bare lf\r\n.\r\nsmuggled?\r\nbare cr\r\n.\r\nend\r\n",
                canonical("bare lf\n.\nsmuggled?\r\nbare cr\r.\rend\r\n"));
    }

    @Test
    void aMissingFinalCrlfIsAppendedAndEmptyContentStaysEmpty() throws IOException {
        assertEquals("last no crlf\r\n", canonical("last no crlf"));
        assertEquals("", canonical(""));
        CanonicalContent c = new CanonicalContent(MessageSource.of(new byte[0]), LineEndings.REJECT, false, NAME);
        c.rewind();
        assertEquals(-1, c.read(new byte[10], 0, 10));
        assertEquals(0, c.size());
        assertEquals(0, c.lines());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7})
    void crlfSplitAcrossSourceReadsIsOneLineEnd(int chunk) throws IOException {
        assertEquals("a\r\nbc\r\n\r\nd\r\n", canonical("a\r\nbc\r\n\r\nd", LineEndings.CANONICALIZE, 4096, chunk));
        assertEquals("a\r\nbc\r\n\r\nd\r\n", canonical("a\r\nbc\r\n\r\nd", LineEndings.REJECT, 4096, chunk));
    }

    @Test
    void oneByteOutputBufferStillProducesWholeLineEnds() throws IOException {
        assertEquals("a\r\n\r\nb\r\n", canonical("a\n\rb", LineEndings.CANONICALIZE, 1));
        assertEquals("x\r\n", canonical("x\r", LineEndings.CANONICALIZE, 1, 1));
    }

    @Test
    void rejectModeRefusesBareLfWithItsLineNumber() {
        InvalidContentException e = assertThrows(InvalidContentException.class,
                () -> canonical("one\r\ntwo\r\nthree\nfour\r\n", LineEndings.REJECT, 4096, 3));
        assertEquals(3, e.lineNumber());
        assertEquals(NAME, e.argument());
        assertTrue(e.problem().startsWith("line 3: bare LF"), e.problem());
    }

    @Test
    void rejectModeRefusesBareCrAlsoAtChunkBoundariesAndAtTheEnd() {
        InvalidContentException mid = assertThrows(InvalidContentException.class,
                () -> canonical("one\rtwo\r\n", LineEndings.REJECT, 4096, 4));
        assertEquals(1, mid.lineNumber());
        assertTrue(mid.problem().contains("bare CR"), mid.problem());
        InvalidContentException end = assertThrows(InvalidContentException.class,
                () -> canonical("one\r\ntwo\r", LineEndings.REJECT, 4096, 1));
        assertEquals(2, end.lineNumber());
        assertTrue(end.problem().contains("bare CR at the end"), end.problem());
    }

    @Test
    void rejectModeStillCompletesTheLastLine() throws IOException {
        assertEquals("a\r\nb\r\n", canonical("a\r\nb", LineEndings.REJECT, 4096));
    }

    @Test
    void lineOf998OctetsIsAcceptedAnd999Refused() throws IOException {
        String ok = "x".repeat(998);
        assertEquals("h\r\n" + ok + "\r\n", canonical("h\n" + ok + "\n", LineEndings.CANONICALIZE, 100, 7));
        assertEquals(ok + "\r\n", canonical(ok));
        InvalidContentException e = assertThrows(InvalidContentException.class,
                () -> canonical("h\r\n\r\n" + "x".repeat(999) + "\r\n", LineEndings.CANONICALIZE, 100, 7));
        assertEquals(3, e.lineNumber());
        assertTrue(e.problem().startsWith("line 3: longer than 998 octets"), e.problem());
    }

    @Test
    void twoThousandOctetLineIsRefusedWithItsLineNumber() {
        InvalidContentException e = assertThrows(InvalidContentException.class,
                () -> canonical("Subject: x\r\n\r\n" + "y".repeat(2000) + "\r\n"));
        assertEquals(3, e.lineNumber());
        InvalidContentException lastLine = assertThrows(InvalidContentException.class,
                () -> canonical("a\n" + "y".repeat(2000)));
        assertEquals(2, lastLine.lineNumber());
    }

    @Test
    void binaryModePassesBytesThroughUnchecked() throws IOException {
        byte[] raw = bytes("a\nb\rc\0\u00ff" + "z".repeat(3000));
        CanonicalContent c = new CanonicalContent(new ChunkedSource(raw, 5, 1000), LineEndings.REJECT, true, NAME);
        c.rewind();
        assertArrayEquals(raw, drain(c, 333));
        assertTrue(c.eightBit());
        assertTrue(c.hasNul());
        assertEquals(0, c.lines());
        assertTrue(c.binary());
    }

    @Test
    void countersDescribeTheCanonicalContent() throws IOException {
        CanonicalContent.Prescan p = CanonicalContent.prescan(new ChunkedSource(bytes("a\nb\u00e9\r\nc"), 2),
                LineEndings.CANONICALIZE, false, NAME);
        assertEquals(new CanonicalContent.Prescan(10, 3, true, false), p);
        CanonicalContent.Prescan ascii = CanonicalContent.prescan(MessageSource.of("x\0y\r\n"),
                LineEndings.CANONICALIZE, false, NAME);
        assertEquals(new CanonicalContent.Prescan(5, 1, false, true), ascii);
    }

    @Test
    void rewindStartsOverAndForgetsTheCounters() throws IOException {
        ChunkedSource source = new ChunkedSource(bytes("one\ntwo"), 3);
        CanonicalContent c = new CanonicalContent(source, LineEndings.CANONICALIZE, false, NAME);
        c.rewind();
        assertEquals("one\r\ntwo\r\n", text(drain(c, 4)));
        c.rewind();
        assertEquals(0, c.size());
        assertEquals("one\r\ntwo\r\n", text(drain(c, 64)));
        assertEquals(2, c.lines());
        assertEquals(1, source.readsAfterEnd, "the source is not read again after it ended");
    }

    @Test
    void aSourceReturningZeroBreaksTheContract() {
        MessageSource zero = new MessageSource() {
            @Override
            public void rewind() {
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return 0;
            }
        };
        CanonicalContent c = new CanonicalContent(zero, LineEndings.CANONICALIZE, false, NAME);
        assertThrows(IOException.class, () -> c.read(new byte[8], 0, 8));
    }

    @Test
    void randomInputsMatchTheReferenceWhateverTheChunking() throws IOException {
        Random random = new Random(5321);
        String[] pieces = {"\r", "\n", "\r\n", ".", "..", "a", "bc", "\u00e9", " "};
        for (int n = 0; n < 2000; n++) {
            StringBuilder b = new StringBuilder();
            int count = random.nextInt(30);
            for (int i = 0; i < count; i++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = b.toString();
            String expected = reference(input);
            int chunk = 1 + random.nextInt(8);
            int readSize = 1 + random.nextInt(9);
            String actual = canonical(input, LineEndings.CANONICALIZE, readSize, chunk, 1 + random.nextInt(5));
            assertEquals(expected, actual, () -> "input " + input.replace("\r", "\\r").replace("\n", "\\n"));
            assertEquals(actual, canonical(actual, LineEndings.REJECT, readSize, chunk), "idempotent");
            boolean bare = !input.replace("\r\n", "").chars().noneMatch(c -> c == '\r' || c == '\n');
            if (bare) {
                assertThrows(InvalidContentException.class, () -> canonical(input, LineEndings.REJECT, 7, chunk));
            } else {
                assertEquals(expected, canonical(input, LineEndings.REJECT, 7, chunk));
            }
        }
    }

    @Test
    void longRunsMatchTheReferenceAndCountLinesAndFlags() throws IOException {
        // Pieces longer than a word, so that the eight-byte scan and its tail both meet every
        // kind of byte at every alignment.
        Random random = new Random(6531);
        String[] pieces = {"\r", "\n", "\r\n", "\r\n", ".", "abcdefghijklmnopq", "0123456789", "\t", "\u0000",
            "\u00e9", "\u000b"};
        for (int n = 0; n < 1500; n++) {
            StringBuilder b = new StringBuilder();
            int count = random.nextInt(60);
            for (int i = 0; i < count; i++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = b.toString();
            String expected = reference(input);
            int readSize = 1 + random.nextInt(random.nextBoolean() ? 9 : 600);
            CanonicalContent c = new CanonicalContent(new ChunkedSource(bytes(input), 1 + random.nextInt(40),
                    1 + random.nextInt(300)), LineEndings.CANONICALIZE, false, NAME);
            c.rewind();
            assertEquals(expected, text(drain(c, readSize)), () -> "input " + input.replace("\r", "\\r").replace("\n", "\\n"));
            assertEquals(expected.split("\r\n", -1).length - 1, c.lines(), "lines");
            assertEquals(expected.indexOf('\u00e9') >= 0, c.eightBit(), "eightBit");
            assertEquals(expected.indexOf('\u0000') >= 0, c.hasNul(), "hasNul");
        }
    }

    @Test
    void overLongLineIsFoundInsideALongRunOfShortLines() throws IOException {
        String input = "short\r\n".repeat(50) + "x".repeat(999) + "\r\nmore\r\n";
        InvalidContentException e = assertThrows(InvalidContentException.class,
                () -> canonical(input, LineEndings.CANONICALIZE, 64 * 1024));
        assertTrue(e.getMessage().contains("51"), e.getMessage());
        assertEquals(("short\r\n".repeat(50) + "x".repeat(998) + "\r\n").length(),
                canonical("short\r\n".repeat(50) + "x".repeat(998) + "\r\n").length());
    }

    @Test
    void sharedBuffersServeOneContentAtATime() throws IOException {
        CanonicalContent.Buffers buffers = new CanonicalContent.Buffers();
        CanonicalContent first = CanonicalContent.open(new ChunkedSource(bytes("one\n")), LineEndings.CANONICALIZE,
                false, NAME, buffers);
        first.rewind();
        assertEquals("one\r\n", text(drain(first, 16)));
        CanonicalContent.Prescan p = CanonicalContent.prescan(new ChunkedSource(bytes("a\r\nbb\u00e9")),
                LineEndings.CANONICALIZE, false, NAME, buffers);
        assertEquals(new CanonicalContent.Prescan(8, 2, true, false), p);
        CanonicalContent second = CanonicalContent.open(new ChunkedSource(bytes("two")), LineEndings.CANONICALIZE,
                false, NAME, buffers);
        second.rewind();
        assertEquals("two\r\n", text(drain(second, 3)));
        assertThrows(IllegalStateException.class, () -> first.read(new byte[4], 0, 4));
        assertThrows(IllegalStateException.class, first::rewind);
    }

    /**
     * The prescan counts without copying; it must find exactly what reading the content finds:
     * the same size, lines and flags, and the same refusal. Read here through a 3-byte buffer,
     * so that line ends straddle reads (the LF owed to the next read).
     */
    @Test
    void prescanWithoutCopyingFindsWhatReadingFinds() throws IOException {
        Random random = new Random(8);
        byte[] alphabet = bytes("ab.\r\n\r\n\0\u00e9 ");
        for (int round = 0; round < 300; round++) {
            byte[] content = new byte[random.nextInt(40)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[random.nextInt(alphabet.length)];
            }
            for (LineEndings mode : LineEndings.values()) {
                ChunkedSource source = new ChunkedSource(content, 1 + random.nextInt(5), 1 + random.nextInt(9));
                CanonicalContent reader = new CanonicalContent(source, mode, false, "c");
                String readRefusal = null;
                byte[] buffer = new byte[3];
                try {
                    reader.rewind();
                    while (reader.read(buffer, 0, buffer.length) >= 0) {
                        // counting as a side effect
                    }
                } catch (InvalidContentException e) {
                    readRefusal = e.getMessage();
                }
                try {
                    CanonicalContent.Prescan p = CanonicalContent.prescan(source, mode, false, "c");
                    assertEquals(null, readRefusal, "round " + round + " " + mode);
                    assertEquals(new CanonicalContent.Prescan(reader.size(), reader.lines(), reader.eightBit(), reader.hasNul()),
                            p, "round " + round + " " + mode);
                } catch (InvalidContentException e) {
                    assertEquals(readRefusal, e.getMessage(), "round " + round + " " + mode);
                }
            }
        }
    }
}
