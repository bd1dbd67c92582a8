package org.esmtp4j.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.server.Script;

/**
 * One conformance scenario: what the scripted server does, what the client is asked to do, and
 * what must come of it, side by side. Every engine runs it; their {@link Observation}s must be
 * identical, unless the scenario names the COMPATIBILITY.md entry that documents a divergence,
 * in which case each engine's documented behaviour is asserted instead.
 *
 * <pre>{@code
 * Scenario.named("rcpt/mixed-replies")
 *     .about("250, 550 and 451 to three RCPTs: one delivered, one permanent, one transient")
 *     .server(Scripts.session(Scripts.ESMTP).mail().rcpt("250 ok", "550 no", "451 later").data().quit())
 *     .client(c -> c.message().to("a@example.org", "b@example.org", "c@example.org"))
 *     .expect(o -> Expect.outcomes(o, DELIVERED, PERMANENT, TRANSIENT))
 *     .build();
 * }</pre>
 */
public final class Scenario {

    private final String id;
    private final String about;
    private final List<Script> scripts;
    private final Consumer<Session> client;
    private final int starts;
    private final Consumer<Session> betweenStarts;
    private final EventLog.Answers answers;
    private final Consumer<Observation> expectation;
    private final String compatibilityEntry;
    private final Map<String, Consumer<Observation>> perEngine;
    private final List<String> covers;

    private Scenario(Builder b) {
        this.id = b.id;
        this.about = b.about;
        this.scripts = List.copyOf(b.scripts);
        this.client = b.client;
        this.starts = b.starts;
        this.betweenStarts = b.betweenStarts;
        this.answers = b.answers;
        this.expectation = b.expectation;
        this.compatibilityEntry = b.compatibilityEntry;
        this.perEngine = Collections.unmodifiableMap(new LinkedHashMap<>(b.perEngine));
        List<String> c = new ArrayList<>(b.covers);
        if (b.compatibilityEntry != null && !c.contains(b.compatibilityEntry)) {
            c.add(b.compatibilityEntry);
        }
        this.covers = List.copyOf(c);
    }

    /**
     * @param id a unique, path-like name such as {@code "rcpt/mixed-replies"}
     * @return a builder
     */
    public static Builder named(String id) {
        return new Builder(id);
    }

    /** @return the scenario's id */
    public String id() {
        return id;
    }

    /** @return what the scenario shows */
    public String about() {
        return about;
    }

    /** @return one server script per expected connection */
    public List<Script> scripts() {
        return scripts;
    }

    /** @return configures the session (messages, options) before the first start */
    public Consumer<Session> client() {
        return client;
    }

    /** @return how many times {@code start()} is called */
    public int starts() {
        return starts;
    }

    /** @return what the client does between two starts */
    public Consumer<Session> betweenStarts() {
        return betweenStarts;
    }

    /** @return the answers given to events that ask */
    public EventLog.Answers answers() {
        return answers;
    }

    /** @return the checks every engine must pass (unless overridden per engine) */
    public Consumer<Observation> expectation() {
        return expectation;
    }

    /** @return the COMPATIBILITY.md entry (for example {@code "P10"}) when engines differ by design, else null */
    public String compatibilityEntry() {
        return compatibilityEntry;
    }

    /**
     * @param engine an engine name
     * @return the checks for that engine's documented behaviour, or null to use {@link #expectation()}
     */
    public Consumer<Observation> expectationFor(String engine) {
        return perEngine.get(engine);
    }

    /**
     * @return the COMPATIBILITY.md entries whose behaviour this scenario asserts (both engines
     *     alike for facade entries), including its divergence entry
     */
    public List<String> covers() {
        return covers;
    }

    /** @return the engines with their own documented expectations */
    public Map<String, Consumer<Observation>> perEngineExpectations() {
        return perEngine;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Builds a {@link Scenario}. */
    public static final class Builder {
        private final String id;
        private String about = "";
        private final List<Script> scripts = new ArrayList<>();
        private Consumer<Session> client = s -> { };
        private int starts = 1;
        private Consumer<Session> betweenStarts = s -> { };
        private EventLog.Answers answers = new EventLog.Answers();
        private Consumer<Observation> expectation = o -> { };
        private String compatibilityEntry;
        private final Map<String, Consumer<Observation>> perEngine = new LinkedHashMap<>();
        private final List<String> covers = new ArrayList<>();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * @param text what the scenario shows, one sentence
         * @return this
         */
        public Builder about(String text) {
            about = text;
            return this;
        }

        /**
         * Adds the script for the next connection.
         *
         * @param script the script
         * @return this
         */
        public Builder server(Script script) {
            scripts.add(script);
            return this;
        }

        /**
         * @param setup configures the session: messages, recipients, options
         * @return this
         */
        public Builder client(Consumer<Session> setup) {
            client = setup;
            return this;
        }

        /**
         * @param count how many times to call start (default 1)
         * @param between what to do between two starts
         * @return this
         */
        public Builder starts(int count, Consumer<Session> between) {
            starts = count;
            betweenStarts = between;
            return this;
        }

        /**
         * @param a the answers to events that ask something
         * @return this
         */
        public Builder answers(EventLog.Answers a) {
            answers = a;
            return this;
        }

        /**
         * @param check assertions every engine's observation must pass
         * @return this
         */
        public Builder expect(Consumer<Observation> check) {
            expectation = check;
            return this;
        }

        /**
         * Names COMPATIBILITY.md entries this scenario asserts where both engines behave alike
         * (facade entries): the engines are still compared.
         *
         * @param entries entry ids, for example {@code "F1"}
         * @return this
         */
        public Builder covers(String... entries) {
            covers.addAll(List.of(entries));
            return this;
        }

        /**
         * Declares a documented divergence: the engines are not compared; each named engine is
         * checked against its own documented behaviour (engines not named use {@link #expect}).
         *
         * @param entry the COMPATIBILITY.md entry, for example {@code "P10"}
         * @param engine an engine name
         * @param check that engine's documented behaviour
         * @return this
         */
        public Builder divergence(String entry, String engine, Consumer<Observation> check) {
            compatibilityEntry = Objects.requireNonNull(entry, "entry");
            perEngine.put(engine, check);
            return this;
        }

        /** @return the scenario */
        public Scenario build() {
            if (scripts.isEmpty()) {
                throw new IllegalStateException(id + ": a scenario needs at least one server script (use Scripts.refuseAll for none)");
            }
            return new Scenario(this);
        }
    }
}
