package org.esmtp4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Notify;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.Timeout;

/**
 * Reads the esmtp-send command line (docs: {@code cli.md}, "Options") into {@link SendOptions}.
 * Syntax is checked here; the values themselves (mailboxes, names, ENVID...) are checked by the
 * facade when they are set, so that both engines refuse the same things.
 */
final class SendOptionsParser {

    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.valued('h', "host", "HOST[:PORT]", "server (default " + SendOptions.DEFAULT_HOST + "); [IPv6]:PORT with the java engine"),
            OptionSpec.valued('f', "from", "MAILBOX", "reverse path (MAIL FROM); absent: MAIL FROM:<>"),
            OptionSpec.valued("hostname", "NAME", "name sent in EHLO/HELO (default: this machine's name)"),
            OptionSpec.valued('s', "subject", "TEXT", "Subject: header, replacing the message's own"),
            OptionSpec.valued("to", "ADDR", "add ADDR to the To: header (repeatable)"),
            OptionSpec.valued("cc", "ADDR", "add ADDR to the Cc: header (repeatable)"),
            OptionSpec.valued("bcc", "ADDR", "add ADDR to the Bcc: header (repeatable)"),
            OptionSpec.flag("gen-to", "generate To: from the envelope recipients"),
            OptionSpec.valued('n', "notify", "LIST", "DSN NOTIFY for every recipient: never, or a comma list of success,failure,delay"),
            OptionSpec.valued("ret", "full|hdrs", "DSN RET"),
            OptionSpec.valued("envid", "ID", "DSN ENVID"),
            OptionSpec.valued("orcpt", "ADDRTYPE;ADDR", "DSN ORCPT for every recipient"),
            OptionSpec.valued("body", "7bit|8bitmime|binarymime", "BODY= declaration"),
            OptionSpec.valued("size", "N", "SIZE= estimate in octets"),
            OptionSpec.valued("deliver-by", "SECONDS[:notify|return][:trace]", "DELIVERBY (mode notify unless given)"),
            OptionSpec.valued("etrn", "[@]DOMAIN", "ask the server to run the queue of DOMAIN (@: and subdomains); repeatable"),
            OptionSpec.flag("require-all", "send the message only if every recipient is accepted"),
            OptionSpec.valued("timeout", "PHASE=MS", "greeting|envelope|data|transfer|data2 timeout, below the RFC minimum allowed (floor 1000 ms); repeatable"),
            OptionSpec.flag('t', "starttls", "use STARTTLS when offered"),
            OptionSpec.flag('T', "require-starttls", "require STARTTLS: no mail in cleartext"),
            OptionSpec.flag("smtps", "implicit TLS from the first byte (java engine)"),
            OptionSpec.valued("cafile", "PEM", "trust these CA certificates instead of the system store"),
            OptionSpec.flag("insecure", "accept any certificate (tests only; says so on stderr)"),
            OptionSpec.valued('u', "user", "NAME", "AUTH user; the password comes from --password-file"),
            OptionSpec.valued("password-file", "FILE", "AUTH password: the first line of FILE"),
            OptionSpec.valued("mechanisms", "LIST", "AUTH mechanisms to use, in order, for example SCRAM-SHA-256,PLAIN"),
            OptionSpec.flag("allow-plaintext-auth", "allow PLAIN and LOGIN without TLS"),
            OptionSpec.valued("engine", "java|libesmtp", "engine (default: libesmtp when it loads, else java)"),
            OptionSpec.flag('m', "monitor", "protocol trace on stderr (C: client, S: server, H: headers)"),
            OptionSpec.flag("json", "print the result as one JSON object on stdout"),
            OptionSpec.flag("verbose", "say which engine and versions are used, and why"),
            OptionSpec.flag("version", "print the tool, facade and engine versions"),
            OptionSpec.flag("help", "print this help"));

    private static final Set<String> REPEATABLE = Set.of("to", "cc", "bcc", "etrn", "timeout");

    /** Where the help text of each option starts. */
    private static final int HELP_COLUMN = 30;

    private SendOptionsParser() {
    }

    /**
     * @param args the command line without the program name
     * @return the options
     * @throws UsageException when the command line is wrong; the message says what and how to fix it
     */
    static SendOptions parse(String[] args) throws UsageException {
        ParsedArgs parsed = new OptionParser(OPTIONS).parse(args);
        SendOptions o = new SendOptions();
        o.json = parsed.has("json");
        List<String> errors = new ArrayList<>(parsed.errors());
        for (ParsedArgs.Occurrence occurrence : parsed.occurrences()) {
            String name = occurrence.spec().longName();
            if (!REPEATABLE.contains(name) && occurrence.spec().takesValue() && parsed.values(name).size() > 1) {
                String problem = "option " + occurrence.spec().display() + " given more than once";
                if (!errors.contains(problem)) {
                    errors.add(problem);
                }
                continue;
            }
            try {
                apply(o, name, occurrence.value());
            } catch (IllegalArgumentException e) {
                errors.add(occurrence.spec().display() + " " + quote(occurrence.value()) + ": " + e.getMessage());
            }
        }
        if (o.generateTo && !o.toHeaders.isEmpty()) {
            errors.add("--gen-to and --to cannot be combined: --gen-to builds To: from the envelope recipients");
        }
        TlsAuthOptions.check(o, errors);
        if (errors.isEmpty() && !o.help && !o.version) {
            readOperands(o, parsed.operands(), errors);
        }
        if (!errors.isEmpty()) {
            throw new UsageException(String.join("; ", errors), o.json);
        }
        return o;
    }

    private static void readOperands(SendOptions o, List<String> operands, List<String> errors) {
        if (operands.isEmpty()) {
            if (o.etrn.isEmpty()) {
                errors.add("missing FILE and MAILBOX: give the message file (or - for standard input) and at least one recipient");
            }
            return;
        }
        o.file = operands.get(0);
        o.mailboxes.addAll(operands.subList(1, operands.size()));
        if (o.mailboxes.isEmpty()) {
            errors.add("missing MAILBOX: give at least one recipient after the message file " + quote(o.file));
        }
    }

    private static void apply(SendOptions o, String name, String value) {
        switch (name) {
            case "host" -> o.host = value;
            case "from" -> o.from = value;
            case "hostname" -> o.hostname = value;
            case "subject" -> o.subject = value;
            case "to" -> o.toHeaders.add(value);
            case "cc" -> o.ccHeaders.add(value);
            case "bcc" -> o.bccHeaders.add(value);
            case "gen-to" -> o.generateTo = true;
            case "notify" -> o.notify = notify(value);
            case "ret" -> o.ret = ret(value);
            case "envid" -> o.envid = value;
            case "orcpt" -> o.orcpt = orcpt(value);
            case "body" -> o.body = body(value);
            case "size" -> o.sizeEstimate = size(value);
            case "deliver-by" -> o.deliverBy = deliverBy(value);
            case "etrn" -> o.etrn.add(etrn(value));
            case "require-all" -> o.requireAll = true;
            case "timeout" -> timeout(o, value);
            case "starttls" -> o.startTls = o.startTls == null ? StartTlsMode.ENABLED : o.startTls;
            case "require-starttls" -> o.startTls = StartTlsMode.REQUIRED;
            case "smtps" -> o.implicitTls = true;
            case "cafile" -> o.caFile = value;
            case "insecure" -> o.insecure = true;
            case "user" -> o.user = TlsAuthOptions.user(value);
            case "password-file" -> o.passwordFile = value;
            case "mechanisms" -> o.mechanisms.addAll(TlsAuthOptions.mechanisms(value));
            case "allow-plaintext-auth" -> o.allowPlaintextAuth = true;
            case "engine" -> o.engine = value;
            case "monitor" -> o.monitor = true;
            case "json" -> o.json = true;
            case "verbose" -> o.verbose = true;
            case "version" -> o.version = true;
            case "help" -> o.help = true;
            default -> throw new IllegalStateException("option --" + name + " has no handler");
        }
    }

    static Set<Notify> notify(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("never")) {
            return EnumSet.of(Notify.NEVER);
        }
        Set<Notify> set = EnumSet.noneOf(Notify.class);
        for (String item : v.split(",", -1)) {
            switch (item.trim()) {
                case "success" -> set.add(Notify.SUCCESS);
                case "failure" -> set.add(Notify.FAILURE);
                case "delay" -> set.add(Notify.DELAY);
                case "never" -> throw new IllegalArgumentException("never cannot be combined with other conditions");
                default -> throw new IllegalArgumentException("expected never, or a comma list of success,failure,delay");
            }
        }
        return set;
    }

    static DsnReturn ret(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "full" -> DsnReturn.FULL;
            case "hdrs" -> DsnReturn.HEADERS;
            default -> throw new IllegalArgumentException("expected full or hdrs");
        };
    }

    static SendOptions.Orcpt orcpt(String value) {
        int semicolon = value.indexOf(';');
        if (semicolon <= 0 || semicolon == value.length() - 1) {
            throw new IllegalArgumentException("expected ADDRTYPE;ADDR, for example rfc822;bob@example.org");
        }
        return new SendOptions.Orcpt(value.substring(0, semicolon), value.substring(semicolon + 1));
    }

    static BodyType body(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "7bit" -> BodyType.SEVEN_BIT;
            case "8bitmime" -> BodyType.EIGHT_BIT_MIME;
            case "binarymime" -> BodyType.BINARY_MIME;
            default -> throw new IllegalArgumentException("expected 7bit, 8bitmime or binarymime");
        };
    }

    static long size(String value) {
        long n = decimal(value, "a size in octets");
        if (n < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
        return n;
    }

    static SendOptions.DeliverBy deliverBy(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("expected SECONDS[:notify|return][:trace]");
        }
        long seconds = decimal(parts[0], "SECONDS");
        ByMode mode = null;
        boolean trace = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].toLowerCase(Locale.ROOT);
            if (part.equals("trace") && !trace && i == parts.length - 1) {
                trace = true;
            } else if (part.equals("notify") && mode == null && i == 1) {
                mode = ByMode.NOTIFY;
            } else if (part.equals("return") && mode == null && i == 1) {
                mode = ByMode.RETURN;
            } else {
                throw new IllegalArgumentException("expected SECONDS[:notify|return][:trace]");
            }
        }
        return new SendOptions.DeliverBy(seconds, mode == null ? ByMode.NOTIFY : mode, trace);
    }

    static SendOptions.Etrn etrn(String value) {
        if (value.startsWith("@")) {
            return new SendOptions.Etrn(EtrnNode.Option.SUBDOMAINS, value.substring(1));
        }
        return new SendOptions.Etrn(EtrnNode.Option.DOMAIN, value);
    }

    private static void timeout(SendOptions o, String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected PHASE=MS, for example greeting=5000");
        }
        Timeout phase = switch (value.substring(0, eq).toLowerCase(Locale.ROOT)) {
            case "greeting" -> Timeout.GREETING;
            case "envelope" -> Timeout.ENVELOPE;
            case "data" -> Timeout.DATA;
            case "transfer" -> Timeout.TRANSFER;
            case "data2" -> Timeout.DATA2;
            default -> throw new IllegalArgumentException("PHASE must be greeting, envelope, data, transfer or data2");
        };
        long ms = decimal(value.substring(eq + 1), "MS");
        if (ms <= 0) {
            throw new IllegalArgumentException("the timeout must be a positive number of milliseconds");
        }
        o.timeouts.put(phase, Duration.ofMillis(ms));
    }

    private static long decimal(String text, String what) {
        String t = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be a decimal number");
        }
        return Long.parseLong(text);
    }

    static String quote(String value) {
        return value == null ? "" : "\"" + Printable.of(value) + "\"";
    }

    /** @return the help text: synopsis, every option, exit statuses */
    static String help() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: esmtp-send [OPTIONS] FILE MAILBOX...\n")
                .append("Sends the RFC 5322 message in FILE (- for standard input) to each MAILBOX (RCPT TO).\n")
                .append("With --etrn, FILE and MAILBOX may be omitted.\n\nOptions:\n");
        for (OptionSpec spec : OPTIONS) {
            String synopsis = spec.synopsis();
            b.append("  ").append(synopsis);
            if (synopsis.length() <= HELP_COLUMN - 4) {
                b.append(" ".repeat(HELP_COLUMN - 2 - synopsis.length()));
            } else {
                b.append('\n').append(" ".repeat(HELP_COLUMN));
            }
            b.append(spec.help()).append('\n');
        }
        b.append("\nExit status: 0 every recipient delivered; 1 the session ran but not every recipient was\n")
                .append("delivered (or an ETRN was refused); 2 bad usage or invalid input, nothing was sent;\n")
                .append("3 no session (the name did not resolve, no connection, or the engine could not start).\n")
                .append("The full contract: cli/CONTRACT.md in the esmtp4j repository.\n");
        return b.toString();
    }
}
