package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock content sources and libESMTP's rewind-then-read contract (§4.1). */
class MessageSourceTest {

    private static final byte[] CONTENT = "Subject: s\r\n\r\nline one\r\nline two\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Rewinds, reads to the end with a small buffer, and checks that the end stays the end. */
    private static byte[] rewindAndReadAll(MessageSource source) throws IOException {
        source.rewind();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[5];
        int n;
        while ((n = source.read(buffer, 1, 3)) >= 0) {
            assertTrue(n >= 1 && n <= 3, "read returned " + n);
            out.write(buffer, 1, n);
        }
        assertEquals(-1, source.read(buffer, 0, buffer.length));
        assertEquals(-1, source.read(buffer, 0, buffer.length));
        return out.toByteArray();
    }

    private static void assertRereadable(MessageSource source, byte[] expected) throws IOException {
        assertArrayEquals(expected, rewindAndReadAll(source));
        assertArrayEquals(expected, rewindAndReadAll(source), "re-read after rewind");
    }

    @Test
    void byteArray() throws IOException {
        assertRereadable(MessageSource.of(CONTENT), CONTENT);
    }

    @Test
    void rewindInTheMiddleStartsAgain() throws IOException {
        MessageSource source = MessageSource.of(CONTENT);
        source.rewind();
        byte[] buffer = new byte[10];
        assertEquals(10, source.read(buffer, 0, 10));
        assertArrayEquals(CONTENT, rewindAndReadAll(source));
    }

    @Test
    void emptyContentEndsAtOnce() throws IOException {
        assertRereadable(MessageSource.of(new byte[0]), new byte[0]);
    }

    @Test
    void stringIsEncodedAsUtf8() throws IOException {
        String text = "Subject: caf\u00e9\r\n\r\n\u00e9t\u00e9\r\n";
        assertRereadable(MessageSource.of(text), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fileIsReopenedAtEveryRewind(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("message.eml");
        Files.write(file, CONTENT);
        MessageSource source = MessageSource.of(file);
        assertRereadable(source, CONTENT);

        byte[] changed = "Subject: changed\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, changed);
        assertArrayEquals(changed, rewindAndReadAll(source));
        source.close();
    }

    @Test
    void missingFileFailsAtRewindWithAnIOException(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("message.eml");
        Files.write(file, CONTENT);
        MessageSource source = MessageSource.of(file);
        assertArrayEquals(CONTENT, rewindAndReadAll(source));
        source.close();
        Files.delete(file);
        assertThrows(IOException.class, source::rewind);
    }

    @Test
    void streamsAreOpenedAtEveryRewindAndThePreviousOneIsClosed() throws IOException {
        List<TrackedStream> opened = new ArrayList<>();
        MessageSource source = MessageSource.ofStreams(() -> {
            TrackedStream s = new TrackedStream(CONTENT);
            opened.add(s);
            return s;
        });
        assertRereadable(source, CONTENT);
        assertEquals(2, opened.size());
        assertTrue(opened.get(0).closed, "the first stream is closed by the second rewind");
        assertEquals(false, opened.get(1).closed);
        source.close();
        assertTrue(opened.get(1).closed);
    }

    @Test
    void openerFailurePropagatesFromRewindAsTheIOException() {
        IOException cause = new IOException("cannot open");
        MessageSource source = MessageSource.ofStreams(() -> {
            throw new UncheckedIOException(cause);
        });
        assertSame(cause, assertThrows(IOException.class, source::rewind));
    }

    @Test
    void openerReturningNullFailsAtRewind() {
        MessageSource source = MessageSource.ofStreams(() -> null);
        assertThrows(IOException.class, source::rewind);
    }

    @Test
    void readBeforeRewindIsAnError() {
        MessageSource source = MessageSource.ofStreams(() -> new ByteArrayInputStream(CONTENT));
        assertThrows(IOException.class, () -> source.read(new byte[8], 0, 8));
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> MessageSource.of((byte[]) null));
        assertThrows(NullPointerException.class, () -> MessageSource.of((Path) null));
        assertThrows(NullPointerException.class, () -> MessageSource.ofStreams(null));
    }

    /** An in-memory stream that remembers whether it was closed. */
    private static final class TrackedStream extends InputStream {
        private final ByteArrayInputStream bytes;
        boolean closed;

        TrackedStream(byte[] content) {
            bytes = new ByteArrayInputStream(content);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
