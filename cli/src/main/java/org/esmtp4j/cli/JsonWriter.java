package org.esmtp4j.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one JSON text (RFC 8259) into a string, in the order of the calls: objects, arrays,
 * names and scalar values, with commas and colons placed for the caller. Misuse (a value where a
 * name is due, an unbalanced end) throws {@link IllegalStateException}, so a bug cannot produce
 * malformed output silently.
 *
 * <p>Strings are escaped so that the output is valid JSON and valid UTF-8 whatever they hold:
 * quotes, backslashes and every control character, DEL, U+2028 and U+2029 (which JavaScript
 * parsers reject in string literals) and unpaired surrogates become escapes.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** One open object or array. */
    private static final class Scope {
        final boolean object;
        boolean empty = true;
        boolean nameWritten;

        Scope(boolean object) {
            this.object = object;
        }
    }

    private final StringBuilder out = new StringBuilder(256);
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private boolean complete;

    /** @return this, after opening an object */
    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        scopes.push(new Scope(true));
        return this;
    }

    /** @return this, after closing the current object */
    JsonWriter endObject() {
        end(true, '}');
        return this;
    }

    /** @return this, after opening an array */
    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        scopes.push(new Scope(false));
        return this;
    }

    /** @return this, after closing the current array */
    JsonWriter endArray() {
        end(false, ']');
        return this;
    }

    /**
     * @param name the member name, written before the next value
     * @return this
     */
    JsonWriter name(String name) {
        Scope scope = scopes.peek();
        if (scope == null || !scope.object || scope.nameWritten) {
            throw new IllegalStateException("a name is allowed only inside an object, before its value");
        }
        if (!scope.empty) {
            out.append(',');
        }
        quote(out, name);
        out.append(':');
        scope.nameWritten = true;
        return this;
    }

    /**
     * @param value a string, or null for JSON null
     * @return this
     */
    JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
        return this;
    }

    /**
     * @param value a number
     * @return this
     */
    JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * @param value a boolean
     * @return this
     */
    JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** @return this, after writing JSON null */
    JsonWriter nullValue() {
        return value((String) null);
    }

    /**
     * Writes a scalar of any supported type.
     *
     * @param value a String, Long, Integer, Boolean or null
     * @return this
     */
    JsonWriter scalar(Object value) {
        if (value == null || value instanceof String) {
            return value((String) value);
        }
        if (value instanceof Long || value instanceof Integer) {
            return value(((Number) value).longValue());
        }
        if (value instanceof Boolean) {
            return value(((Boolean) value).booleanValue());
        }
        throw new IllegalArgumentException("not a JSON scalar: " + value.getClass().getName());
    }

    /**
     * @return the JSON text
     * @throws IllegalStateException when a value is missing or an object or array is still open
     */
    @Override
    public String toString() {
        if (!complete || !scopes.isEmpty()) {
            throw new IllegalStateException("the JSON text is incomplete: " + out);
        }
        return out.toString();
    }

    private void beforeValue() {
        Scope scope = scopes.peek();
        if (scope == null) {
            if (complete) {
                throw new IllegalStateException("a JSON text holds one value");
            }
            complete = true;
            return;
        }
        if (scope.object) {
            if (!scope.nameWritten) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            scope.nameWritten = false;
        } else if (!scope.empty) {
            out.append(',');
        }
        scope.empty = false;
    }

    private void end(boolean object, char close) {
        Scope scope = scopes.peek();
        if (scope == null || scope.object != object || scope.nameWritten) {
            throw new IllegalStateException("no open " + (object ? "object" : "array") + " to close here");
        }
        scopes.pop();
        out.append(close);
    }

    /**
     * Appends a string as a JSON string literal.
     *
     * @param out where to write
     * @param s the string
     */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || unpairedSurrogate(s, i)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(s.charAt(++i)); // its low surrogate, checked above
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * @param s a string
     * @return {@code s} as a JSON string literal
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(b, s);
        return b.toString();
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c); // a low surrogate reached here has no high one before it
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
