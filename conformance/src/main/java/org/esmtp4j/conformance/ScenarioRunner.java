package org.esmtp4j.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.esmtp4j.Session;
import java.util.function.Function;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;
import org.esmtp4j.StartResult;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;

/**
 * Runs a scenario on an engine against its scripted server and records the {@link Observation}.
 * Observations are cached per scenario and engine, so that each engine's run is compared with
 * the others' without running anything twice.
 */
public final class ScenarioRunner {

    /** Every timeout of a scenario session, with libESMTP's override (its floor is one second). */
    public static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(5);

    private static final Map<String, Observation> CACHE = new ConcurrentHashMap<>();

    private ScenarioRunner() {
    }

    /**
     * @param scenario the scenario
     * @param engine the engine's name
     * @return what the engine did (cached)
     */
    public static Observation observe(Scenario scenario, String engine) {
        return observe(scenario, engine, Smtp::engine);
    }

    /**
     * @param scenario the scenario
     * @param engine the engine's name
     * @param engines how to get an engine by name
     * @return what the engine did (cached by scenario and engine name)
     */
    public static Observation observe(Scenario scenario, String engine, Function<String, SmtpEngine> engines) {
        return CACHE.computeIfAbsent(scenario.id() + "\u0000" + engine, k -> run(scenario, engine, engines.apply(engine)));
    }

    private static Observation run(Scenario scenario, String engine, SmtpEngine smtpEngine) {
        ScriptedSmtpServer server = ScriptedSmtpServer.options().readTimeout(SCENARIO_TIMEOUT)
                .start(scenario.scripts().toArray(new org.esmtp4j.conformance.server.Script[0]));
        try (server) {
            EventLog log = new EventLog(scenario.answers());
            List<StartResult> results = new ArrayList<>();
            String refusal = null;
            Session session = smtpEngine.createSession();
            try {
                session.setServer(server.hostPort());
                session.setHostname("client.example");
                for (Timeout t : Timeout.values()) {
                    session.setTimeout(t, SCENARIO_TIMEOUT, true);
                }
                session.setConnectTimeout(SCENARIO_TIMEOUT);
                session.setEventListener(log);
                try {
                    scenario.client().accept(session);
                    for (int i = 0; i < scenario.starts(); i++) {
                        if (i > 0) {
                            scenario.betweenStarts().accept(session);
                        }
                        results.add(session.start());
                    }
                } catch (IllegalArgumentException | IllegalStateException e) {
                    refusal = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                List<Transcript> transcripts = new ArrayList<>();
                int connections = server.transcripts().size();
                for (int i = 0; i < connections; i++) {
                    transcripts.add(server.awaitTranscript(i, SCENARIO_TIMEOUT.multipliedBy(2)));
                }
                return new Observation(engine, transcripts, results, session, log.lines(), refusal);
            } finally {
                session.close();
            }
        }
    }
}
