package org.esmtp4j.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.StartResult;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's measurement: a message with a 50 MB attachment (generated on the fly) sent by the
 * java engine to a sink on 127.0.0.1 grows the heap by less than 16 MB, so the message is
 * streamed and never held whole. Heap growth = peak used heap, sampled every millisecond during
 * the send, minus the used heap after a GC just before it. Garbage counts too, so this is an
 * upper bound on what the send retains. A control run that buffers the same message shows the
 * instrument does see a whole message in memory.
 */
class LargeAttachmentHeapTest {

    private static final long ATTACHMENT_BYTES = 50L * 1024 * 1024;
    private static final long LIMIT_BYTES = 16L * 1024 * 1024;
    private static final double MB = 1024.0 * 1024;

    @Test
    void fiftyMegabyteAttachmentIsStreamedWithLittleHeap() throws Exception {
        MimeMessage mm = bigMessage();
        Measurement streamed = send(mm, () -> MimeMessageSource.of(mm));
        System.out.printf("MIME 50 MB attachment, java engine, MimeMessageSource: %d bytes on the wire in %d ms, "
                + "heap growth %.1f MB (baseline %.1f MB, peak %.1f MB, limit %.0f MB)%n",
                streamed.wireBytes, streamed.millis, streamed.growth() / MB, streamed.baseline / MB,
                streamed.peak / MB, LIMIT_BYTES / MB);
        assertTrue(streamed.growth() < LIMIT_BYTES, "heap grew by " + streamed.growth() + " bytes");
    }

    @Test
    void theInstrumentSeesAMessageBufferedWhole() throws Exception {
        MimeMessage mm = bigMessage();
        Measurement buffered = send(mm, () -> MessageSource.of(TestMessages.wireBytes(mm)));
        System.out.printf("control, the same message buffered in a byte[]: heap growth %.1f MB%n",
                buffered.growth() / MB);
        assertTrue(buffered.growth() > ATTACHMENT_BYTES, "heap grew by only " + buffered.growth() + " bytes");
    }

    private static MimeMessage bigMessage() throws Exception {
        MimeMessage mm = TestMessages.withAttachment("fifty megabytes",
                new GeneratedDataSource("big.bin", ATTACHMENT_BYTES));
        mm.saveChanges(); // the headers once, now, rather than inside the measured send
        return mm;
    }

    /** Sends the message with the source made inside the measured span; checks it all arrived. */
    private static Measurement send(MimeMessage mm, Callable<MessageSource> source) throws Exception {
        try (DiscardingSink sink = new DiscardingSink();
             Session session = Smtp.engine("java").createSession()) {
            session.setServer("127.0.0.1:" + sink.port());
            session.setHostname("client.example");
            // one pass of writeTo, the transfer itself: the prescan would be a second full pass
            session.setContentPrescan(false);
            Message m = session.addMessage();
            MimeMessageSource.applyEnvelope(m, mm);

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sending.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.start();
            long started = System.nanoTime();
            StartResult result;
            try {
                m.setMessageSource(source.call());
                result = session.start();
            } finally {
                sending.set(false);
                sampler.join(5000);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertTrue(result.connected(), result.toString());
            assertEquals(250, m.transferStatus().code(), m.toString());
            assertNull(sink.failure());
            assertEquals(1, sink.messages());
            // base64 makes 4 bytes of 3, plus a CRLF every 76: the whole attachment went out
            assertTrue(sink.dataBytes() > ATTACHMENT_BYTES * 4 / 3, "sent " + sink.dataBytes());
            return new Measurement(baseline, peak.get(), sink.dataBytes(), millis);
        }
    }

    private record Measurement(long baseline, long peak, long wireBytes, long millis) {
        long growth() {
            return peak - baseline;
        }
    }
}
