package org.esmtp4j.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DelayProxyTest {

    private static final int DELAY_MS = 20;

    /** A server that greets with "G" and answers every byte it reads with "R". */
    private static Thread answerEveryRead(ServerSocket listener) {
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write('G');
                int c;
                while ((c = in.read()) >= 0) {
                    out.write(c == 'P' ? 'p' : 'R');
                }
            } catch (Exception e) {
                // the test fails on its own assertions
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void delaysEachWayAndCountsClientDataAfterServerDataAsOneRoundTrip() throws Exception {
        BlockingQueue<DelayProxy.ConnectionReport> reports = new ArrayBlockingQueue<>(1);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DelayProxy proxy = DelayProxy.start((InetSocketAddress) listener.getLocalSocketAddress(), DELAY_MS, reports::add)) {
            answerEveryRead(listener);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.setSoTimeout(10_000);
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                assertEquals('G', in.read());
                long t0 = System.nanoTime();
                for (int i = 0; i < 3; i++) { // three lock-step exchanges: three round trips
                    out.write('x');
                    assertEquals('R', in.read());
                }
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(elapsedMs >= 3 * 2 * DELAY_MS, "3 round trips of 2 x 20 ms took only " + elapsedMs + " ms");
                out.write("PP".getBytes(StandardCharsets.US_ASCII)); // two commands in one write: one round trip
                assertEquals('p', in.read());
                assertEquals('p', in.read());
            }
            DelayProxy.ConnectionReport report = reports.poll(10, TimeUnit.SECONDS);
            assertEquals(4, report.roundTrips());
            assertEquals(5, report.clientBytes());
            assertEquals(6, report.serverBytes());
        }
    }
}
