package org.esmtp4j.pure.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DotStuffer} against a byte-at-a-time model of RFC 5321 §4.5.2 stuffing and of its
 * bare CR / bare LF refusal, over random bytes (line ends, dots, other control bytes, 8-bit
 * bytes) cut into random chunks, so that every state can straddle a chunk boundary.
 */
class DotStufferOracleTest {

    private static final byte[] ALPHABET = {'\r', '\n', '.', 'a', 'z', '\t', 0, 13, 14, (byte) 0xe9, ' '};

    /** The expected wire, or the expected refusal message prefixed by "refused: ". */
    private static Object model(byte[] content) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte x = content[i];
            if (x == '\r') {
                if (i + 1 == content.length) {
                    // A final CR is held back; finish() turns it into the last line's CRLF.
                    wire.write("\r\n.\r\n".getBytes(), 0, 5);
                    return wire.toByteArray();
                }
                if (content[i + 1] != '\n') {
                    return "refused at content offset " + i + ":CR";
                }
                wire.write('\r');
                wire.write('\n');
                i++;
                lineStart = true;
                continue;
            }
            if (x == '\n') {
                return "refused at content offset " + i + ":LF";
            }
            if (lineStart && x == '.') {
                wire.write('.');
            }
            lineStart = false;
            wire.write(x);
        }
        byte[] end = lineStart ? new byte[] {'.', '\r', '\n'} : new byte[] {'\r', '\n', '.', '\r', '\n'};
        wire.write(end, 0, end.length);
        return wire.toByteArray();
    }

    private static Object stuff(byte[] content, Random random) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(wire);
        int p = 0;
        try {
            while (p < content.length) {
                int n = Math.min(content.length - p, random.nextInt(4) == 0 ? random.nextInt(40) : 1 + random.nextInt(4));
                stuffer.write(content, p, n);
                p += n;
            }
            stuffer.finish();
        } catch (IOException e) {
            String what = e.getMessage().contains("bare CR") ? "CR" : "LF";
            String offset = e.getMessage().replaceAll(".*content offset (-?\\d+).*", "$1");
            return "refused at content offset " + offset + ":" + what;
        }
        return wire.toByteArray();
    }

    @Test
    void randomContentInRandomChunksMatchesTheModel() {
        Random random = new Random(5321);
        for (int n = 0; n < 20000; n++) {
            byte[] content = new byte[random.nextInt(60)];
            for (int i = 0; i < content.length; i++) {
                content[i] = random.nextInt(3) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)]
                        : (byte) ('a' + random.nextInt(26));
            }
            Object expected = model(content);
            Object actual = stuff(content, random);
            if (expected instanceof byte[] e) {
                assertArrayEquals(e, actual instanceof byte[] a ? a : null, "content #" + n + " gave " + actual);
            } else {
                assertEquals(expected, actual, "content #" + n);
            }
        }
    }

    @Test
    void refusalAtAChunkBoundaryNamesTheCrOffset() throws IOException {
        DotStuffer stuffer = new DotStuffer(new ByteArrayOutputStream());
        stuffer.write(new byte[] {'a', 'b', '\r'}, 0, 3);
        IOException e = assertThrows(IOException.class, () -> stuffer.write(new byte[] {'x'}, 0, 1));
        assertEquals(true, e.getMessage().contains("bare CR at content offset 2"), e.getMessage());
    }
}
