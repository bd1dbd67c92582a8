package org.esmtp4j;

import static org.esmtp4j.Replies.reply;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.spi.CanonicalContent;
import org.esmtp4j.spi.StartRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What {@link Session#start()} checks before it calls the engine (libESMTP §1.3 and §1.9), the
 * content prescan, what the request carries, and misuse from inside an event.
 */
class SessionStartTest {

    private static final String CONTENT = "Subject: t\r\n\r\nbody\r\n";

    private Session session;
    private FakeDriver driver;

    @BeforeEach
    void setUp() {
        session = FakeEngineProvider.newSession();
        driver = FakeEngineProvider.driverOf(session);
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private Message messageWith(String content) {
        Message m = session.addMessage();
        m.setMessageSource(MessageSource.of(content));
        m.addRecipient("rcpt@example.org");
        return m;
    }

    private static byte[] drain(MessageSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        int n;
        while ((n = source.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    // ---- checks before the engine ----

    @Test
    void startWithoutServerIsRefused() {
        try (Session noServer = Smtp.engine(FakeEngineProvider.NAME).createSession()) {
            Message m = noServer.addMessage();
            m.setMessageSource(MessageSource.of(CONTENT));
            m.addRecipient("rcpt@example.org");
            IllegalStateException e = assertThrows(IllegalStateException.class, noServer::start);
            assertTrue(e.getMessage().contains("setServer"), e.getMessage());
            assertEquals(0, FakeEngineProvider.driverOf(noServer).starts());
        }
    }

    @Test
    void startWithAMessageWithoutSourceIsRefusedNamingTheMessage() {
        messageWith(CONTENT);
        session.addMessage().addRecipient("other@example.org");
        IllegalStateException e = assertThrows(IllegalStateException.class, session::start);
        assertTrue(e.getMessage().contains("message 2"), e.getMessage());
        assertEquals(0, driver.starts());
    }

    @Test
    void closedSessionRefusesStartAndChanges() {
        messageWith(CONTENT);
        session.close();
        assertThrows(IllegalStateException.class, session::start);
        assertThrows(IllegalStateException.class, session::addMessage);
        assertThrows(IllegalStateException.class, () -> session.setServer("other.example.org"));
        assertEquals(0, driver.starts());
    }

    @Test
    void unknownServiceFailsWithEaiServiceWithoutCallingTheEngine() {
        messageWith(CONTENT);
        session.setServer("mx.example.org:nosuchservice");
        StartResult result = session.start();
        assertFalse(result.connected());
        assertEquals(SmtpError.EAI_SERVICE, result.error());
        assertEquals(17, result.error().code());
        assertEquals(17, result.libesmtpErrno());
        assertTrue(result.detail().contains("nosuchservice"), result.detail());
        assertEquals(0, driver.starts());
    }

    @Test
    void nothingToDoIsReportedBeforeTheServiceIsResolved() {
        // libESMTP §5.1: step 2 (nothing to do) comes before getaddrinfo (step 3).
        session.setServer("mx.example.org:nosuchservice");
        StartResult result = session.start();
        assertEquals(SmtpError.NOTHING_TO_DO, result.error());
        assertEquals(0, driver.starts());
    }

    // ---- the request ----

    @Test
    void requestCarriesTheSessionConfiguration() {
        Message m = messageWith(CONTENT);
        session.setServer("[::1]:2525");
        session.setTimeout(Timeout.DATA2, Duration.ofMinutes(20));
        session.setConnectTimeout(Duration.ofSeconds(3));
        session.requireAllRecipients(true);
        Limits limits = Limits.DEFAULT.withSessionDeadline(Duration.ofMinutes(1));
        session.setLimits(limits);

        session.start();
        StartRequest request = driver.request(0);
        assertSame(session, request.session());
        assertEquals("::1", request.server().host());
        assertEquals(2525, request.port());
        assertEquals("client.example.org", request.localHostname());
        assertEquals(Duration.ofMinutes(20), request.timeout(Timeout.DATA2));
        assertEquals(Timeout.GREETING.rfcMinimum(), request.timeout(Timeout.GREETING));
        assertEquals(Duration.ofSeconds(3), request.connectTimeout());
        assertTrue(request.requireAllRecipients());
        assertEquals(limits, request.limits());
        assertEquals(List.of(m), request.messages());
    }

    @Test
    void engineFailureStillDerivesOutcomesAndLeavesTheSessionUsable() {
        Message m = messageWith(CONTENT);
        Recipient r = m.recipients().get(0);
        RuntimeException failure = new RuntimeException("scripted engine failure");
        driver.script(request -> {
            request.callbacks().mailReply(m, reply(250));
            request.callbacks().recipientReply(r, reply(250));
            throw failure;
        });
        assertSame(failure, assertThrows(RuntimeException.class, session::start));
        assertEquals(Outcome.TRANSIENT, r.outcome());
        session.setServer("other.example.org:25"); // not running any more
    }

    // ---- content prescan ----

    @Test
    void overlongLineIsRefusedBeforeTheEngineIsCalled() {
        messageWith(CONTENT);
        messageWith("Subject: long\r\n" + "x".repeat(2000) + "\r\n");
        InvalidContentException e = assertThrows(InvalidContentException.class, session::start);
        assertEquals("message 2 content", e.argument());
        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("message 2") && e.getMessage().contains("line 2"), e.getMessage());
        assertEquals(0, driver.starts(), "the engine must not be called");
    }

    @Test
    void bareLineFeedIsRefusedUnderRejectBeforeTheEngineIsCalled() {
        messageWith("Subject: t\r\n\r\nbody\nmore\r\n");
        session.setLineEndings(LineEndings.REJECT);
        InvalidContentException e = assertThrows(InvalidContentException.class, session::start);
        assertEquals("message 1 content", e.argument());
        assertEquals(3, e.lineNumber());
        assertEquals(0, driver.starts(), "the engine must not be called");
    }

    @Test
    void prescanMeasuresTheCanonicalContentAndTheEngineReadsItCanonicalised() throws IOException {
        Message m = messageWith("Subject: t\n\nbody\u00e9\nmore");
        byte[] canonical = "Subject: t\r\n\r\nbody\u00e9\r\nmore\r\n".getBytes(StandardCharsets.UTF_8);
        List<byte[]> read = new ArrayList<>();
        driver.script(request -> {
            try (CanonicalContent content = request.openContent(m)) {
                read.add(drain(content));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return FakeDriver.CONNECTED;
        });
        session.start();
        assertEquals(canonical.length, driver.request(0).contentSize(m));
        assertTrue(driver.request(0).contentHasEightBit(m));
        assertArrayEquals(canonical, read.get(0));
    }

    @Test
    void withoutPrescanTheEngineIsCalledAndMeetsTheProblemWhileReading() {
        Message m = messageWith("Subject: long\r\n" + "x".repeat(2000) + "\r\n");
        session.setContentPrescan(false);
        driver.script(request -> {
            assertEquals(-1, request.contentSize(m));
            assertThrows(InvalidContentException.class, () -> drain(request.openContent(m)));
            return FakeDriver.CONNECTED;
        });
        session.start();
        assertEquals(1, driver.starts());
    }

    @Test
    void unreadableContentIsReportedBeforeTheEngineIsCalled() {
        Message m = session.addMessage();
        m.addRecipient("rcpt@example.org");
        m.setMessageSource(MessageSource.ofStreams(() -> {
            throw new UncheckedIOException(new IOException("disk gone"));
        }));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, session::start);
        assertTrue(e.getMessage().contains("message 1"), e.getMessage());
        assertEquals("disk gone", e.getCause().getMessage());
        assertEquals(0, driver.starts());
    }

    // ---- misuse from inside an event ----

    @Test
    void changingTheSessionFromInsideAnEventIsRefused() {
        Message m = messageWith(CONTENT);
        List<Executable> changes = List.of(
                () -> session.setServer("other.example.org"),
                () -> session.addMessage(),
                () -> session.setTimeout(Timeout.DATA, Duration.ofMinutes(5)),
                () -> session.setEventListener(null),
                () -> session.start(),
                () -> session.close(),
                () -> m.addRecipient("late@example.org"),
                () -> m.setReversePath("other@example.org"),
                () -> m.resetStatus(),
                () -> m.recipients().get(0).resetStatus());
        List<Throwable> refusals = new ArrayList<>();
        session.setEventListener(new SmtpEvents() {
            @Override
            public void recipientStatus(Recipient recipient) {
                for (Executable change : changes) {
                    try {
                        change.execute();
                    } catch (Throwable t) {
                        refusals.add(t);
                    }
                }
            }
        });
        driver.script(request -> Replies.everyRecipient(request, 250));
        session.start();

        assertEquals(changes.size(), refusals.size(), "every change must be refused: " + refusals);
        for (Throwable t : refusals) {
            assertTrue(t instanceof IllegalStateException, t.toString());
        }
        assertEquals(1, driver.starts());
        assertEquals(1, m.recipients().size());
        assertEquals(Outcome.DELIVERED, m.recipients().get(0).outcome());
        session.addMessage(); // allowed again once start has returned
    }
}
