package org.esmtp4j.pure.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyParserTest {

    /** One wire reply and what it must parse to. */
    record Sample(String wire, Reply expected) {
        byte[] bytes() {
            return wire.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** smtp-sink's EHLO reply, byte for byte (toolchain.md §3), ending in "250 " with empty text. */
    static final String SMTP_SINK_EHLO = "250-smtp-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
            + "250-AUTH PLAIN LOGIN\r\n250-XCLIENT NAME HELO\r\n250-XFORWARD NAME ADDR PROTO HELO\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250 \r\n";

    static final List<Sample> SAMPLES = List.of(
            new Sample("220 smtp.example.org ESMTP ready\r\n", Reply.of(220, "smtp.example.org ESMTP ready")),
            new Sample(SMTP_SINK_EHLO, Reply.of(250, "smtp-sink", "PIPELINING", "8BITMIME", "AUTH PLAIN LOGIN",
                    "XCLIENT NAME HELO", "XFORWARD NAME ADDR PROTO HELO", "ENHANCEDSTATUSCODES", "DSN", "")),
            new Sample("250 2.1.0 Ok\r\n", Reply.of(250, "2.1.0 Ok")),
            new Sample("550-5.1.1 <a@b>: Recipient address rejected\r\n550 5.1.1 User unknown\r\n",
                    Reply.of(550, "5.1.1 <a@b>: Recipient address rejected", "5.1.1 User unknown")),
            new Sample("250\r\n", Reply.of(250, "")),
            new Sample("250 \r\n", Reply.of(250, "")),
            new Sample("354 End data with <CR><LF>.<CR><LF>\n", Reply.of(354, "End data with <CR><LF>.<CR><LF>")),
            new Sample("250-first\n250 second\n", Reply.of(250, "first", "second")),
            new Sample("421-4.3.2 a\r\n421-\r\n421 4.3.2 shutting down\r\n",
                    Reply.of(421, "4.3.2 a", "", "4.3.2 shutting down")),
            new Sample("250 caf\u00e9 \u2713\r\n", Reply.of(250, "caf\u00e9 \u2713")),
            new Sample("334 VXNlcm5hbWU6\r\n", Reply.of(334, "VXNlcm5hbWU6")),
            new Sample("221 2.0.0 Bye\r\n", Reply.of(221, "2.0.0 Bye")));

    static Stream<Sample> samples() {
        return SAMPLES.stream();
    }

    private static byte[] allSamples() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample s : SAMPLES) {
            out.writeBytes(s.bytes());
        }
        return out.toByteArray();
    }

    private static List<Reply> expectedAll() {
        return SAMPLES.stream().map(Sample::expected).toList();
    }

    private static List<Reply> drain(ReplyParser parser) throws ReplyException {
        List<Reply> out = new ArrayList<>();
        for (Reply r = parser.next(); r != null; r = parser.next()) {
            out.add(r);
        }
        return out;
    }

    private static List<Reply> parseInTwoFeeds(byte[] wire, int split) throws ReplyException {
        ReplyParser parser = new ReplyParser();
        List<Reply> out = new ArrayList<>();
        parser.feed(wire, 0, split);
        out.addAll(drain(parser));
        parser.feed(wire, split, wire.length - split);
        out.addAll(drain(parser));
        assertEquals(0, parser.bufferedBytes(), "split at " + split);
        assertFalse(parser.hasPartialReply(), "split at " + split);
        return out;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void eachSampleParsesIdenticallyWhenSplitAtEveryByte(Sample sample) throws ReplyException {
        byte[] wire = sample.bytes();
        for (int split = 0; split <= wire.length; split++) {
            assertEquals(List.of(sample.expected()), parseInTwoFeeds(wire, split), "split at " + split);
        }
    }

    @Test
    void wholeStreamParsesIdenticallyWhenSplitAtEveryByte() throws ReplyException {
        byte[] wire = allSamples();
        for (int split = 0; split <= wire.length; split++) {
            assertEquals(expectedAll(), parseInTwoFeeds(wire, split), "split at " + split);
        }
    }

    @Test
    void wholeStreamParsesIdenticallyOneByteAtATime() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        List<Reply> out = new ArrayList<>();
        int sampleIndex = 0;
        for (Sample sample : SAMPLES) {
            byte[] wire = sample.bytes();
            for (int i = 0; i < wire.length; i++) {
                parser.feed(wire, i, 1);
                List<Reply> got = drain(parser);
                boolean lastByte = i == wire.length - 1;
                // a reply comes out exactly when its final LF arrives, not earlier
                assertEquals(lastByte ? 1 : 0, got.size(), "sample " + sampleIndex + " byte " + i);
                out.addAll(got);
                assertEquals(lastByte ? 0 : i + 1, parser.bufferedBytes());
                assertEquals(!lastByte, parser.hasPartialReply());
            }
            sampleIndex++;
        }
        assertEquals(expectedAll(), out);
    }

    @Test
    void severalRepliesInOneFeedComeOutInOrderWithBufferedBytesAccounted() throws ReplyException {
        byte[] wire = allSamples();
        ReplyParser parser = new ReplyParser();
        parser.feed(wire);
        assertEquals(wire.length, parser.bufferedBytes());
        assertFalse(parser.hasPartialReply(), "all replies are complete");
        int remaining = wire.length;
        for (Sample sample : SAMPLES) {
            assertEquals(sample.expected(), parser.next());
            remaining -= sample.bytes().length;
            assertEquals(remaining, parser.bufferedBytes());
        }
        assertNull(parser.next());
        assertEquals(0, parser.bufferedBytes());
    }

    @Test
    void bytesAfterTheStartTlsGoAheadStayBuffered() throws ReplyException {
        // hostile case C1 / CVE-2011-0411: a reply injected behind the 220 must be detectable
        ReplyParser parser = new ReplyParser();
        parser.feed(bytes("220 2.0.0 Ready to start TLS\r\n250 injected\r\n"));
        assertEquals(Reply.of(220, "2.0.0 Ready to start TLS"), parser.next());
        assertEquals("250 injected\r\n".length(), parser.bufferedBytes());

        ReplyParser partial = new ReplyParser();
        partial.feed(bytes("220 go ahead\r\n25"));
        assertEquals(220, partial.next().code());
        assertEquals(2, partial.bufferedBytes());
        assertTrue(partial.hasPartialReply());
        assertNull(partial.next());
    }

    @Test
    void unfinishedMultiLineReplyIsReportedAsPartial() throws ReplyException {
        // hostile case B2(b): "250-a" then EOF; the engine sees a partial reply at EOF
        ReplyParser parser = new ReplyParser();
        parser.feed(bytes("250-a\r\n"));
        assertNull(parser.next());
        assertTrue(parser.hasPartialReply());
        assertEquals(7, parser.bufferedBytes());
    }

    @Test
    void feedHonoursOffsetAndLength() throws ReplyException {
        byte[] wire = bytes("xx250 ok\r\nyy");
        ReplyParser parser = new ReplyParser();
        parser.feed(wire, 2, 8);
        assertEquals(Reply.of(250, "ok"), parser.next());
        assertThrows(IndexOutOfBoundsException.class, () -> parser.feed(wire, 10, 3));
    }

    @Test
    void textIsUtf8WithMalformedBytesAndControlsReplaced() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        byte[] wire = {'2', '5', '0', ' ', 'a', (byte) 0xFF, 'b', 0, 'c', '\t', 'd', 0x7F, (byte) 0xC2, (byte) 0x85,
            '\r', '\n'};
        parser.feed(wire);
        assertEquals(Reply.of(250, "a\uFFFDb\uFFFDc\uFFFDd\uFFFD\uFFFD"), parser.next());
    }

    @Test
    void singleLineReplyListIsImmutable() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        parser.feed(bytes("250-a\r\n250 b\r\n"));
        Reply reply = parser.next();
        assertThrows(UnsupportedOperationException.class, () -> reply.lines().add("x"));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("XXX ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("25 ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("25\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("2500 ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("250ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("+250 ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of(" 250 ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("-250 ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("25a ok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("250\tok\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("250 a\rb\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("250 a\r\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("250-a\r\n250-b\rc\r\n250 d\r\n", ReplyException.Kind.INVALID_SYNTAX),
                Arguments.of("012 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("099 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("650 weird\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("150 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("199\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("260 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("600 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("000 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("999 x\r\n", ReplyException.Kind.INVALID_STATUS),
                Arguments.of("250-a\r\n550 b\r\n", ReplyException.Kind.STATUS_MISMATCH),
                Arguments.of("250-a\r\n251 b\r\n", ReplyException.Kind.STATUS_MISMATCH),
                Arguments.of("250-a\r\n650 b\r\n", ReplyException.Kind.STATUS_MISMATCH));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedReplyInOneFeedFailsWithTheRightKind(String wire, ReplyException.Kind kind) {
        ReplyParser parser = new ReplyParser();
        ReplyException e = assertThrows(ReplyException.class, () -> parser.feed(bytes(wire)));
        assertEquals(kind, e.kind());
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedReplyFedByteByByteFailsWithTheRightKind(String wire, ReplyException.Kind kind) {
        ReplyParser parser = new ReplyParser();
        byte[] b = bytes(wire);
        ReplyException e = assertThrows(ReplyException.class, () -> {
            for (int i = 0; i < b.length; i++) {
                parser.feed(b, i, 1);
                assertNull(parser.next());
            }
        });
        assertEquals(kind, e.kind());
    }

    @Test
    void kindsMapToLibesmtpErrorNumbers() {
        assertEquals(4, ReplyException.Kind.INVALID_SYNTAX.libesmtpCode());
        assertEquals(5, ReplyException.Kind.STATUS_MISMATCH.libesmtpCode());
        assertEquals(6, ReplyException.Kind.INVALID_STATUS.libesmtpCode());
        assertEquals(19, ReplyException.Kind.LINE_TOO_LONG.libesmtpCode());
        assertEquals(19, ReplyException.Kind.TOO_MANY_LINES.libesmtpCode());
        assertEquals(19, ReplyException.Kind.REPLY_TOO_LARGE.libesmtpCode());
    }

    @Test
    void errorIsPoisonousAndRethrownAsTheSameInstance() {
        ReplyParser parser = new ReplyParser();
        ReplyException first = assertThrows(ReplyException.class, () -> parser.feed(bytes("XXX\r\n")));
        assertSame(first, assertThrows(ReplyException.class, parser::next));
        assertSame(first, assertThrows(ReplyException.class, () -> parser.feed(bytes("250 ok\r\n"))));
        assertSame(first, assertThrows(ReplyException.class, parser::next));
        assertFalse(parser.hasPartialReply());
    }

    @Test
    void repliesCompletedBeforeAnErrorAreStillDeliveredInOrder() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        parser.feed(bytes("250 first\r\n251 second\r\nXXX garbage\r\n250 never\r\n"));
        assertEquals(Reply.of(250, "first"), parser.next());
        assertEquals(Reply.of(251, "second"), parser.next());
        ReplyException e = assertThrows(ReplyException.class, parser::next);
        assertEquals(ReplyException.Kind.INVALID_SYNTAX, e.kind());
        assertSame(e, assertThrows(ReplyException.class, parser::next));
    }

    @Test
    void bytesFedBetweenAnErrorAndItsDeliveryAreDroppedNotBuffered() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        parser.feed(bytes("250 ok\r\n650 bad\r\n"));
        parser.feed(new byte[100_000]);
        assertEquals(0, parser.lineBufferCapacity());
        assertEquals(250, parser.next().code());
        assertEquals(ReplyException.Kind.INVALID_STATUS, assertThrows(ReplyException.class, parser::next).kind());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
