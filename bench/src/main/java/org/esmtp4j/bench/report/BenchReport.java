package org.esmtp4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Turns {@code bin/bench}'s {@code raw.tsv} into the Markdown results: per case and server a
 * table of medians over rounds and of per-round ratios against the case's reference, then the
 * issue's targets with the measured value and by how much each is met or missed. Ratios are
 * always taken within one round (the machine is noisy; runs of the same round are seconds
 * apart), then their median is reported. Usage: {@code BenchReport raw.tsv}.
 */
public final class BenchReport {

    /** The esmtp4j engine clients held to the targets: java with libESMTP's batching and with FULL. */
    private static final List<String> ENGINES = List.of("java", "java-full", "libesmtp");


    private static final Map<Integer, String> TITLES = Map.of(
            1, "Case 1: 5,000 messages, 1 recipient each, one session",
            2, "Case 2: 5,000 messages, 10 recipients each, one session",
            3, "Case 3: one large message streamed, against a raw socket copy of the same bytes",
            4, "Case 4: round trips per message through a loopback proxy adding 20 ms each way",
            5, "Case 5: 8 concurrent sessions against 1 (the same messages in total)");

    private final List<Run> runs;
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    private BenchReport(List<Run> runs) {
        this.runs = runs;
    }

    /**
     * @param args the path of raw.tsv
     * @throws IOException when it cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.out.print(render(read(Path.of(args[0]))));
    }

    /**
     * @param tsv the raw results
     * @return the runs in it
     * @throws IOException when it cannot be read
     */
    public static List<Run> read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        String[] names = lines.get(0).split("\t");
        List<Run> runs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            Map<String, String> columns = new LinkedHashMap<>();
            for (int i = 0; i < names.length && i < fields.length; i++) {
                columns.put(names[i], fields[i]);
            }
            runs.add(Run.of(columns));
        }
        return runs;
    }

    /**
     * @param runs every run of one {@code bin/bench} invocation
     * @return the Markdown report
     */
    public static String render(List<Run> runs) {
        BenchReport r = new BenchReport(runs);
        r.cases();
        r.targetTable();
        return r.out.toString();
    }

    private void cases() {
        for (int c = 1; c <= 5; c++) {
            int benchCase = c;
            List<Run> inCase = runs.stream().filter(r -> r.benchCase() == benchCase).toList();
            if (inCase.isEmpty()) {
                continue;
            }
            out.append("### ").append(TITLES.get(c)).append("\n\n");
            for (String server : distinct(inCase, Run::server)) {
                List<Run> here = inCase.stream().filter(r -> r.server().equals(server)).toList();
                if (c == 4) {
                    roundTripTable(server, here);
                } else {
                    timingTable(c, server, here);
                }
            }
        }
    }

    private void timingTable(int benchCase, String server, List<Run> here) {
        Run first = here.get(0);
        out.append(String.format(Locale.ROOT, "Server: %s; %,d message(s) of %s, %d recipient(s); %d round(s).%n%n",
                server, first.messages(), size(first.contentBytes() / Math.max(1, first.messages())),
                first.recipients(), here.stream().mapToInt(Run::round).max().orElse(0)));
        String ratioHead = switch (benchCase) {
            case 3 -> "throughput ÷ raw copy";
            case 5 -> "throughput ÷ 1 session";
            default -> "session time ÷ C";
        };
        out.append("| client | ok rounds | session s | ").append(benchCase == 3 ? "MiB/s" : "msg/s")
                .append(" | session CPU s | process wall s | process CPU s | peak RSS MiB | heap growth MiB | ")
                .append(ratioHead).append(" (median) | per round |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String label : distinct(here, Run::label)) {
            List<Run> mine = here.stream().filter(r -> r.label().equals(label)).toList();
            List<Run> ok = mine.stream().filter(Run::ok).toList();
            double[] ratios = ratios(benchCase, here, ok);
            out.append(String.format(Locale.ROOT, "| %s | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", label,
                    ok.size(), mine.size(),
                    fmt(median(ok, Run::sessionSeconds), 3),
                    benchCase == 3 ? fmt(median(ok, Run::mibPerSecond), 0) : fmt(median(ok, Run::messagesPerSecond), 0),
                    fmt(median(ok, Run::sessionCpuSeconds), 3),
                    fmt(median(ok, Run::wallSeconds), 2),
                    fmt(median(ok, Run::cpuSeconds), 2),
                    fmt(median(ok, r -> r.rssKiB() / 1024.0), 1),
                    label.equals("c") || label.startsWith("c x") ? "—" : fmt(max(ok, r -> r.heapGrowthKiB() / 1024.0), 1),
                    ratios.length == 0 ? "—" : fmt(median(ratios), 2),
                    ratios.length == 0 ? "—" : join(ratios)));
        }
        out.append("\n");
        if (benchCase == 3 || benchCase == 5) {
            return;
        }
        List<String> cpu = new ArrayList<>();
        for (String label : distinct(here, Run::label)) {
            if (!label.equals("c")) {
                double[] f = pairRatios(here, label, "c", Run::sessionCpuSeconds);
                cpu.add(label + " " + fmt(median(f), 2) + " (" + join(f) + ")");
            }
        }
        out.append("Session CPU time ÷ C's (same round): ").append(String.join("; ", cpu)).append(".\n\n");
        // messages per second against Angus Mail's, round by round
        Optional<String> angus = distinct(here, Run::label).stream().filter(l -> l.equals("angus")).findFirst();
        if (angus.isPresent()) {
            out.append("Messages/s ÷ Angus Mail's (same round): ");
            List<String> parts = new ArrayList<>();
            for (String label : distinct(here, Run::label)) {
                if (label.equals("angus")) {
                    continue;
                }
                double[] f = pairRatios(here, "angus", label);
                parts.add(label + " " + fmt(median(f), 2) + " (" + join(f) + ")");
            }
            out.append(String.join("; ", parts)).append(".\n\n");
        }
    }

    /** Per round: case 3 raw time ÷ mine; case 5 x1 time ÷ x8 time; otherwise mine ÷ C's. */
    private double[] ratios(int benchCase, List<Run> here, List<Run> mine) {
        if (mine.isEmpty()) {
            return new double[0];
        }
        Run any = mine.get(0);
        return switch (benchCase) {
            case 3 -> any.client().equals("raw") ? new double[0] : pairRatios(here, "raw", any.label());
            case 5 -> any.sessions() == 1 ? new double[0] : pairRatios(here, any.client(), any.label());
            default -> any.client().equals("c") ? new double[0] : pairRatios(here, any.label(), "c");
        };
    }

    /** Per round in which both succeeded: numerator's session time ÷ denominator's. */
    private static double[] pairRatios(List<Run> here, String numerator, String denominator) {
        return pairRatios(here, numerator, denominator, Run::sessionSeconds);
    }

    /** Per round in which both succeeded: numerator's value ÷ denominator's. */
    private static double[] pairRatios(List<Run> here, String numerator, String denominator, ToDoubleFunction<Run> value) {
        List<Double> ratios = new ArrayList<>();
        for (int round : here.stream().map(Run::round).collect(Collectors.toCollection(LinkedHashSet::new))) {
            Optional<Run> n = find(here, numerator, round);
            Optional<Run> d = find(here, denominator, round);
            if (n.isPresent() && d.isPresent()) {
                ratios.add(value.applyAsDouble(n.get()) / value.applyAsDouble(d.get()));
            }
        }
        return ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Optional<Run> find(List<Run> here, String label, int round) {
        return here.stream().filter(r -> r.label().equals(label) && r.round() == round && r.ok()).findFirst();
    }

    private void roundTripTable(String server, List<Run> here) {
        out.append("Server: null sink behind the delay proxy (").append(server).append(").\n\n");
        out.append("| client | recipients | messages | delivered | round trips | per message | per message ÷ C | session s |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (int recipients : here.stream().map(Run::recipients).collect(Collectors.toCollection(LinkedHashSet::new))) {
            List<Run> group = here.stream().filter(r -> r.recipients() == recipients).toList();
            Optional<Run> c = group.stream().filter(r -> r.client().equals("c") && r.ok()).findFirst();
            for (Run r : group) {
                double perMessage = (double) r.roundTrips() / r.messages();
                String vsC = c.map(cr -> fmt(perMessage / ((double) cr.roundTrips() / cr.messages()), 2)).orElse("—");
                out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s |%n", r.label(),
                        r.recipients(), r.messages(), r.delivered(), r.roundTrips(), fmt(perMessage, 3), vsC,
                        fmt(r.sessionSeconds(), 2)));
                if (c.isPresent() && !r.client().equals("c") && !r.client().equals("angus")) {
                    target("Case 4: " + r.label() + " round trips/message ≤ C's (" + recipients + " rcpt)",
                            perMessage, (double) c.get().roundTrips() / c.get().messages(), true);
                }
            }
        }
        out.append("\n");
    }

    private void targetTable() {
        caseOneTargets();
        caseThreeTargets();
        caseFiveTargets();
        if (targets.isEmpty()) {
            return;
        }
        out.append("### Targets\n\n| target | measured | limit | verdict |\n|---|---|---|---|\n");
        for (String[] t : targets) {
            out.append("| ").append(String.join(" | ", t)).append(" |\n");
        }
        out.append("\n");
    }

    private void caseOneTargets() {
        for (String server : distinct(inCase(1), Run::server)) {
            List<Run> here = inCase(1).stream().filter(r -> r.server().equals(server)).toList();
            for (String engine : ENGINES) {
                if (has(here, engine)) {
                    target("Case 1 (" + server + "): " + engine + " session time ÷ C", median(pairRatios(here, engine, "c")),
                            engine.startsWith("libesmtp") ? 1.15 : 0.8, true);
                }
            }
            for (String engine : ENGINES) {
                if (has(here, engine) && has(here, "angus")) {
                    target("Case 1 (" + server + "): " + engine + " messages/s ÷ Angus Mail's",
                            median(pairRatios(here, "angus", engine)), 3.0, false);
                }
            }
        }
    }

    private void caseThreeTargets() {
        List<Run> here = inCase(3);
        for (String label : distinct(here, Run::label)) {
            if (label.equals("raw") || label.equals("c")) {
                continue;
            }
            List<Run> ok = here.stream().filter(r -> r.label().equals(label) && r.ok()).toList();
            target("Case 3: " + label + " heap growth MiB (largest round)", max(ok, r -> r.heapGrowthKiB() / 1024.0), 8.0, true);
            target("Case 3: " + label + " throughput ÷ raw socket copy", median(pairRatios(here, "raw", label)), 0.9, false);
        }
    }

    private void caseFiveTargets() {
        List<Run> here = inCase(5);
        for (String client : distinct(here, Run::client)) {
            Optional<String> many = distinct(here, Run::label).stream()
                    .filter(l -> l.startsWith(client + " x")).findFirst();
            if (many.isPresent() && has(here, client)) {
                target("Case 5: " + client + " throughput, " + many.get().substring(client.length() + 1) + " ÷ x1",
                        median(pairRatios(here, client, many.get())), 1.6, false);
            }
        }
    }

    private void target(String name, double value, double limit, boolean atMost) {
        String verdict;
        if (Double.isNaN(value)) {
            verdict = "no data";
        } else if (atMost ? value <= limit : value >= limit) {
            verdict = "met";
        } else {
            double by = atMost ? (value / limit - 1) * 100 : (1 - value / limit) * 100;
            verdict = String.format(Locale.ROOT, "**missed** by %.0f%%", by);
        }
        targets.add(new String[] {name, fmt(value, 2), (atMost ? "≤ " : "≥ ") + fmt(limit, 2), verdict});
    }

    private List<Run> inCase(int benchCase) {
        return runs.stream().filter(r -> r.benchCase() == benchCase).toList();
    }

    private static boolean has(List<Run> here, String label) {
        return here.stream().anyMatch(r -> r.label().equals(label) && r.ok());
    }

    private static Set<String> distinct(List<Run> runs, java.util.function.Function<Run, String> key) {
        return runs.stream().map(key).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        return median(runs.stream().mapToDouble(value).toArray());
    }

    private static double max(List<Run> runs, ToDoubleFunction<Run> value) {
        return runs.stream().mapToDouble(value).max().orElse(Double.NaN);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String join(double[] values) {
        return Arrays.stream(values).mapToObj(v -> fmt(v, 2)).collect(Collectors.joining(", "));
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) || v < 0 ? "—" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
