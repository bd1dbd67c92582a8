package org.esmtp4j.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.esmtp4j.bench.QuickAck;

/**
 * One proxied connection of a {@link DelayProxy}: per direction a reader that stamps each chunk
 * with its due time and a writer that sends it then, and the round-trip count.
 */
final class Relay {

    /** The data of one read and when to pass it on; null data is the end of the direction. */
    private record Chunk(long due, byte[] data) {
    }

    private final long id;
    private final Socket client;
    private final Socket server;
    private final long delayNanos;
    private final Consumer<DelayProxy.ConnectionReport> reports;
    private final CountDownLatch directionsLeft = new CountDownLatch(2);

    /** Guarded by this: the direction of the last data seen, and the counters. */
    private boolean lastFromServer;
    private long roundTrips;
    private long clientBytes;
    private long serverBytes;

    Relay(long id, Socket client, Socket server, long delayNanos, Consumer<DelayProxy.ConnectionReport> reports)
            throws IOException {
        this.id = id;
        this.client = client;
        this.server = server;
        this.delayNanos = delayNanos;
        this.reports = reports;
        for (Socket s : new Socket[] {client, server}) {
            s.setTcpNoDelay(true);
            QuickAck.arm(s);
        }
    }

    void start() {
        direction(client, server, false);
        direction(server, client, true);
        Thread closer = new Thread(this::finish, "delayproxy-close-" + id);
        closer.setDaemon(true);
        closer.start();
    }

    private void direction(Socket from, Socket to, boolean fromServer) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        String name = "delayproxy-" + id + (fromServer ? "-s2c" : "-c2s");
        Thread reader = new Thread(() -> read(from, queue, fromServer), name + "-read");
        Thread writer = new Thread(() -> write(queue, to), name + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void read(Socket from, BlockingQueue<Chunk> queue, boolean fromServer) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                QuickAck.arm(from);
                saw(fromServer, n);
                queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
            }
        } catch (IOException e) {
            // reset or closed: the direction ends
        }
        queue.add(new Chunk(System.nanoTime() + delayNanos, null));
    }

    private synchronized void saw(boolean fromServer, int bytes) {
        if (fromServer) {
            serverBytes += bytes;
        } else {
            clientBytes += bytes;
            if (lastFromServer) {
                roundTrips++;
            }
        }
        lastFromServer = fromServer;
    }

    private void write(BlockingQueue<Chunk> queue, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = queue.take();
                long wait;
                while ((wait = c.due() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (c.data() == null) {
                    to.shutdownOutput();
                    return;
                }
                out.write(c.data());
            }
        } catch (IOException e) {
            closeQuietly(); // the peer is gone: end both directions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            directionsLeft.countDown();
        }
    }

    private void finish() {
        try {
            directionsLeft.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
        DelayProxy.ConnectionReport report;
        synchronized (this) {
            report = new DelayProxy.ConnectionReport(id, roundTrips, clientBytes, serverBytes);
        }
        reports.accept(report);
    }

    private void closeQuietly() {
        for (Socket s : new Socket[] {client, server}) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
