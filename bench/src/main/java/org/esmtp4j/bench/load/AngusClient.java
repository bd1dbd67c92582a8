package org.esmtp4j.bench.load;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;

/**
 * Benchmark client for Angus Mail 2.0.5 (the Jakarta Mail implementation): one connected
 * {@link Transport}, reused for every message, as an application sending a batch would. The
 * {@link BenchContent} message is parsed once into a {@link MimeMessage} and sent N times; the envelope sender comes from its
 * From header.
 * Options: {@code --server HOST:PORT [--messages N] [--recipients R] [--size BYTES] [--warmup W]}. The time
 * covers connect, every {@code sendMessage} and close (QUIT). {@code --warmup W} (a diagnostic) first
 * runs W unmeasured sessions of the same shape, as {@link EngineClient} does.
 */
public final class AngusClient {

    private AngusClient() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the benchmark cannot run
     */
    public static void main(String[] args) throws Exception {
        ClientArgs a = new ClientArgs(args);
        String[] hostPort = a.text("server").split(":");
        int messages = (int) a.number("messages", 5000);
        int recipients = (int) a.number("recipients", 1);
        int size = (int) a.number("size", 2048);

        Properties props = new Properties();
        props.setProperty("mail.smtp.host", hostPort[0]);
        props.setProperty("mail.smtp.port", hostPort[1]);
        props.setProperty("mail.smtp.localhost", "bench.example");
        Session mail = Session.getInstance(props);
        MimeMessage message = new MimeMessage(mail, new ByteArrayInputStream(BenchContent.message(size)));
        Address[] to = new Address[recipients];
        for (int r = 0; r < recipients; r++) {
            to[r] = new InternetAddress("rcpt" + (r + 1) + "@bench.example");
        }

        for (int w = 0; w < a.number("warmup", 0); w++) {
            long w0 = System.nanoTime();
            send(mail, message, to, messages);
            System.err.printf("warm-up session %d: %.3f s%n", w + 1, (System.nanoTime() - w0) / 1e9);
        }

        HeapWatch heap = HeapWatch.start();
        double cpu0 = ProcessCpu.seconds();
        long t0 = System.nanoTime();
        int sent = send(mail, message, to, messages);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcessCpu.seconds() - cpu0;
        long growth = heap.growth();
        heap.close();
        new ResultLine().add("session_s", seconds).add("session_cpu_s", cpu).add("messages", messages).add("delivered", sent)
                .add("recipients_ok", (long) sent * recipients).add("content_bytes", (long) size * messages)
                .add("heap_growth_kib", growth / 1024).add("gcs", heap.collections()).print();
    }

    /** One session: connect, send the message {@code messages} times, close; returns how many went. */
    private static int send(Session mail, MimeMessage message, Address[] to, int messages) throws Exception {
        int sent = 0;
        try (Transport transport = mail.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < messages; i++) {
                transport.sendMessage(message, to);
                sent++;
            }
        }
        return sent;
    }
}
