package org.esmtp4j.bench.load;

import java.util.Locale;

/**
 * The one line each benchmark client prints for {@code bin/bench} to collect:
 * {@code RESULT key=value ...}, with the session time in seconds as measured by the client
 * itself around its SMTP session (JVM start and message setup excluded).
 */
public final class ResultLine {

    private final StringBuilder line = new StringBuilder("RESULT");

    /**
     * @param key the field
     * @param value its value
     * @return this
     */
    public ResultLine add(String key, long value) {
        line.append(' ').append(key).append('=').append(value);
        return this;
    }

    /**
     * @param key the field
     * @param value its value
     * @return this
     */
    public ResultLine add(String key, double value) {
        line.append(' ').append(key).append('=').append(String.format(Locale.ROOT, "%.6f", value));
        return this;
    }

    /** Prints the line on standard output. */
    public void print() {
        System.out.println(line);
        System.out.flush();
    }
}
