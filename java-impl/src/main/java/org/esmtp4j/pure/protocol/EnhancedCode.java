package org.esmtp4j.pure.protocol;

/**
 * An RFC 3463 enhanced mail system status code, {@code class.subject.detail}.
 *
 * <p>Recognised at the start of a reply line's text (after the reply code and separator) with the
 * grammar {@code ("2" / "4" / "5") "." 1*3DIGIT "." 1*3DIGIT}, followed by SP or the end of the
 * line. Anything else (such as {@code "2.0"} or {@code "3.0.0"}) is ordinary text.
 *
 * @param statusClass 2, 4 or 5
 * @param subject 0-999
 * @param detail 0-999
 */
public record EnhancedCode(int statusClass, int subject, int detail) {

    /**
     * Validates the triplet.
     *
     * @param statusClass 2, 4 or 5
     * @param subject 0-999
     * @param detail 0-999
     * @throws IllegalArgumentException when a part is out of range
     */
    public EnhancedCode {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5, got " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced subject and detail must be in [0, 999]");
        }
    }

    /**
     * Reads the enhanced code at the start of a line's text.
     *
     * @param text the text of one reply line (after the code and its separator)
     * @return the code, or null when the text does not start with one
     */
    public static EnhancedCode parsePrefix(String text) {
        int end = prefixLength(text);
        return end < 0 ? null : parse(text, end);
    }

    /**
     * Reads an enhanced code already found by {@link #prefixLength(String)}, without scanning
     * for it again.
     *
     * @param text the text of one reply line
     * @param end what {@link #prefixLength(String)} returned for it, not negative
     * @return the code
     */
    static EnhancedCode parse(String text, int end) {
        int firstDot = 1;
        int secondDot = text.indexOf('.', firstDot + 1);
        return new EnhancedCode(text.charAt(0) - '0',
                digits(text, firstDot + 1, secondDot), digits(text, secondDot + 1, end));
    }

    /**
     * @param text the text of one reply line
     * @return the length of the leading {@code c.s.d} (without the following SP), or -1 when the
     *         text does not start with an enhanced code
     */
    static int prefixLength(String text) {
        int n = text.length();
        if (n < 5) {
            return -1;
        }
        char c = text.charAt(0);
        if ((c != '2' && c != '4' && c != '5') || text.charAt(1) != '.') {
            return -1;
        }
        int subjectEnd = digitRunEnd(text, 2);
        if (subjectEnd < 0 || subjectEnd >= n || text.charAt(subjectEnd) != '.') {
            return -1;
        }
        int detailEnd = digitRunEnd(text, subjectEnd + 1);
        if (detailEnd < 0 || (detailEnd < n && text.charAt(detailEnd) != ' ')) {
            return -1;
        }
        return detailEnd;
    }

    /**
     * Postfix's sanitising rule ({@code smtp_chat.c}): when the triplet's class disagrees with the
     * reply code's first digit, the reply code wins and the triplet becomes {@code X.0.0}
     * (hostile case B7).
     *
     * @param replyCode the three-digit reply code the triplet arrived with
     * @return this code, or {@code replyClass.0.0} when the classes disagree
     */
    public EnhancedCode sanitisedFor(int replyCode) {
        int replyClass = replyCode / 100;
        return replyClass == statusClass ? this : new EnhancedCode(replyClass, 0, 0);
    }

    /** @return {@code {class, subject, detail}}, as {@code Status.ofServer} takes it */
    public int[] toArray() {
        return new int[] {statusClass, subject, detail};
    }

    /** @return {@code "class.subject.detail"} */
    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }

    /** @return the index after a run of 1-3 ASCII digits starting at {@code from}, or -1 */
    private static int digitRunEnd(String text, int from) {
        int i = from;
        int n = text.length();
        while (i < n && i - from < 4 && isDigit(text.charAt(i))) {
            i++;
        }
        int count = i - from;
        return count >= 1 && count <= 3 ? i : -1;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
