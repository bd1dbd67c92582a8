package org.esmtp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SinkInputTest {

    /** Returns at most {@code chunk} bytes per read, so the terminator straddles reads. */
    private static InputStream chunked(String text, int chunk) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static String line(SinkInput in) throws IOException {
        byte[] buf = new byte[100];
        int n = in.readLine(buf);
        return n < 0 ? null : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void skipsDataUpToTheTerminatorWhateverTheReadSizes() throws IOException {
        String data = "Subject: x\r\n\r\n..stuffed\r\n.\r\r\n.x\r\nabcdefghijklmnopqrstuvwxyz\r\n\r\n.\r\n";
        for (int chunk = 1; chunk <= data.length() + 8; chunk++) {
            for (int bufferSize : new int[] {5, 7, 64}) {
                SinkInput in = new SinkInput(chunked("DATA\r\n" + data + "QUIT\r\n", chunk), () -> { }, bufferSize);
                assertEquals("DATA", line(in));
                assertEquals(data.length(), in.skipData(), "chunk " + chunk + ", buffer " + bufferSize);
                assertEquals("QUIT", line(in));
                assertEquals(null, line(in));
            }
        }
    }

    @Test
    void anEmptyMessageIsJustTheDot() throws IOException {
        SinkInput in = new SinkInput(chunked(".\r\nNOOP\r\n", 2), () -> { }, 16);
        assertEquals(3, in.skipData());
        assertEquals("NOOP", line(in));
    }

    @Test
    void aDotInsideALineOrABareLfDotDoesNotEndTheData() throws IOException {
        String data = "a.\r\nb\n.\nc\r\n.\r\n";
        SinkInput in = new SinkInput(chunked(data, 3), () -> { }, 8);
        assertEquals(data.length(), in.skipData());
    }

    @Test
    void endOfStreamInsideDataIsAnError() {
        SinkInput in = new SinkInput(chunked("no terminator\r\n", 4), () -> { }, 8);
        assertThrows(IOException.class, in::skipData);
    }

    @Test
    void skipsBdatChunksExactly() throws IOException {
        SinkInput in = new SinkInput(chunked("0123456789NOOP\r\n", 3), () -> { }, 4);
        in.skip(10);
        assertEquals("NOOP", line(in));
    }
}
