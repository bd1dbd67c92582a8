package org.esmtp4j.conformance.scenarios;

import java.util.List;
import org.esmtp4j.conformance.ScenarioSource;

/** The scenario groups of the suite, in report order. */
public final class AllScenarios {

    private AllScenarios() {
    }

    /** @return every group */
    public static List<ScenarioSource> sources() {
        return List.of(
            new EnvelopeScenarios(),
            new PipeliningScenarios(),
            new PipeliningModeScenarios(),
            new MultiMessageScenarios(),
            new RetryScenarios(),
            new GreetingAndHelloScenarios(),
            new FailureScenarios(),
            new HeaderScenarios(),
            new ContentScenarios(),
            new MonitorScenarios(),
            new DsnScenarios(),
            new SizeAndBodyScenarios(),
            new ChunkingScenarios(),
            new DeliverByScenarios(),
            new EtrnXusrScenarios(),
            new EnhancedCodeScenarios(),
            new EventAnswerScenarios(),
            new CompatibilityScenarios(),
            new HostileScenarios(),
            new TlsAuthScenarios());
    }
}
