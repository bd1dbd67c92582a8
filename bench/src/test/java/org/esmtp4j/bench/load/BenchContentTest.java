package org.esmtp4j.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchContentTest {

    @Test
    void aMessageHasExactlyTheSizeAskedForAndEndsInCrlf() {
        for (int size : new int[] {256, 333, 2000, 2048, 70_001}) {
            byte[] m = BenchContent.message(size);
            assertEquals(size, m.length);
            assertEquals('\r', m[size - 2]);
            assertEquals('\n', m[size - 1]);
        }
    }

    @Test
    void linesAreCrlfTerminatedShortAndNeverStartWithADot() {
        String text = new String(BenchContent.message(200_000), StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("Date: "));
        assertTrue(text.contains("\r\nMessage-Id: <bench.1@bench.example>\r\n"));
        String[] lines = text.split("\r\n", -1);
        assertEquals("", lines[lines.length - 1]);
        for (int i = 0; i < lines.length - 1; i++) {
            assertTrue(lines[i].length() <= 998, "line " + i);
            assertTrue(!lines[i].startsWith("."), "line " + i);
            assertTrue(lines[i].indexOf('\n') < 0 && lines[i].indexOf('\r') < 0, "line " + i);
        }
        int body = text.indexOf("\r\n\r\n") + 4;
        assertEquals(0, (text.length() - body) % BenchContent.LINE_OCTETS);
    }

    @Test
    void theStreamGivesTheSameBytesWhateverTheReadSize() {
        int size = 3 * BenchContent.BLOCK_LINES * BenchContent.LINE_OCTETS + 1000;
        byte[] whole = BenchContent.message(size);
        try (GeneratedContent in = new GeneratedContent(size)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4093];
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                out.write(buf, 0, n);
            }
            assertEquals(-1, in.read());
            assertArrayEquals(whole, out.toByteArray());
        }
    }

    @Test
    void bodyLinesDiffer() {
        byte[] block = BenchContent.bodyBlock();
        String first = new String(block, 0, 76, StandardCharsets.US_ASCII);
        String second = new String(block, 78, 76, StandardCharsets.US_ASCII);
        assertEquals("abcdefghij", first.substring(0, 10));
        assertNotEquals(first, second);
    }
}
