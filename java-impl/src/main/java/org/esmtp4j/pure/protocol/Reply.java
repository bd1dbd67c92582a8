package org.esmtp4j.pure.protocol;

import java.util.List;
import java.util.Objects;
import org.esmtp4j.Status;

/**
 * One complete SMTP reply as {@link ReplyParser} delivers it.
 *
 * <p>{@link #lines()} holds the text of every line after the code and its separator (SP or
 * {@code '-'}), without the line terminator; a bare code line ({@code "250"} or {@code "250 "})
 * gives {@code ""}. The enhanced status code, if any, is still part of the text; see
 * {@link #toStatus(boolean)}.
 *
 * @param code the three-digit reply code
 * @param lines the text of each line, at least one
 */
public record Reply(int code, List<String> lines) {

    /**
     * Validates and copies.
     *
     * @param code the three-digit reply code
     * @param lines the text of each line, at least one; copied
     * @throws IllegalArgumentException when the code is not three digits or there are no lines
     */
    public Reply {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("reply code must have three digits, got " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /**
     * @param code the reply code
     * @param lines the text of each line
     * @return the reply
     */
    public static Reply of(int code, String... lines) {
        return new Reply(code, List.of(lines));
    }

    /** @return the first digit of the code (2 for 250) */
    public int codeClass() {
        return code / 100;
    }

    /** @return true for 2xx (positive completion) */
    public boolean isPositive() {
        return codeClass() == 2;
    }

    /** @return true for 3xx (positive intermediate: 354 to DATA, 334 to AUTH) */
    public boolean isIntermediate() {
        return codeClass() == 3;
    }

    /** @return true for 4xx (transient negative completion) */
    public boolean isTransientFailure() {
        return codeClass() == 4;
    }

    /** @return true for 5xx (permanent negative completion) */
    public boolean isPermanentFailure() {
        return codeClass() == 5;
    }

    /** @return the text of the first line */
    public String firstLine() {
        return lines.get(0);
    }

    /**
     * The SYNTAXWARNING rule of libESMTP's reply reader: with ENHANCEDSTATUSCODES in use, a 2xx,
     * 4xx or 5xx reply whose first line has no enhanced code earns an {@code SMTP_EV_SYNTAXWARNING}
     * event, and enhanced codes are then ignored for that reply.
     *
     * @return true when this is a 2xx/4xx/5xx reply whose first line lacks an enhanced code
     */
    public boolean lacksEnhancedCode() {
        return carriesEnhancedCodes() && EnhancedCode.prefixLength(firstLine()) < 0;
    }

    /**
     * @return the first line's enhanced code, sanitised against the reply code
     *         ({@link EnhancedCode#sanitisedFor(int)}), or null for a 3xx reply or when the first
     *         line has none
     */
    public EnhancedCode enhancedCode() {
        if (!carriesEnhancedCodes()) {
            return null;
        }
        EnhancedCode parsed = EnhancedCode.parsePrefix(firstLine());
        return parsed == null ? null : parsed.sanitisedFor(code);
    }

    /**
     * Converts to the status recorded against a message, recipient or ETRN node.
     *
     * <p>When {@code enhancedCodesInUse} (the server advertised ENHANCEDSTATUSCODES) and this is a
     * 2xx, 4xx or 5xx reply, every line that starts with an enhanced code loses it together with
     * the SP that follows, and the status triplet comes from the first line, sanitised as
     * {@link #enhancedCode()} describes. 3xx replies are never stripped: libESMTP parses enhanced
     * codes only for 2xx/4xx/5xx, and a 334 carries base64, not a status.
     *
     * <p>Unlike libESMTP, a continuation line with a malformed or different triplet is not an
     * error (hostile case B7: the reply code wins); its text is kept as received.
     *
     * @param enhancedCodesInUse whether the server advertised ENHANCEDSTATUSCODES
     * @return the status
     */
    public Status toStatus(boolean enhancedCodesInUse) {
        String first = lines.get(0);
        int end = enhancedCodesInUse && carriesEnhancedCodes() ? EnhancedCode.prefixLength(first) : -1;
        if (end < 0) {
            // libESMTP ignores the triplets of a whole reply whose first line lacks one (§5.7).
            return Status.ofServer(code, lines, null);
        }
        EnhancedCode triplet = EnhancedCode.parse(first, end).sanitisedFor(code);
        String text;
        if (lines.size() == 1) {
            text = stripEnhancedCode(first, end);
        } else {
            StringBuilder b = new StringBuilder(first.length() * lines.size());
            b.append(stripEnhancedCode(first, end));
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                b.append('\n').append(stripEnhancedCode(line, EnhancedCode.prefixLength(line)));
            }
            text = b.toString();
        }
        // Status.ofServer's form: lines joined with LF, no trailing line break.
        return new Status(code, text, triplet.statusClass(), triplet.subject(), triplet.detail(), false);
    }

    private boolean carriesEnhancedCodes() {
        int c = codeClass();
        return c == 2 || c == 4 || c == 5;
    }

    /** @param end the line's {@link EnhancedCode#prefixLength(String)} */
    private static String stripEnhancedCode(String line, int end) {
        if (end < 0) {
            return line;
        }
        return end < line.length() ? line.substring(end + 1) : "";
    }
}
