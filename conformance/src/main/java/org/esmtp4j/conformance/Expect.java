package org.esmtp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Outcome;

/** Assertions on an {@link Observation}, for scenario expectations. */
public final class Expect {

    private Expect() {
    }

    /**
     * @param o the observation
     * @param outcomes the expected outcome of each recipient of the first message, in order
     */
    public static void outcomes(Observation o, Outcome... outcomes) {
        outcomes(o, 0, outcomes);
    }

    /**
     * @param o the observation
     * @param message 0-based message index
     * @param outcomes the expected outcome of each recipient, in order
     */
    public static void outcomes(Observation o, int message, Outcome... outcomes) {
        List<Outcome> actual = new ArrayList<>();
        for (Observation.RecipientState r : o.messages().get(message).recipients()) {
            actual.add(r.outcome());
        }
        assertEquals(List.of(outcomes), actual, () -> "outcomes of message " + (message + 1) + "\n" + o);
    }

    /**
     * @param o the observation
     * @param message 0-based message index
     * @param recipient 0-based recipient index
     * @param code the expected RCPT reply code
     */
    public static void rcptCode(Observation o, int message, int recipient, int code) {
        assertEquals(code, o.recipient(message, recipient).status().code(), () -> o.toString());
    }

    /**
     * @param o the observation
     * @param message 0-based message index
     * @param code the expected transfer status code (0 for none)
     */
    public static void transferCode(Observation o, int message, int code) {
        assertEquals(code, o.messages().get(message).transferStatus().code(), () -> o.toString());
    }

    /**
     * @param o the observation
     * @param wire exactly what the client sent on all connections (Date and Message-Id normalised)
     */
    public static void clientSent(Observation o, String wire) {
        assertEquals(WireView.show(wire), WireView.show(o.clientText()), () -> o.toString());
    }

    /**
     * @param o the observation
     * @param fragment text the client must have sent
     */
    public static void clientSentContaining(Observation o, String fragment) {
        assertTrue(o.clientText().contains(fragment), () -> "expected the client to send " + WireView.show(fragment) + "\n" + o);
    }

    /**
     * @param o the observation
     * @param fragment text the client must not have sent
     */
    public static void clientNeverSent(Observation o, String fragment) {
        assertTrue(!o.clientText().contains(fragment), () -> "the client must not send " + WireView.show(fragment) + "\n" + o);
    }

    /**
     * @param o the observation
     * @param results the expected "connected error" of each start
     */
    public static void results(Observation o, String... results) {
        assertEquals(List.of(results), o.results(), () -> o.toString());
    }

    /**
     * @param o the observation
     * @param events the expected event lines, exactly
     */
    public static void events(Observation o, String... events) {
        assertEquals(List.of(events), o.events(), () -> o.toString());
    }

    /**
     * @param o the observation
     * @param fragment a fragment of the refusal's message
     */
    public static void refused(Observation o, String fragment) {
        assertNotNull(o.refusal(), () -> "expected a refusal\n" + o);
        assertTrue(o.refusal().contains(fragment), () -> "refusal " + o.refusal() + " lacks " + fragment);
    }

    /** @param o the observation, which must have no refusal */
    public static void notRefused(Observation o) {
        assertNull(o.refusal(), () -> o.toString());
    }

    /**
     * @param o the observation
     * @param connections how many connections the server saw
     */
    public static void connections(Observation o, int connections) {
        assertEquals(connections, o.transcripts().size(), () -> o.toString());
    }
}
