package org.esmtp4j.pure.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.esmtp4j.InvalidContentException;
import org.junit.jupiter.api.Test;

/** Splitting the header section into fields, across chunk boundaries (spec §3.4, §4.2). */
class HeaderSectionReaderTest {

    /** The fields handed out, and what followed the header section. */
    private static final class Split {
        final List<String> fields = new ArrayList<>();
        String body;
        boolean blankLine;
    }

    private static Split split(String content, int chunkSize, int maxField) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        HeaderSectionReader reader = new HeaderSectionReader(maxField);
        Split result = new Split();
        HeaderSectionReader.FieldSink sink =
                (b, off, len) -> result.fields.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
        int position = 0;
        while (position < bytes.length) {
            int n = Math.min(chunkSize, bytes.length - position);
            int bodyStart = reader.feed(bytes, position, n, sink);
            if (bodyStart >= 0) {
                result.body = new String(bytes, bodyStart, bytes.length - bodyStart, StandardCharsets.ISO_8859_1);
                break;
            }
            position += n;
        }
        if (result.body == null) {
            reader.finish(sink);
        }
        assertTrue(reader.isDone());
        result.blankLine = reader.blankLineSeen();
        return result;
    }

    /** Splits with every chunk size and checks they all agree. */
    private static Split split(String content) throws IOException {
        Split whole = split(content, Math.max(1, content.length()), 1 << 20);
        for (int chunk = 1; chunk < content.length(); chunk++) {
            Split part = split(content, chunk, 1 << 20);
            assertEquals(whole.fields, part.fields, "chunk size " + chunk);
            assertEquals(whole.body, part.body, "chunk size " + chunk);
            assertEquals(whole.blankLine, part.blankLine, "chunk size " + chunk);
        }
        return whole;
    }

    @Test
    void fieldsKeepTheirContinuationLinesAndTheBodyFollowsTheBlankLine() throws IOException {
        Split s = split("A: 1\r\nB: 2\r\n\tmore\r\n  and more\r\n \r\nC: 3\r\n\r\nbody\r\n\r\nB2: not a header\r\n");
        assertEquals(List.of("A: 1\r\n", "B: 2\r\n\tmore\r\n  and more\r\n \r\n", "C: 3\r\n"), s.fields);
        assertEquals("body\r\n\r\nB2: not a header\r\n", s.body);
        assertTrue(s.blankLine);
    }

    @Test
    void contentStartingWithCrlfHasNoFields() throws IOException {
        Split s = split("\r\nSubject: body\r\n");
        assertEquals(List.of(), s.fields);
        assertEquals("Subject: body\r\n", s.body);
    }

    @Test
    void blankLineAtTheEndLeavesAnEmptyBody() throws IOException {
        Split s = split("A: 1\r\n\r\n");
        assertEquals(List.of("A: 1\r\n"), s.fields);
        assertEquals("", s.body);
        assertTrue(s.blankLine);
    }

    @Test
    void contentWithoutBlankLineIsAllHeaders() throws IOException {
        Split s = split("A: 1\r\nbody text\r\n");
        assertEquals(List.of("A: 1\r\n", "body text\r\n"), s.fields);
        assertEquals(null, s.body);
        assertFalse(s.blankLine);
    }

    @Test
    void anUnterminatedLastLineGetsCrlf() throws IOException {
        assertEquals(List.of("A: 1\r\n", "last no crlf\r\n"), split("A: 1\r\nlast no crlf").fields);
        assertEquals(List.of("A: 1\r\n cont\r\n"), split("A: 1\r\n cont").fields);
        assertEquals(List.of("A: 1\r\n"), split("A: 1\r").fields, "a final CR gets just LF");
    }

    @Test
    void aFinalLoneCrBecomesTheBlankLine() throws IOException {
        Split s = split("A: 1\r\n\r");
        assertEquals(List.of("A: 1\r\n"), s.fields);
        assertTrue(s.blankLine);
    }

    @Test
    void onlyCrlfEndsALine() throws IOException {
        Split s = split("A: 1\nB: 2\rC: 3\r\n\n\r\nbody");
        assertEquals(List.of("A: 1\nB: 2\rC: 3\r\n", "\n\r\n", "body\r\n"), s.fields, "bare LF and CR are not line ends");
        assertEquals(null, s.body);
    }

    @Test
    void emptyContentHasNothing() throws IOException {
        HeaderSectionReader reader = new HeaderSectionReader();
        List<String> fields = new ArrayList<>();
        assertEquals(-1, reader.feed(new byte[0], 0, 0, (b, o, l) -> fields.add("x")));
        reader.finish((b, o, l) -> fields.add("x"));
        assertEquals(List.of(), fields);
        assertFalse(reader.blankLineSeen());
    }

    @Test
    void aFieldInsideOneChunkIsHandedOutWithoutCopying() throws IOException {
        byte[] chunk = "A: 1\r\nB: 2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> buffers = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int bodyStart = new HeaderSectionReader().feed(chunk, 0, chunk.length, (b, off, len) -> {
            buffers.add(b);
            offsets.add(off);
        });
        assertEquals(chunk.length, bodyStart);
        assertSame(chunk, buffers.get(0));
        assertSame(chunk, buffers.get(1));
        assertEquals(List.of(0, 6), offsets);
    }

    @Test
    void offsetsInsideALargerArrayAreHonoured() throws IOException {
        byte[] array = "xxxxA: 1\r\n\r\nbodyyyyy".getBytes(StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        int bodyStart = new HeaderSectionReader().feed(array, 4, 12,
                (b, off, len) -> fields.add(new String(b, off, len, StandardCharsets.ISO_8859_1)));
        assertEquals(List.of("A: 1\r\n"), fields);
        assertEquals(12, bodyStart);
    }

    @Test
    void aFieldOverTheCapIsRefusedWithItsLineNumber() {
        String content = "A: 1\r\nB: 2\r\nC: " + "x".repeat(100) + "\r\n\r\n";
        for (int chunk : new int[] {1, 7, content.length()}) {
            InvalidContentException e = assertThrows(InvalidContentException.class, () -> split(content, chunk, 50));
            assertEquals(3, e.lineNumber(), "chunk size " + chunk);
            assertTrue(e.getMessage().contains("longer than 50 octets"), e.getMessage());
        }
    }

    @Test
    void endlessContinuationLinesHitTheCap() {
        String content = "A: 1\r\n" + " x\r\n".repeat(40) + "\r\n";
        assertThrows(InvalidContentException.class, () -> split(content, 16, 100));
    }

    @Test
    void aFieldExactlyAtTheCapIsAccepted() throws IOException {
        String field = "A: " + "y".repeat(45) + "\r\n"; // 50 octets
        for (int chunk = 1; chunk <= 60; chunk++) {
            assertEquals(List.of(field), split(field + "\r\n", chunk, 50).fields);
        }
    }

    @Test
    void feedingAfterTheEndIsAnError() throws IOException {
        HeaderSectionReader reader = new HeaderSectionReader();
        byte[] chunk = "\r\nbody".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(2, reader.feed(chunk, 0, chunk.length, (b, o, l) -> { }));
        assertThrows(IllegalStateException.class, () -> reader.feed(chunk, 0, chunk.length, (b, o, l) -> { }));
    }

    @Test
    void sinkExceptionsPropagate() {
        byte[] chunk = "A: 1\r\nB: 2\r\n".getBytes(StandardCharsets.ISO_8859_1);
        IOException failure = new IOException("connection lost");
        IOException thrown = assertThrows(IOException.class, () -> new HeaderSectionReader().feed(chunk, 0,
                chunk.length, (b, o, l) -> {
                    throw failure;
                }));
        assertSame(failure, thrown);
    }
}
