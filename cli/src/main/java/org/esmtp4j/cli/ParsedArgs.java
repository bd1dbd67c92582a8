package org.esmtp4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link OptionParser} found: every option occurrence in command-line order, the operands,
 * and the problems (unknown options, missing values), so that a caller can still see which
 * options were given when some were wrong.
 *
 * @param occurrences each option given, with its value (null for a flag), in order
 * @param operands the arguments that are not options, in order
 * @param errors what was wrong, one sentence each; empty when the command line parsed
 */
record ParsedArgs(List<Occurrence> occurrences, List<String> operands, List<String> errors) {

    /**
     * One option as given.
     *
     * @param spec the option
     * @param value its value, or null for a flag
     */
    record Occurrence(OptionSpec spec, String value) {
    }

    ParsedArgs {
        occurrences = List.copyOf(occurrences);
        operands = List.copyOf(operands);
        errors = List.copyOf(errors);
    }

    /**
     * @param longName an option's long name
     * @return whether it was given at least once
     */
    boolean has(String longName) {
        for (Occurrence o : occurrences) {
            if (o.spec().longName().equals(longName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param longName an option's long name
     * @return every value given for it, in order
     */
    List<String> values(String longName) {
        List<String> values = new ArrayList<>();
        for (Occurrence o : occurrences) {
            if (o.spec().longName().equals(longName)) {
                values.add(o.value());
            }
        }
        return values;
    }
}
