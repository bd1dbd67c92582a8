package org.esmtp4j.libesmtp;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Status;

/**
 * Reads libESMTP's {@code smtp_status_t} ({@code int code; char *text; int enh_class,
 * enh_subject, enh_detail;}) into a facade {@link Status}. The struct and its text belong to the
 * library and are read, never freed. libESMTP keeps a CRLF after every line of the text
 * (spec §1.8); the facade's form joins lines with LF and has no trailing line break.
 */
final class NativeStatus {

    private static final int TEXT_OFFSET = Native.POINTER_SIZE;        // int, padded to pointer alignment
    private static final int ENHANCED_OFFSET = 2 * Native.POINTER_SIZE;

    private NativeStatus() {
    }

    static Status read(Pointer status) {
        if (status == null) {
            return Status.NONE;
        }
        int code = status.getInt(0);
        if (!isReplyCode(code)) {
            return Status.NONE;
        }
        Pointer textPointer = status.getPointer(TEXT_OFFSET);
        return of(code, textPointer == null ? null : textPointer.getString(0, "UTF-8"), status.getInt(ENHANCED_OFFSET),
                status.getInt(ENHANCED_OFFSET + 4), status.getInt(ENHANCED_OFFSET + 8));
    }

    /**
     * The status from a copy of the struct's fields (the shim's event log).
     *
     * @param code the reply code
     * @param text the text, or null for none
     * @param enhancedClass the enhanced status code's class, 0 for none
     * @param enhancedSubject its subject
     * @param enhancedDetail its detail
     * @return the facade's status
     */
    static Status of(int code, String text, int enhancedClass, int enhancedSubject, int enhancedDetail) {
        if (!isReplyCode(code)) {
            return Status.NONE;
        }
        int[] enhanced = {enhancedClass, enhancedSubject, enhancedDetail};
        return Status.ofServer(code, lines(text == null ? "" : text), enhancedClass == 0 ? null : enhanced);
    }

    /**
     * 0 is no reply yet. Anything else outside three digits is a reply libESMTP's strtol
     * accepted although it is not SMTP ("25 ok", "2500 ok", "012 ok": COMPATIBILITY.md P2): it
     * is no status, and a recipient with no status is transient.
     */
    private static boolean isReplyCode(int code) {
        return code >= 100 && code <= 999;
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(2);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(text.substring(start));
                break;
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, stop));
            start = end + 1;
        }
        if (lines.isEmpty()) {
            lines.add("");
        }
        return lines;
    }
}
