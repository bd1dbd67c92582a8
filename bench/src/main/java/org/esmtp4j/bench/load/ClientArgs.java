package org.esmtp4j.bench.load;

import java.util.HashMap;
import java.util.Map;

/** The benchmark clients' {@code --name value} and {@code --flag} arguments. */
public final class ClientArgs {

    private final Map<String, String> values = new HashMap<>();

    /**
     * @param args {@code --name value} pairs; a {@code --name} followed by another option or by
     *     nothing is a flag
     */
    public ClientArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(name, args[++i]);
            } else {
                values.put(name, "true");
            }
        }
    }

    /**
     * @param name the option name without dashes
     * @return its value
     * @throws IllegalArgumentException when it is missing
     */
    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    /**
     * @param name the option name without dashes
     * @param otherwise the default
     * @return its value, or the default when it is missing
     */
    public String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /**
     * @param name the option name
     * @param otherwise the default
     * @return its value as a number, with an optional K, M or G (binary) suffix
     */
    public long number(String name, long otherwise) {
        String v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        long unit = switch (Character.toUpperCase(v.charAt(v.length() - 1))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
    }

    /**
     * @param name the flag name
     * @return whether it was given
     */
    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }
}
