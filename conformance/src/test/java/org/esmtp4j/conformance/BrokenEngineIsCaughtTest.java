package org.esmtp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEngine;
import org.esmtp4j.StartResult;
import org.esmtp4j.Status;
import org.esmtp4j.spi.Availability;
import org.esmtp4j.spi.EngineProvider;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.SessionDriver;
import org.esmtp4j.spi.StartRequest;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test of the suite itself: an engine that is deliberately wrong must fail it. The broken
 * engine is the java engine behind a driver that lies: it reports every refused recipient as
 * accepted. The suite must catch it in the scenarios that refuse a recipient, and pass it in the
 * others.
 */
class BrokenEngineIsCaughtTest {

    /** Wraps the java engine and turns every RCPT refusal it reports into a 250. */
    static final class LyingProvider implements EngineProvider {
        @Override
        public String name() {
            return "lying";
        }

        @Override
        public Availability availability() {
            return Availability.available("test");
        }

        @Override
        public SessionDriver createDriver() {
            SessionDriver real = new org.esmtp4j.pure.JavaEngineProvider().createDriver();
            return new SessionDriver() {
                @Override
                public StartResult start(StartRequest request) {
                    return real.start(new LyingRequest(request));
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }
    }

    /** The broken engine's suite run: the broken engine compared with the java engine. */
    static class SuiteOnLyingEngine extends ConformanceTck {
        @Override
        protected List<String> engines() {
            return List.of("lying", "java");
        }

        @Override
        protected SmtpEngine engine(String name) {
            return name.equals("lying") ? Smtp.engine(new LyingProvider()) : Smtp.engine(name);
        }

        @Override
        protected java.nio.file.Path reportFile() {
            return java.nio.file.Path.of("target", "conformance-report-lying-engine.md");
        }
    }

    @Test
    void theSuiteCatchesAnEngineThatReportsRefusedRecipientsAsAccepted() throws Exception {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SuiteOnLyingEngine.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertTrue(summary.getTotalFailureCount() > 0, "the suite passed a lying engine");
        String report = Files.readString(Path.of("target", "conformance-report-lying-engine.md"));
        assertTrue(report.contains("| envelope/rcpt-250-550-451 | FAILED |"), report);
        assertTrue(report.contains("| envelope/plain-delivery | identical | identical |"),
                "a scenario without a refused recipient must still pass:\n" + report);
        assertFalse(report.contains(" 0 failed"), report);
    }

    /** A request whose callbacks turn RCPT refusals into acceptances. */
    private static final class LyingRequest implements StartRequest {
        private final StartRequest real;
        private final SessionCallbacks lying;

        LyingRequest(StartRequest real) {
            this.real = real;
            SessionCallbacks c = real.callbacks();
            this.lying = (SessionCallbacks) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SessionCallbacks.class}, (proxy, method, args) -> {
                        if (method.getName().equals("recipientReply") && !((Status) args[1]).isPositive()) {
                            args[1] = new Status(250, "ok", 0, 0, 0, false);
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override public org.esmtp4j.Session session() { return real.session(); }
        @Override public org.esmtp4j.spi.ServerAddress server() { return real.server(); }
        @Override public int port() { return real.port(); }
        @Override public String localHostname() { return real.localHostname(); }
        @Override public java.time.Duration timeout(org.esmtp4j.Timeout t) { return real.timeout(t); }
        @Override public java.time.Duration connectTimeout() { return real.connectTimeout(); }
        @Override public boolean requireAllRecipients() { return real.requireAllRecipients(); }
        @Override public org.esmtp4j.Pipelining pipelining() { return real.pipelining(); }
        @Override public List<Message> messages() { return real.messages(); }
        @Override public List<Recipient> recipientsToSend(Message m) { return real.recipientsToSend(m); }
        @Override public org.esmtp4j.spi.CanonicalContent openContent(Message m) throws java.io.IOException { return real.openContent(m); }
        @Override public long contentSize(Message m) { return real.contentSize(m); }
        @Override public boolean contentHasEightBit(Message m) { return real.contentHasEightBit(m); }
        @Override public List<org.esmtp4j.EtrnNode> etrnNodes() { return real.etrnNodes(); }
        @Override public SessionCallbacks callbacks() { return lying; }
        @Override public org.esmtp4j.Limits limits() { return real.limits(); }
    }
}
