package org.esmtp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * COMPATIBILITY.md and the scenarios stay in step: every documented divergence a scenario names is
 * an entry of COMPATIBILITY.md, and every entry has a scenario that asserts it.
 */
class CompatibilityCoverageTest {

    private static final Pattern ENTRY = Pattern.compile("(?m)^\\| ([A-Z]\\d+) \\|");

    static Set<String> documentedEntries() throws Exception {
        String doc = Files.readString(Path.of("..", "COMPATIBILITY.md"));
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ENTRY.matcher(doc);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void everyDivergenceNamedByAScenarioIsDocumented() throws Exception {
        Set<String> documented = documentedEntries();
        assertTrue(documented.size() > 20, "COMPATIBILITY.md entries were not found: " + documented);
        Set<String> unknown = new TreeSet<>();
        for (Scenario s : ScenarioCatalog.all()) {
            for (String entry : s.covers()) {
                if (!documented.contains(entry)) {
                    unknown.add(s.id() + " -> " + entry);
                }
            }
        }
        assertEquals(Set.of(), unknown, "scenarios name entries that COMPATIBILITY.md does not have");
    }

    /**
     * Entries that no in-process scenario can assert, with the test that asserts them instead:
     * L6 kills the process on the libesmtp engine, so it runs in child JVMs; L13 depends on the
     * process environment (libESMTP's configuration directory), so it runs in child JVMs too.
     */
    private static final java.util.Map<String, String> OUT_OF_PROCESS = java.util.Map.of(
            "L6", "org.esmtp4j.conformance.crash.PipelinedDropTest",
            "L13", "org.esmtp4j.conformance.tls.ConfigDirClientCertificateTest");

    @Test
    void everyDocumentedEntryHasAScenario() throws Exception {
        Set<String> missing = new TreeSet<>(documentedEntries());
        for (String test : OUT_OF_PROCESS.values()) {
            Class.forName(test); // the test that stands in for a scenario must exist
        }
        missing.removeAll(OUT_OF_PROCESS.keySet());
        for (Scenario s : ScenarioCatalog.all()) {
            missing.removeAll(s.covers());
        }
        assertEquals(Set.of(), missing, "COMPATIBILITY.md entries without a scenario asserting them");
    }
}
