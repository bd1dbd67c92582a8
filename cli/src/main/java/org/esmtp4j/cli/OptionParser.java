package org.esmtp4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small GNU-style option parser: {@code -x}, bundled flags {@code -mv}, {@code -hVALUE},
 * {@code -h VALUE}, {@code --long}, {@code --long=VALUE}, {@code --long VALUE}; options and
 * operands may be mixed; {@code --} ends the options; a lone {@code -} is an operand (standard
 * input). Long names must be given in full (no abbreviations, so that adding an option never
 * changes what an existing command line means).
 *
 * <p>Parsing does not stop at the first problem: unknown options are recorded and skipped, so
 * the caller still learns about the options that were valid (for example {@code --json}).
 */
final class OptionParser {

    private final Map<String, OptionSpec> byLongName = new LinkedHashMap<>();
    private final Map<Character, OptionSpec> byShortName = new LinkedHashMap<>();

    /**
     * @param specs the options understood; names must be unique
     */
    OptionParser(List<OptionSpec> specs) {
        for (OptionSpec spec : specs) {
            if (byLongName.put(spec.longName(), spec) != null) {
                throw new IllegalArgumentException("duplicate option --" + spec.longName());
            }
            if (spec.shortName() != 0 && byShortName.put(spec.shortName(), spec) != null) {
                throw new IllegalArgumentException("duplicate option -" + spec.shortName());
            }
        }
    }

    /**
     * @param args the command line, without the program name
     * @return the occurrences, operands and problems
     */
    ParsedArgs parse(String[] args) {
        List<ParsedArgs.Occurrence> occurrences = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            if (arg.equals("--")) {
                while (i < args.length) {
                    operands.add(args[i++]);
                }
            } else if (arg.startsWith("--")) {
                i = parseLong(arg, args, i, occurrences, errors);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                i = parseShort(arg, args, i, occurrences, errors);
            } else {
                operands.add(arg);
            }
        }
        return new ParsedArgs(occurrences, operands, errors);
    }

    private int parseLong(String arg, String[] args, int next, List<ParsedArgs.Occurrence> out, List<String> errors) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        OptionSpec spec = byLongName.get(name);
        if (spec == null) {
            errors.add("unknown option --" + name);
            return next;
        }
        if (!spec.takesValue()) {
            if (eq >= 0) {
                errors.add("option --" + name + " takes no value");
            } else {
                out.add(new ParsedArgs.Occurrence(spec, null));
            }
            return next;
        }
        if (eq >= 0) {
            out.add(new ParsedArgs.Occurrence(spec, arg.substring(eq + 1)));
            return next;
        }
        if (next >= args.length) {
            errors.add("option --" + name + " needs a value (" + spec.valueName() + ")");
            return next;
        }
        out.add(new ParsedArgs.Occurrence(spec, args[next]));
        return next + 1;
    }

    private int parseShort(String arg, String[] args, int next, List<ParsedArgs.Occurrence> out, List<String> errors) {
        for (int pos = 1; pos < arg.length(); pos++) {
            char c = arg.charAt(pos);
            OptionSpec spec = byShortName.get(c);
            if (spec == null) {
                errors.add("unknown option -" + c);
                return next; // the rest of the bundle cannot be read reliably
            }
            if (!spec.takesValue()) {
                out.add(new ParsedArgs.Occurrence(spec, null));
                continue;
            }
            if (pos + 1 < arg.length()) {
                out.add(new ParsedArgs.Occurrence(spec, arg.substring(pos + 1)));
                return next;
            }
            if (next >= args.length) {
                errors.add("option -" + c + " (--" + spec.longName() + ") needs a value (" + spec.valueName() + ")");
                return next;
            }
            out.add(new ParsedArgs.Occurrence(spec, args[next]));
            return next + 1;
        }
        return next;
    }
}
