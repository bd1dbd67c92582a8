package org.esmtp4j.cli;

import java.util.Objects;

/**
 * One command-line option: its names, whether it takes a value, and its help line.
 *
 * @param shortName the one-letter name ({@code 'h'} for {@code -h}), or 0 for none
 * @param longName the long name without dashes ({@code "host"} for {@code --host})
 * @param valueName what the value is called in the help ({@code "HOST[:PORT]"}), or null for a flag
 * @param help one line of help
 */
record OptionSpec(char shortName, String longName, String valueName, String help) {

    OptionSpec {
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(help, "help");
        if (longName.isEmpty() || longName.startsWith("-")) {
            throw new IllegalArgumentException("long name must be given without dashes: " + longName);
        }
    }

    /**
     * @param longName the long name
     * @param help the help line
     * @return a flag with only a long name
     */
    static OptionSpec flag(String longName, String help) {
        return new OptionSpec((char) 0, longName, null, help);
    }

    /**
     * @param shortName the one-letter name
     * @param longName the long name
     * @param help the help line
     * @return a flag with both names
     */
    static OptionSpec flag(char shortName, String longName, String help) {
        return new OptionSpec(shortName, longName, null, help);
    }

    /**
     * @param longName the long name
     * @param valueName what the value is called
     * @param help the help line
     * @return an option taking a value, with only a long name
     */
    static OptionSpec valued(String longName, String valueName, String help) {
        return new OptionSpec((char) 0, longName, valueName, help);
    }

    /**
     * @param shortName the one-letter name
     * @param longName the long name
     * @param valueName what the value is called
     * @param help the help line
     * @return an option taking a value, with both names
     */
    static OptionSpec valued(char shortName, String longName, String valueName, String help) {
        return new OptionSpec(shortName, longName, valueName, help);
    }

    /** @return true when the option takes a value */
    boolean takesValue() {
        return valueName != null;
    }

    /** @return how the option is written in messages: {@code --host} */
    String display() {
        return "--" + longName;
    }

    /** @return the names as the help shows them: {@code -h, --host HOST[:PORT]} */
    String synopsis() {
        String names = (shortName != 0 ? "-" + shortName + ", " : "    ") + "--" + longName;
        return takesValue() ? names + " " + valueName : names;
    }
}
