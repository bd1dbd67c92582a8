package org.esmtp4j.pure.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain, whole-stream reading of the reply syntax {@link ReplyParser} documents, for the fuzz
 * test to compare against: split at LF, drop one CR before it, then check the line. Written for
 * clarity, not speed, and sharing no code with the parser.
 */
final class ReplyReference {

    private ReplyReference() {
    }

    /**
     * @param stream everything the server sent
     * @param limits the limits to apply
     * @return the replies up to the first error, that error's kind (or null), and without an error
     *     the number of bytes after the last complete reply
     */
    static ReplyParserFuzzTest.Outcome parse(byte[] stream, ReplyLimits limits) {
        List<Reply> replies = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int code = 0;
        long textBytes = 0;
        int replyEnd = 0;
        int start = 0;
        int max = limits.maxLineLength();
        while (true) {
            int lf = start;
            while (lf < stream.length && stream[lf] != '\n') {
                lf++;
            }
            if (lf == stream.length) {
                int tail = stream.length - start;
                // an unfinished line is already too long once it cannot end within the limit
                // (only a CR, the first half of CRLF, may follow the maximum)
                if (tail > max + 1 || (tail == max + 1 && stream[stream.length - 1] != '\r')) {
                    return failed(replies, ReplyException.Kind.LINE_TOO_LONG);
                }
                return new ReplyParserFuzzTest.Outcome(replies, null, stream.length - replyEnd);
            }
            int end = lf > start && stream[lf - 1] == '\r' ? lf - 1 : lf;
            int length = end - start;
            if (length > max) {
                return failed(replies, ReplyException.Kind.LINE_TOO_LONG);
            }
            if (length < 3 || !isDigit(stream[start]) || !isDigit(stream[start + 1]) || !isDigit(stream[start + 2])) {
                return failed(replies, ReplyException.Kind.INVALID_SYNTAX);
            }
            boolean last = length == 3 || stream[start + 3] == ' ';
            if (!last && stream[start + 3] != '-') {
                return failed(replies, ReplyException.Kind.INVALID_SYNTAX);
            }
            int lineCode = Integer.parseInt(new String(stream, start, 3, StandardCharsets.US_ASCII));
            if (lines.isEmpty()) {
                if (lineCode < 200 || lineCode >= 600 || lineCode / 10 % 10 > 5) {
                    return failed(replies, ReplyException.Kind.INVALID_STATUS);
                }
                code = lineCode;
            } else if (lineCode != code) {
                return failed(replies, ReplyException.Kind.STATUS_MISMATCH);
            }
            if (lines.size() == limits.maxLines()) {
                return failed(replies, ReplyException.Kind.TOO_MANY_LINES);
            }
            int textStart = Math.min(start + 4, end);
            textBytes += end - textStart;
            if (textBytes > limits.maxReplyBytes()) {
                return failed(replies, ReplyException.Kind.REPLY_TOO_LARGE);
            }
            for (int i = textStart; i < end; i++) {
                if (stream[i] == '\r') {
                    return failed(replies, ReplyException.Kind.INVALID_SYNTAX);
                }
            }
            lines.add(text(stream, textStart, end));
            if (last) {
                replies.add(new Reply(code, lines));
                lines = new ArrayList<>();
                textBytes = 0;
                replyEnd = lf + 1;
            }
            start = lf + 1;
        }
    }

    private static ReplyParserFuzzTest.Outcome failed(List<Reply> replies, ReplyException.Kind kind) {
        return new ReplyParserFuzzTest.Outcome(replies, kind, -1);
    }

    /** UTF-8 with replacement, every control character (C0, DEL, C1) as U+FFFD. */
    private static String text(byte[] stream, int from, int to) {
        StringBuilder text = new StringBuilder(new String(stream, from, to - from, StandardCharsets.UTF_8));
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                text.setCharAt(i, '\uFFFD');
            }
        }
        return text.toString();
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
