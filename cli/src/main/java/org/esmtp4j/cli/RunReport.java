package org.esmtp4j.cli;

import java.util.List;
import java.util.Objects;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Message;

/**
 * Everything esmtp-send reports about one run, whatever its exit status.
 *
 * @param engine the engine's name, or null when none was chosen
 * @param engineVersion the engine's version, or null when none was loaded
 * @param started whether a TCP connection was made (a CONNECT event occurred)
 * @param error the session-level error
 * @param events every event except MESSAGEDATA, in order
 * @param messages the messages as far as they were defined
 * @param etrnNodes the ETRN nodes as far as they were defined
 * @param exitStatus the process exit status
 */
record RunReport(String engine, String engineVersion, boolean started, ErrorInfo error, List<EventLog.Event> events,
                 List<Message> messages, List<EtrnNode> etrnNodes, int exitStatus) {

    RunReport {
        Objects.requireNonNull(error, "error");
        events = List.copyOf(events);
        messages = List.copyOf(messages);
        etrnNodes = List.copyOf(etrnNodes);
    }

    /**
     * A run refused before any session existed.
     *
     * @param engine the engine name, or null
     * @param engineVersion the engine version, or null
     * @param error why
     * @param exitStatus 2 or 3
     * @return the report
     */
    static RunReport withoutSession(String engine, String engineVersion, ErrorInfo error, int exitStatus) {
        return new RunReport(engine, engineVersion, false, error, List.of(), List.of(), List.of(), exitStatus);
    }
}
