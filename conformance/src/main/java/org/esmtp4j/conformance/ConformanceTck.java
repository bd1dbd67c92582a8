package org.esmtp4j.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.AssertionFailedError;

/**
 * The conformance suite as a JUnit 5 test: every scenario of {@link ScenarioCatalog} runs once per
 * engine (shown as {@code [java]}, {@code [libesmtp]}, ...). Each run must meet the scenario's
 * expectations and, unless the scenario names a documented divergence, be identical to every
 * other engine's run: client bytes, start results, statuses, completion flags, outcomes, events.
 *
 * <p>To run the suite against your own engine, extend this class in your test tree and return
 * your engine's name and the reference engine from {@link #engines()}:
 *
 * <pre>{@code
 * class MyEngineConformanceTest extends ConformanceTck {
 *     @Override protected List<String> engines() { return List.of("myengine", "java"); }
 * }
 * }</pre>
 *
 * The report is written to {@code target/conformance-report.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceTck {

    private final ConformanceReport report = new ConformanceReport();

    /**
     * The engines to run and compare; by default every available engine.
     *
     * @return engine names
     */
    protected List<String> engines() {
        List<String> names = new ArrayList<>();
        for (String n : Smtp.engineNames()) {
            if (Smtp.isAvailable(n)) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * The scenarios to run; by default all of them.
     *
     * @return scenarios
     */
    protected List<Scenario> scenarios() {
        return ScenarioCatalog.all();
    }

    /**
     * The engine with this name; by default {@link Smtp#engine(String)}. Override to run an
     * engine that is not registered, with {@link Smtp#engine(org.esmtp4j.spi.EngineProvider)}.
     *
     * @param name an engine name from {@link #engines()}
     * @return the engine
     */
    protected SmtpEngine engine(String name) {
        return Smtp.engine(name);
    }

    /** @return one container per scenario with one test per engine */
    @TestFactory
    Stream<DynamicNode> conformance() {
        List<String> engines = engines();
        return scenarios().stream().map(s -> DynamicContainer.dynamicContainer(s.id() + ": " + s.about(),
                engines.stream().map(e -> DynamicTest.dynamicTest("[" + e + "]", () -> check(s, e, engines)))));
    }

    private void check(Scenario s, String engine, List<String> engines) {
        ConformanceReport.Verdict verdict = s.compatibilityEntry() != null && s.expectationFor(engine) != null
                ? ConformanceReport.Verdict.DOCUMENTED : ConformanceReport.Verdict.IDENTICAL;
        try {
            Observation mine = ScenarioRunner.observe(s, engine, this::engine);
            Consumer<Observation> expectation = s.expectationFor(engine) != null ? s.expectationFor(engine) : s.expectation();
            expectation.accept(mine);
            if (s.compatibilityEntry() == null) {
                for (String other : engines) {
                    if (!other.equals(engine)) {
                        List<String> d = mine.differencesFrom(ScenarioRunner.observe(s, other, this::engine));
                        if (!d.isEmpty()) {
                            throw new AssertionFailedError(engine + " and " + other + " differ and COMPATIBILITY.md documents no divergence for "
                                    + s.id() + ":\n" + String.join("\n", d));
                        }
                    }
                }
            }
            report.record(s, engine, verdict, "");
        } catch (AssertionError | RuntimeException e) {
            report.record(s, engine, ConformanceReport.Verdict.FAILED, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /**
     * Where the report goes; by default {@code target/conformance-report.md}.
     *
     * @return the report file
     */
    protected Path reportFile() {
        return Path.of("target", "conformance-report.md");
    }

    /** @return the report of this run so far */
    protected ConformanceReport report() {
        return report;
    }

    /**
     * Writes the report and prints its summary line.
     *
     * @throws IOException when the report cannot be written
     */
    @AfterAll
    void writeReport() throws IOException {
        report.write(reportFile());
        System.out.println(report.summary());
    }
}
