package org.esmtp4j.conformance.server;

import java.nio.charset.StandardCharsets;

/**
 * Conversions between Java strings and SMTP wire bytes, and a readable rendering of wire bytes.
 *
 * <p>Strings are mapped to bytes with ISO-8859-1, so every char {@code U+0000..U+00FF} is exactly
 * one byte and every byte round-trips. That lets a script send bytes {@code >= 0x80} (catalogue
 * case B8) without a separate byte API; characters above {@code U+00FF} are rejected instead of
 * being silently replaced. To send UTF-8, encode it yourself and use
 * {@link ScriptBuilder#replyRaw(byte[])}.
 */
public final class WireText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private WireText() {
    }

    /**
     * Encodes {@code text} one char per byte.
     *
     * @param text the text, one char per byte
     * @return the bytes, one per char
     * @throws IllegalArgumentException if a char is above {@code U+00FF}
     */
    public static byte[] bytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("char U+" + Integer.toHexString(text.charAt(i))
                        + " at index " + i + " is not one byte; encode it and use replyRaw(byte[]): "
                        + visible(text));
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes bytes one byte per char (ISO-8859-1), so the result round-trips through {@link #bytes}.
     *
     * @param bytes the bytes
     * @return the text, one char per byte
     */
    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes {@code length} bytes from {@code offset}, one byte per char.
     *
     * @param bytes the bytes
     * @param offset the index of the first byte
     * @param length the number of bytes
     * @return the text of the range, one char per byte
     */
    public static String text(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The wire form of reply lines as scripts write them: each argument that does not already end
     * with LF gets CRLF appended, then all arguments are concatenated. An argument may hold several
     * lines ({@code "250-a\r\n250 b"}); one ending in a bare LF ({@code "250 ok\n"}) is sent as is,
     * which is how an LF-only reply (catalogue case B6) is written.
     *
     * @param lines the lines, wire text one char per byte
     * @return the concatenated wire bytes
     */
    public static byte[] replyLines(String... lines) {
        StringBuilder wire = new StringBuilder();
        for (String line : lines) {
            wire.append(line);
            if (!line.endsWith("\n")) {
                wire.append("\r\n");
            }
        }
        return bytes(wire.toString());
    }

    /**
     * Renders bytes so that every byte is visible: CR as {@code \r}, LF as {@code \n} (followed by
     * a real line break so multi-line text stays readable), TAB as {@code \t}, backslash as
     * {@code \\}, and other control or non-ASCII bytes as {@code \xHH}.
     *
     * @param bytes the bytes
     * @return the bytes with every byte made visible
     */
    public static String visible(byte[] bytes) {
        return visible(bytes, 0, bytes.length);
    }

    /**
     * {@link #visible(byte[])} for a range.
     *
     * @param bytes the bytes
     * @param offset the index of the first byte
     * @param length the number of bytes
     * @return the bytes of the range with every byte made visible
     */
    public static String visible(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length + 16);
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b < 0x20 || b >= 0x7F) {
                        out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
                    } else {
                        out.append((char) b);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * {@link #visible(byte[])} for a string taken as one byte per char.
     *
     * @param text the text, one char per byte
     * @return the text with every byte made visible
     */
    public static String visible(String text) {
        return visible(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Explains how {@code actual} differs from {@code expected}: the offset and line of the first
     * difference, the differing line from each side, and both byte streams rendered with
     * {@link #visible(byte[])} (clipped around the difference when long).
     *
     * @param what what is compared, named in the explanation
     * @param expected the expected bytes
     * @param actual the bytes received
     * @return {@code null} if the arrays are equal
     */
    public static String difference(String what, byte[] expected, byte[] actual) {
        int common = Math.min(expected.length, actual.length);
        int at = 0;
        while (at < common && expected[at] == actual[at]) {
            at++;
        }
        if (at == expected.length && at == actual.length) {
            return null;
        }
        int lineStart = at;
        int lineNumber = 1;
        for (int i = 0; i < at; i++) {
            if (expected[i] == '\n') {
                lineNumber++;
            }
        }
        while (lineStart > 0 && expected[lineStart - 1] != '\n') {
            lineStart--;
        }
        StringBuilder out = new StringBuilder();
        out.append(what).append(" differ at byte offset ").append(at)
                .append(" (line ").append(lineNumber).append("; expected ").append(expected.length)
                .append(" bytes, got ").append(actual.length).append(")\n");
        out.append("  expected line: ").append(indent(lineAt(expected, lineStart))).append('\n');
        out.append("  actual line:   ").append(indent(lineAt(actual, lineStart))).append('\n');
        out.append("--- expected ---\n").append(clipped(expected, lineStart)).append('\n');
        out.append("--- actual ---\n").append(clipped(actual, lineStart)).append('\n');
        return out.toString();
    }

    private static String lineAt(byte[] bytes, int start) {
        if (start >= bytes.length) {
            return "<end of stream>";
        }
        int end = start;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        if (end < bytes.length) {
            end++;
        }
        String line = visible(bytes, start, end - start);
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    /** At most ~4 KiB of rendering, centred on the first difference. */
    private static String clipped(byte[] bytes, int focus) {
        final int window = 2048;
        int from = Math.max(0, Math.min(focus, bytes.length) - window);
        int to = Math.min(bytes.length, focus + window);
        StringBuilder out = new StringBuilder();
        if (from > 0) {
            out.append("[... ").append(from).append(" bytes before ...]\n");
        }
        out.append(visible(bytes, from, to - from));
        if (to < bytes.length) {
            out.append("\n[... ").append(bytes.length - to).append(" bytes after ...]");
        }
        return out.toString();
    }

    private static String indent(String text) {
        return text.replace("\n", "\n                 ");
    }
}
