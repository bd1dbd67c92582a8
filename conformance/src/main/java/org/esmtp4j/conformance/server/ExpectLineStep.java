package org.esmtp4j.conformance.server;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads one client line and checks it: an exact line, a pattern, or anything. Exact and pattern
 * expectations require the CRLF line ending (RFC 5321 section 2.3.8); a bare LF is a mismatch.
 */
final class ExpectLineStep implements Step {

    private final byte[] exactLine;
    private final Pattern pattern;
    private final String description;
    private final boolean followsUnansweredLine;

    private ExpectLineStep(byte[] exactLine, Pattern pattern, String description, boolean followsUnansweredLine) {
        this.exactLine = exactLine;
        this.pattern = pattern;
        this.description = description;
        this.followsUnansweredLine = followsUnansweredLine;
    }

    static ExpectLineStep exact(String line, boolean followsUnansweredLine) {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("give the line without CR or LF; CRLF is implied: "
                    + WireText.visible(line));
        }
        return new ExpectLineStep(WireText.bytes(line + "\r\n"), null,
                "expect \"" + WireText.visible(line) + "\"", followsUnansweredLine);
    }

    static ExpectLineStep matching(Pattern pattern) {
        return new ExpectLineStep(null, pattern, "expectMatching /" + pattern.pattern() + "/", false);
    }

    static ExpectLineStep any() {
        return new ExpectLineStep(null, null, "expectAny", false);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void run(Connection connection) throws ScriptFailedException {
        ClientInput input = connection.input();
        int start = input.readPos();
        String expected = expectedText();
        int end;
        try {
            end = input.readLine(expected, connection.deadline());
        } catch (ScriptFailedException e) {
            if (followsUnansweredLine && e.kind == ScriptFailure.Kind.TIMEOUT) {
                throw new ScriptFailedException(e.kind, e.expected, e.received, e.clientOffset, e.detail
                        + "; the client may be waiting for a reply to the previous line (not pipelining)");
            }
            throw e;
        }
        byte[] buffer = input.buffer();
        if (exactLine != null) {
            if (!Arrays.equals(buffer, start, end, exactLine, 0, exactLine.length)) {
                throw mismatch(input, start, end, expected);
            }
        } else if (pattern != null) {
            boolean crlf = end - start >= 2 && buffer[end - 2] == '\r';
            if (!crlf || !pattern.matcher(WireText.text(buffer, start, end - start - 2)).matches()) {
                throw mismatch(input, start, end, expected);
            }
        }
    }

    private String expectedText() {
        if (exactLine != null) {
            return WireText.text(exactLine);
        }
        return pattern != null ? "a line matching /" + pattern.pattern() + "/ ending in CRLF" : "";
    }

    private static ScriptFailedException mismatch(ClientInput input, int start, int end, String expected) {
        byte[] got = input.copy(start, end);
        boolean bareLf = got.length < 2 || got[got.length - 2] != '\r';
        return new ScriptFailedException(ScriptFailure.Kind.MISMATCH, expected, got, start,
                bareLf ? "line not terminated by CRLF" : "unexpected line");
    }
}
