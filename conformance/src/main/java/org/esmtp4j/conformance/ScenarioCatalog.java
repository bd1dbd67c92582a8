package org.esmtp4j.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.esmtp4j.conformance.scenarios.AllScenarios;

/** Every scenario of the suite, in a stable order, with unique ids. */
public final class ScenarioCatalog {

    private static volatile List<Scenario> all;

    private ScenarioCatalog() {
    }

    /** @return every scenario */
    public static List<Scenario> all() {
        List<Scenario> a = all;
        if (a == null) {
            a = load();
            all = a;
        }
        return a;
    }

    private static List<Scenario> load() {
        List<Scenario> list = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ScenarioSource source : AllScenarios.sources()) {
            for (Scenario s : source.scenarios()) {
                if (!ids.add(s.id())) {
                    throw new IllegalStateException("duplicate scenario id " + s.id() + " in " + source.getClass().getName());
                }
                list.add(s);
            }
        }
        return Collections.unmodifiableList(list);
    }
}
