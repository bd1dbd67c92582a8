package org.esmtp4j;

import java.util.List;
import java.util.Objects;

/**
 * An SMTP reply as recorded against a message, recipient or ETRN node: libESMTP's
 * {@code smtp_status_t}.
 *
 * <p>{@link #text()} is the server text with the reply code and (when ENHANCEDSTATUSCODES is in
 * use) the enhanced code removed from every line, lines joined with {@code "\n"} and no trailing
 * line break. libESMTP keeps a CRLF after every line; {@link #libesmtpText()} rebuilds that form
 * for callers that compare with C.
 *
 * <p>A status that the client produced itself (a message refused because it exceeds the
 * server's SIZE, a transfer aborted locally) has {@link #local()} set; its code follows the SMTP
 * class that describes the result (5xx permanent, 4xx transient).
 *
 * @param code the three-digit reply code, or 0 when there is no status yet
 * @param text the reply text without codes, lines joined with LF, no trailing line break
 * @param enhancedClass the RFC 3463 class, or 0
 * @param enhancedSubject the RFC 3463 subject, or 0
 * @param enhancedDetail the RFC 3463 detail, or 0
 * @param local true when the client, not the server, produced this status
 */
public record Status(int code, String text, int enhancedClass, int enhancedSubject, int enhancedDetail,
                     boolean local) {

    /** The empty status: libESMTP's zeroed {@code smtp_status_t} (code 0). */
    public static final Status NONE = new Status(0, "", 0, 0, 0, false);

    /**
     * Validates the code and checks that the text is present.
     *
     * @param code the three-digit reply code, or 0 when there is no status yet
     * @param text the reply text without codes; not null
     * @param enhancedClass the RFC 3463 class, or 0
     * @param enhancedSubject the RFC 3463 subject, or 0
     * @param enhancedDetail the RFC 3463 detail, or 0
     * @param local true when the client, not the server, produced this status
     * @throws NullPointerException when {@code text} is null
     * @throws IllegalArgumentException when {@code code} is neither 0 nor three digits
     */
    public Status {
        Objects.requireNonNull(text, "text");
        if (code != 0 && (code < 100 || code > 999)) {
            throw new IllegalArgumentException("status code must be 0 or three digits, got " + code);
        }
    }

    /**
     * A status received from the server.
     *
     * @param code the reply code
     * @param lines the text of each reply line, codes already removed
     * @param enhanced the enhanced code triplet ({@code int[3]}) or null
     * @return the status
     */
    public static Status ofServer(int code, List<String> lines, int[] enhanced) {
        String text = lines.size() == 1 ? lines.get(0) : String.join("\n", lines);
        if (enhanced == null) {
            return new Status(code, text, 0, 0, 0, false);
        }
        return new Status(code, text, enhanced[0], enhanced[1], enhanced[2], false);
    }

    /**
     * A status produced by the client itself.
     *
     * @param code an SMTP code describing the result (5xx permanent, 4xx transient)
     * @param enhanced the enhanced code as "c.s.d"
     * @param text what happened
     * @return the status, with {@link #local()} set
     */
    public static Status ofClient(int code, String enhanced, String text) {
        String[] parts = enhanced.split("\\.");
        return new Status(code, text, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), true);
    }

    /** @return true when this holds a reply (code non-zero) */
    public boolean isSet() {
        return code != 0;
    }

    /** @return true for a 2xx reply */
    public boolean isPositive() {
        return code >= 200 && code < 300;
    }

    /** @return true for a 4xx reply */
    public boolean isTransientFailure() {
        return code >= 400 && code < 500;
    }

    /** @return true for a 5xx reply */
    public boolean isPermanentFailure() {
        return code >= 500 && code < 600;
    }

    /** @return the enhanced status code as "class.subject.detail", or "" when absent */
    public String enhancedCode() {
        return enhancedClass == 0 ? "" : enhancedClass + "." + enhancedSubject + "." + enhancedDetail;
    }

    /** @return the text as libESMTP stores it: every line followed by CRLF */
    public String libesmtpText() {
        if (code == 0) {
            return "";
        }
        return text.replace("\n", "\r\n") + "\r\n";
    }

    @Override
    public String toString() {
        if (code == 0) {
            return "(no status)";
        }
        String enh = enhancedCode();
        return code + (enh.isEmpty() ? "" : " " + enh) + " " + text.replace("\n", " / ")
                + (local ? " [local]" : "");
    }
}
