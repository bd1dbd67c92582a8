package org.esmtp4j.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects each (scenario, engine) verdict and writes {@code target/conformance-report.md}: one
 * row per scenario, one column per engine, and the summary line
 * {@code conformance: N scenarios, I identical, D documented divergences, F failed}.
 */
public final class ConformanceReport {

    /** A verdict for one scenario on one engine. */
    public enum Verdict {
        /** Expectations met and identical to every other engine. */
        IDENTICAL("identical"),
        /** A documented divergence, and this engine behaves as documented. */
        DOCUMENTED("documented divergence"),
        /** Anything else. */
        FAILED("FAILED");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private record Row(Verdict verdict, String entry, String detail) {
    }

    private final Map<String, Map<String, Row>> rows = new LinkedHashMap<>();
    private final Set<String> engines = new LinkedHashSet<>();

    synchronized void record(Scenario scenario, String engine, Verdict verdict, String detail) {
        engines.add(engine);
        rows.computeIfAbsent(scenario.id(), k -> new LinkedHashMap<>())
                .put(engine, new Row(verdict, scenario.compatibilityEntry(), detail));
    }

    /** @return the summary line for what has been recorded */
    public synchronized String summary() {
        int identical = 0;
        int documented = 0;
        int failed = 0;
        for (Map<String, Row> byEngine : rows.values()) {
            boolean anyFailed = byEngine.values().stream().anyMatch(r -> r.verdict() == Verdict.FAILED);
            boolean anyDocumented = byEngine.values().stream().anyMatch(r -> r.verdict() == Verdict.DOCUMENTED);
            if (anyFailed) {
                failed++;
            } else if (anyDocumented) {
                documented++;
            } else {
                identical++;
            }
        }
        return "conformance: " + rows.size() + " scenarios, " + identical + " identical, " + documented
                + " documented divergences, " + failed + " failed";
    }

    /**
     * Writes the report.
     *
     * @param file where, usually {@code target/conformance-report.md}
     * @throws IOException when it cannot be written
     */
    public synchronized void write(Path file) throws IOException {
        List<String> engineList = new ArrayList<>(engines);
        StringBuilder b = new StringBuilder("# Conformance report\n\n").append(summary()).append("\n\n");
        b.append("| scenario |");
        for (String e : engineList) {
            b.append(' ').append(e).append(" |");
        }
        b.append(" COMPATIBILITY.md |\n|---|");
        for (int i = 0; i < engineList.size(); i++) {
            b.append("---|");
        }
        b.append("---|\n");
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Map<String, Row>> e : rows.entrySet()) {
            b.append("| ").append(e.getKey()).append(" |");
            String entry = "";
            for (String engine : engineList) {
                Row r = e.getValue().get(engine);
                b.append(' ').append(r == null ? "not run" : r.verdict().toString()).append(" |");
                if (r != null && r.entry() != null) {
                    entry = r.entry();
                }
                if (r != null && r.verdict() == Verdict.FAILED) {
                    failures.append("### ").append(e.getKey()).append(" [").append(engine).append("]\n\n```\n")
                            .append(r.detail()).append("\n```\n\n");
                }
            }
            b.append(' ').append(entry).append(" |\n");
        }
        if (failures.length() > 0) {
            b.append("\n## Failures\n\n").append(failures);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}
