package org.esmtp4j.conformance.scenarios;

import java.util.List;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;

/** Scenarios being written; see AllScenarios. */
public final class EventAnswerScenarios implements ScenarioSource {

    @Override
    public List<Scenario> scenarios() {
        return List.of();
    }
}
