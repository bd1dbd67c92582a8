package org.esmtp4j.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataSource;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MimeMessageSourceTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedSources() {
        release.countDown();
    }

    @Test
    void readsWhatJakartaMailWouldSendWithoutBccAndWithCrlfLineEnds() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("plain", new GeneratedDataSource("a.bin", 300_000));
        byte[] expected = TestMessages.wireBytes(mm);
        try (MimeMessageSource source = MimeMessageSource.of(mm)) {
            source.rewind();
            byte[] read = TestMessages.readAll(source);
            assertArrayEquals(expected, read);
            assertEquals(-1, source.read(new byte[10], 0, 10), "keeps returning -1 after the end");
            String text = new String(read, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("hidden@example.org"), "Bcc must not be written");
            assertTrue(text.contains("\r\nCc: cc@example.org\r\n"), text.substring(0, 500));
            assertFalse(text.replace("\r\n", "").contains("\n"), "only CRLF line ends");
            assertFalse(text.replace("\r\n", "").contains("\r"), "only CRLF line ends");
        }
    }

    @Test
    void rewindMidStreamStartsOverAndStopsTheEarlierWriter() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("rewind", new GeneratedDataSource("b.bin", 2_000_000));
        byte[] expected = TestMessages.wireBytes(mm);
        MimeMessageSource source = MimeMessageSource.of(mm, 4096, Duration.ofSeconds(10));
        source.rewind();
        byte[] some = new byte[10_000];
        int got = 0;
        while (got < some.length) {
            got += source.read(some, got, some.length - got);
        }
        Thread first = writerThreads().get(0);
        source.rewind();
        assertFalse(first.isAlive(), "rewind ends the earlier writer before starting the next");
        assertArrayEquals(expected, TestMessages.readAll(source));
        source.rewind();
        source.read(some, 0, 100);
        source.close();
        awaitNoWriterThreads();
        assertThrows(IOException.class, () -> source.read(some, 0, 100), "read after close");
        assertThrows(IOException.class, source::rewind, "rewind after close");
    }

    @Test
    void readBeforeRewindFails() throws Exception {
        try (MimeMessageSource source = MimeMessageSource.of(TestMessages.withAttachment("x",
                new GeneratedDataSource("c.bin", 10)))) {
            assertThrows(IOException.class, () -> source.read(new byte[10], 0, 10));
        }
    }

    @Test
    void aFailureInsideWriteToSurfacesFromRead() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("fails", new GeneratedDataSource("d.bin", 1_000_000, 300_000));
        try (MimeMessageSource source = MimeMessageSource.of(mm)) {
            source.rewind();
            IOException e = assertThrows(IOException.class, () -> TestMessages.readAll(source));
            assertTrue(causes(e).contains("generated attachment failed at byte 300000"), causes(e));
        }
        awaitNoWriterThreads();
    }

    @Test
    void aStalledWriterFailsTheReadWithinTheStallTimeoutAndIsStoppedByClose() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("stalls", new BlockingDataSource(release));
        MimeMessageSource source = MimeMessageSource.of(mm, 4096, Duration.ofMillis(300));
        source.rewind();
        long started = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> TestMessages.readAll(source));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(e.getMessage().contains("no progress"), e.getMessage());
        assertTrue(waitedMillis >= 250 && waitedMillis < 5000, "waited " + waitedMillis + " ms");
        source.close(); // the writer is blocked inside the data source: close interrupts it
        awaitNoWriterThreads();
    }

    @Test
    void applyEnvelopeTakesTheFirstFromAndEveryRecipientIncludingBcc() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("env", new GeneratedDataSource("e.bin", 10));
        mm.addRecipients(jakarta.mail.Message.RecipientType.TO, "to@example.org, team: a@example.org, b@example.org;");
        try (Session session = Smtp.engine("java").createSession()) {
            Message m = session.addMessage();
            MimeMessageSource.applyEnvelope(m, mm);
            assertEquals("sender@example.org", m.reversePath());
            assertEquals(List.of("to@example.org", "a@example.org", "b@example.org", "cc@example.org",
                    "hidden@example.org"), m.recipients().stream().map(Recipient::mailbox).toList());
        }
    }

    @Test
    void applyEnvelopeRefusesAMessageWithoutFrom() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("env", new GeneratedDataSource("e.bin", 10));
        mm.removeHeader("From");
        try (Session session = Smtp.engine("java").createSession()) {
            Message m = session.addMessage();
            assertThrows(IllegalArgumentException.class, () -> MimeMessageSource.applyEnvelope(m, mm));
        }
    }

    static List<Thread> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(MessageWriter.THREAD_NAME_PREFIX) && t.isAlive())
                .toList();
    }

    static void awaitNoWriterThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!writerThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), writerThreads(), "writer threads left running");
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" <- ");
        }
        return all.toString();
    }

    /** A data source whose stream blocks until released (or interrupted). */
    private record BlockingDataSource(CountDownLatch release) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    return -1;
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "blocks.bin";
        }
    }
}
