package org.esmtp4j.conformance;

import java.util.List;

/** A group of scenarios about one area (envelope, headers, DSN, ...). */
public interface ScenarioSource {

    /** @return the scenarios, each with a unique id */
    List<Scenario> scenarios();
}
