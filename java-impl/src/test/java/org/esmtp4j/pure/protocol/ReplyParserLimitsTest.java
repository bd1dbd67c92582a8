package org.esmtp4j.pure.protocol;

import static org.esmtp4j.pure.protocol.ReplyParserTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplyParserLimitsTest {

    private static final ReplyLimits SMALL = new ReplyLimits(64, 4, 1000);

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    @Test
    void defaultsAreAsDocumented() {
        assertEquals(new ReplyLimits(2048, 512, 65536), ReplyLimits.DEFAULT);
        assertEquals(ReplyLimits.DEFAULT, new ReplyParser().limits());
        assertThrows(IllegalArgumentException.class, () -> new ReplyLimits(2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplyLimits(64, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplyLimits(64, 1, -1));
    }

    @Test
    void lineOfExactlyTheMaximumLengthIsAccepted() throws ReplyException {
        String line = "250 " + repeat('a', 60); // 64 bytes, terminator excluded
        for (String terminator : new String[] {"\r\n", "\n"}) {
            ReplyParser parser = new ReplyParser(SMALL);
            parser.feed(bytes(line + terminator));
            assertEquals(Reply.of(250, repeat('a', 60)), parser.next());
        }
    }

    @Test
    void lineOneByteTooLongFailsOnTheByteThatExceedsWithoutWaitingForTheEnd() throws ReplyException {
        ReplyParser parser = new ReplyParser(SMALL);
        parser.feed(bytes("250 " + repeat('a', 60)));
        assertTrue(parser.hasPartialReply());
        ReplyException e = assertThrows(ReplyException.class, () -> parser.feed(bytes("a")));
        assertEquals(ReplyException.Kind.LINE_TOO_LONG, e.kind());
    }

    @Test
    void crRightAfterTheMaximumWaitsForItsLf() throws ReplyException {
        ReplyParser parser = new ReplyParser(SMALL);
        parser.feed(bytes("250 " + repeat('a', 60) + "\r"));
        assertNull(parser.next());
        parser.feed(bytes("\n"));
        assertEquals(250, parser.next().code());

        ReplyParser other = new ReplyParser(SMALL);
        other.feed(bytes("250 " + repeat('a', 60) + "\r"));
        assertEquals(ReplyException.Kind.LINE_TOO_LONG,
                assertThrows(ReplyException.class, () -> other.feed(bytes("x"))).kind());
    }

    @Test
    void tooLongLineInsideOneFeedFailsEvenWhenItsLfFollows() throws ReplyException {
        String tooLong = "250 " + repeat('a', 61) + "\r\n";
        ReplyParser alone = new ReplyParser(SMALL);
        assertEquals(ReplyException.Kind.LINE_TOO_LONG,
                assertThrows(ReplyException.class, () -> alone.feed(bytes(tooLong))).kind());

        // behind a complete reply, feed does not throw; the error follows that reply
        ReplyParser behind = new ReplyParser(SMALL);
        behind.feed(bytes("250 ok\r\n" + tooLong));
        assertEquals(Reply.of(250, "ok"), behind.next());
        assertEquals(ReplyException.Kind.LINE_TOO_LONG, assertThrows(ReplyException.class, behind::next).kind());
    }

    @Test
    void tenMegabytesWithoutLfFailInTheFirstChunkWithBoundedBuffering() {
        // hostile case F1: the server streams one endless line
        ReplyParser parser = new ReplyParser();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        System.arraycopy(bytes("250 "), 0, chunk, 0, 4);
        long total = 10L * 1024 * 1024;
        long[] fed = {0};
        ReplyException e = assertThrows(ReplyException.class, () -> {
            while (fed[0] < total) {
                parser.feed(chunk, 0, chunk.length);
                fed[0] += chunk.length;
                Arrays.fill(chunk, 0, 4, (byte) 'a');
                assertTrue(parser.lineBufferCapacity() <= ReplyLimits.DEFAULT.maxLineLength() + 1);
            }
        });
        assertEquals(ReplyException.Kind.LINE_TOO_LONG, e.kind());
        assertEquals(0, fed[0], "the first 64 KiB chunk already exceeds 2048 bytes");
        assertEquals(0, parser.lineBufferCapacity(), "buffers are released after the error");
    }

    @Test
    void endlessLineInSmallChunksFailsAsSoonAsTheLimitIsCrossed() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 'a');
        System.arraycopy(bytes("250 "), 0, chunk, 0, 4);
        parser.feed(chunk);
        parser.feed(chunk);
        assertTrue(parser.lineBufferCapacity() <= 2049);
        assertEquals(2000, parser.bufferedBytes());
        // 2049 bytes without CR would already be too long; the third chunk crosses that
        assertEquals(ReplyException.Kind.LINE_TOO_LONG,
                assertThrows(ReplyException.class, () -> parser.feed(chunk)).kind());
    }

    @Test
    void millionLineEhloFailsFastAfterMaxLines() {
        // hostile case F2(a): about 17 MB of continuation lines, never a last line
        byte[] line = "250-XKEYWORD12345\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[line.length * 3449]; // about 64 KiB of whole lines
        for (int i = 0; i < chunk.length; i += line.length) {
            System.arraycopy(line, 0, chunk, i, line.length);
        }
        ReplyParser parser = new ReplyParser();
        long[] linesFed = {0};
        ReplyException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
                ReplyException.class, () -> {
                    while (linesFed[0] < 1_000_000) {
                        parser.feed(chunk);
                        linesFed[0] += chunk.length / line.length;
                        assertNull(parser.next());
                    }
                }));
        assertEquals(ReplyException.Kind.TOO_MANY_LINES, e.kind());
        assertEquals(0, linesFed[0], "513 lines fit in the first chunk");
    }

    @Test
    void maxLinesIsInclusiveAndFiresBeforeTheLastLineArrives() throws ReplyException {
        ReplyParser parser = new ReplyParser(SMALL);
        parser.feed(bytes("250-1\r\n250-2\r\n250-3\r\n250 4\r\n"));
        assertEquals(Reply.of(250, "1", "2", "3", "4"), parser.next());
        // the limit is per reply: a second four-line reply is fine
        parser.feed(bytes("250-1\r\n250-2\r\n250-3\r\n250 4\r\n"));
        assertEquals(4, parser.next().lines().size());

        parser.feed(bytes("250-1\r\n250-2\r\n250-3\r\n250-4\r\n"));
        ReplyException e = assertThrows(ReplyException.class, () -> parser.feed(bytes("250-5\r\n")));
        assertEquals(ReplyException.Kind.TOO_MANY_LINES, e.kind());
    }

    @Test
    void replyTextBytesAreCappedPerReply() throws ReplyException {
        ReplyLimits tenBytes = new ReplyLimits(64, 100, 10);
        ReplyParser parser = new ReplyParser(tenBytes);
        parser.feed(bytes("250-12345\r\n250 12345\r\n"));
        assertEquals(Reply.of(250, "12345", "12345"), parser.next());
        parser.feed(bytes("250-12345\r\n250 12345\r\n")); // the count restarts for each reply
        assertEquals(2, parser.next().lines().size());
        parser.feed(bytes("250-\r\n250\r\n250 \r\n")); // codes and separators are not text
        assertEquals(Reply.of(250, "", ""), parser.next());
        assertEquals(Reply.of(250, ""), parser.next());

        ReplyParser over = new ReplyParser(tenBytes);
        ReplyException e = assertThrows(ReplyException.class,
                () -> over.feed(bytes("250-12345\r\n250 123456\r\n")));
        assertEquals(ReplyException.Kind.REPLY_TOO_LARGE, e.kind());
    }
}
