package org.esmtp4j.pure.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.esmtp4j.pure.fuzz.ChunkPlan;

/**
 * Jazzer target for {@link ReplyParser}: arbitrary server bytes, cut into arbitrary feeds
 * (hostile-cases §2, "the reply parser, fed arbitrary byte chunking"). Input layout:
 * {@link ChunkPlan}; option byte below 0x80 selects {@link ReplyLimits#DEFAULT}, from 0x80 on
 * small limits derived from the option bits so that the limit paths are reachable with short
 * inputs.
 *
 * <p>Oracles: nothing but {@link ReplyException} escapes; after every feed the buffered bytes do
 * not exceed what was fed and the carry-over line buffer never exceeds the line limit; once all
 * complete replies are taken, bytes are buffered exactly when a reply is unfinished; every reply
 * has a code in {@code [2-5][0-5][0-9]}, one to {@code maxLines} lines, no control characters and
 * no more text than the limits allow; the parser stays poisoned with the same exception; and the
 * planned chunking, one single feed and one byte at a time give the same replies and the same
 * error kind, which are those of {@link ReplyReference}, a plain whole-stream reading of the
 * documented syntax.
 */
class ReplyParserFuzzTest {

    /** Longer inputs are skipped, to keep an execution short (one run feeds byte by byte). */
    private static final int MAX_STREAM = 1 << 16;

    /** What one parse of a stream produced, compared across chunkings. */
    record Outcome(List<Reply> replies, ReplyException.Kind error, int bufferedAtEnd) {
    }

    @FuzzTest(maxDuration = "5m")
    void anyChunkingGivesTheSameBoundedReplies(byte[] input) {
        ChunkPlan plan = ChunkPlan.of(input);
        byte[] stream = plan.payload();
        if (stream.length > MAX_STREAM) {
            return;
        }
        ReplyLimits limits = limits(plan);
        Outcome planned = parse(stream, limits, plan.sizes(0));
        Outcome whole = parse(stream, limits, ChunkPlan.Sizes.of());
        Outcome bytewise = parse(stream, limits, ChunkPlan.Sizes.of(1));
        assertEquals(ReplyReference.parse(stream, limits), whole, "one feed differs from the reference reading");
        assertEquals(whole, planned, "planned chunking differs from one feed");
        assertEquals(whole, bytewise, "byte-at-a-time differs from one feed");
    }

    static ReplyLimits limits(ChunkPlan plan) {
        int options = plan.options();
        if (options < 0x80) {
            return ReplyLimits.DEFAULT;
        }
        int more = plan.moreOptions();
        return new ReplyLimits(3 + (options & 0x3f), 1 + (more & 0x07), (more & 0x08) != 0 ? 16 : 65536);
    }

    /**
     * Feeds {@code stream} in the given chunk sizes, taking replies after each feed as an engine
     * does, and checks the per-step oracles.
     */
    static Outcome parse(byte[] stream, ReplyLimits limits, ChunkPlan.Sizes sizes) {
        ReplyParser parser = new ReplyParser(limits);
        List<Reply> replies = new ArrayList<>();
        // feed from a reused buffer at an offset, scribbled over after each feed: the parser must
        // neither keep a reference to the caller's buffer nor read outside [off, off + len)
        byte[] scratch = new byte[stream.length + 2];
        Arrays.fill(scratch, (byte) '\n');
        int pos = 0;
        try {
            while (pos < stream.length) {
                int n = Math.min(sizes.next(), stream.length - pos);
                System.arraycopy(stream, pos, scratch, 1, n);
                parser.feed(scratch, 1, n);
                Arrays.fill(scratch, 1, n + 1, (byte) '\n');
                pos += n;
                checkBounded(parser, pos, limits);
                drain(parser, limits, replies);
            }
            return new Outcome(replies, null, parser.bufferedBytes());
        } catch (ReplyException e) {
            assertSame(e, assertThrows(ReplyException.class, parser::next), "poisoned next");
            assertSame(e, assertThrows(ReplyException.class, () -> parser.feed(new byte[] {'2'})), "poisoned feed");
            assertEquals(0, parser.lineBufferCapacity(), "line buffer released after the error");
            return new Outcome(replies, e.kind(), -1);
        }
    }

    private static void checkBounded(ReplyParser parser, long fed, ReplyLimits limits) {
        int buffered = parser.bufferedBytes();
        if (buffered < 0 || buffered > fed) {
            fail("buffered " + buffered + " of " + fed + " fed");
        }
        if (parser.lineBufferCapacity() > limits.maxLineLength() + 1) {
            fail("line buffer " + parser.lineBufferCapacity() + " for a limit of " + limits.maxLineLength());
        }
    }

    private static void drain(ReplyParser parser, ReplyLimits limits, List<Reply> replies) throws ReplyException {
        int before = parser.bufferedBytes();
        for (Reply reply = parser.next(); reply != null; reply = parser.next()) {
            checkReply(reply, limits);
            replies.add(reply);
            int after = parser.bufferedBytes();
            assertTrue(after < before, "a returned reply must release its bytes");
            before = after;
        }
        // What stays buffered is exactly the unfinished reply: the STARTTLS injection check
        // (RFC 3207 §6) relies on bufferedBytes() == 0 meaning nothing was read ahead.
        assertEquals(parser.hasPartialReply(), parser.bufferedBytes() > 0,
                () -> "bufferedBytes " + parser.bufferedBytes() + " vs hasPartialReply " + parser.hasPartialReply());
    }

    private static void checkReply(Reply reply, ReplyLimits limits) {
        int code = reply.code();
        if (code / 100 < 2 || code / 100 > 5 || code / 10 % 10 > 5) {
            fail("code " + code);
        }
        List<String> lines = reply.lines();
        if (lines.isEmpty() || lines.size() > limits.maxLines()) {
            fail(lines.size() + " lines");
        }
        long chars = 0;
        for (String line : lines) {
            // decoding never makes more chars than bytes, so the byte limits bound the chars; text
            // follows the code and its separator
            if (!line.isEmpty() && line.length() > limits.maxLineLength() - 4) {
                fail("line of " + line.length() + " chars");
            }
            chars += line.length();
            for (int i = 0; i < line.length(); i++) {
                if (Character.isISOControl(line.charAt(i))) {
                    fail(String.format("control U+%04X in reply text", (int) line.charAt(i)));
                }
            }
        }
        if (chars > limits.maxReplyBytes()) {
            fail(chars + " chars of text");
        }
    }
}
