package org.esmtp4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;

/**
 * The entry point: finds the engines on the class path or module path and chooses one.
 *
 * <pre>{@code
 * try (Session session = Smtp.engine().createSession()) { ... }
 * }</pre>
 *
 * <p>The default engine is the one named by the system property {@value #ENGINE_PROPERTY} when it
 * is set; otherwise the available engine with the highest preference ({@code libesmtp} when the
 * system library loads, else {@code java}). {@link #engineChoice()} says why.
 */
public final class Smtp {

    /** The system property that names the engine to use, for example {@code -Desmtp4j.engine=java}. */
    public static final String ENGINE_PROPERTY = "esmtp4j.engine";

    /** This facade's version. */
    public static final String VERSION = "0.1.0";

    private static final System.Logger LOG = System.getLogger(Smtp.class.getName());

    private static volatile Map<String, Probe> probes;

    private Smtp() {
    }

    private record Probe(EngineProvider provider, Availability availability) {
    }

    private static Map<String, Probe> probes() {
        Map<String, Probe> p = probes;
        if (p == null) {
            synchronized (Smtp.class) {
                p = probes;
                if (p == null) {
                    p = load();
                    probes = p;
                }
            }
        }
        return p;
    }

    private static Map<String, Probe> load() {
        List<EngineProvider> found = new ArrayList<>();
        Iterator<EngineProvider> it = ServiceLoader.load(EngineProvider.class, Smtp.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                // A broken provider entry must not hide the others.
                LOG.log(System.Logger.Level.WARNING, "skipping an engine that cannot be loaded", e);
            }
        }
        found.sort(Comparator.comparingInt(EngineProvider::preference).reversed().thenComparing(EngineProvider::name));
        Map<String, Probe> map = new LinkedHashMap<>();
        for (EngineProvider provider : found) {
            Availability a;
            try {
                a = provider.availability();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.unavailable(e.toString());
            }
            map.putIfAbsent(provider.name(), new Probe(provider, a));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * @return the name of every engine found, available or not, in order of preference
     */
    public static List<String> engineNames() {
        return List.copyOf(probes().keySet());
    }

    /**
     * @param name an engine name
     * @return why that engine is unavailable, "" when it is available
     * @throws IllegalArgumentException when no engine has that name
     */
    public static String unavailableReason(String name) {
        Probe p = probes().get(Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new IllegalArgumentException("no engine named \"" + name + "\"; found " + engineNames());
        }
        return p.availability().reason();
    }

    /**
     * @param name an engine name
     * @return whether that engine was found and can run here
     */
    public static boolean isAvailable(String name) {
        Probe p = probes().get(name);
        return p != null && p.availability().available();
    }

    /**
     * The engine with this name.
     *
     * @param name {@code "java"}, {@code "libesmtp"} or a third party's
     * @return the engine
     * @throws IllegalArgumentException when no engine has that name
     * @throws IllegalStateException when it cannot run here, with the reason
     */
    public static SmtpEngine engine(String name) {
        Probe p = probes().get(Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new IllegalArgumentException("no engine named \"" + name + "\"; found " + engineNames());
        }
        if (!p.availability().available()) {
            throw new IllegalStateException("engine \"" + name + "\" is unavailable: " + p.availability().reason());
        }
        return new SmtpEngine(p.provider(), p.availability());
    }

    /**
     * An engine from a provider that is not registered with {@link ServiceLoader}: for test
     * harnesses, such as a conformance run against an engine under development.
     *
     * @param provider the engine's provider
     * @return the engine
     * @throws IllegalStateException when the provider says it is unavailable, with its reason
     */
    public static SmtpEngine engine(EngineProvider provider) {
        Availability a = provider.availability();
        if (!a.available()) {
            throw new IllegalStateException("engine \"" + provider.name() + "\" is unavailable: " + a.reason());
        }
        return new SmtpEngine(provider, a);
    }

    /** @return the default engine ({@link #engineChoice()}) */
    public static SmtpEngine engine() {
        return engineChoice().engine();
    }

    /**
     * The default engine and the reason it was chosen.
     *
     * @return the choice
     * @throws IllegalStateException when {@value #ENGINE_PROPERTY} names an unavailable engine,
     *     or no engine is available at all
     */
    public static EngineChoice engineChoice() {
        String requested = System.getProperty(ENGINE_PROPERTY);
        if (requested != null && !requested.isBlank()) {
            return new EngineChoice(engine(requested.trim()), "requested by -D" + ENGINE_PROPERTY + "=" + requested.trim());
        }
        StringBuilder skipped = new StringBuilder();
        for (Probe p : probes().values()) {
            if (p.availability().available()) {
                String reason = skipped.length() == 0
                        ? p.provider().name() + " is the preferred available engine"
                        : skipped + "; using " + p.provider().name();
                return new EngineChoice(new SmtpEngine(p.provider(), p.availability()), reason);
            }
            if (skipped.length() > 0) {
                skipped.append("; ");
            }
            skipped.append(p.provider().name()).append(" unavailable: ").append(p.availability().reason());
        }
        throw new IllegalStateException("no SMTP engine is available"
                + (skipped.length() > 0 ? ": " + skipped : "; put esmtp4j-java on the class path"));
    }
}
