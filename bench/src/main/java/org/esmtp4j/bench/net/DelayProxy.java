package org.esmtp4j.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.esmtp4j.bench.QuickAck;

/**
 * A loopback TCP proxy that delays every chunk of data by a fixed time in each direction (a
 * simulated wide-area link), and counts round trips per connection: the number of times data
 * from the client arrives after data from the server. A client that pipelines several commands
 * in one write, or the next MAIL with the previous end of data, needs fewer of them per message.
 * Byte order within each direction is kept; the two directions are independent. {@link #main}
 * runs one as a process for {@code bin/bench}.
 */
public final class DelayProxy implements AutoCloseable {

    /**
     * What one proxied connection did, reported when both directions have ended.
     *
     * @param id the connection number, from 1
     * @param roundTrips client data arriving after server data
     * @param clientBytes bytes from the client
     * @param serverBytes bytes from the server
     */
    public record ConnectionReport(long id, long roundTrips, long clientBytes, long serverBytes) {
        @Override
        public String toString() {
            return "CONN " + id + " round_trips=" + roundTrips + " client_bytes=" + clientBytes
                    + " server_bytes=" + serverBytes;
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final Consumer<ConnectionReport> reports;
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;

    private DelayProxy(InetSocketAddress target, long delayNanos, Consumer<ConnectionReport> reports) throws IOException {
        this.target = target;
        this.delayNanos = delayNanos;
        this.reports = reports;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        Thread acceptor = new Thread(this::accept, "delayproxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param target where to forward (a loopback address)
     * @param delayMillis the delay added in each direction
     * @param reports receives each connection's report when it ends
     * @return the started proxy, listening on 127.0.0.1
     * @throws IOException if it cannot listen
     */
    public static DelayProxy start(InetSocketAddress target, long delayMillis, Consumer<ConnectionReport> reports)
            throws IOException {
        return new DelayProxy(target, delayMillis * 1_000_000L, reports);
    }

    /**
     * Runs a proxy until the process is killed: prints its port on the first line of standard
     * output, then one {@link ConnectionReport} line per finished connection. Arguments:
     * {@code HOST:PORT DELAY_MS}.
     *
     * @param args the target and the delay
     * @throws Exception if it cannot listen
     */
    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        InetSocketAddress target = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        DelayProxy proxy = start(target, Long.parseLong(args[1]), r -> {
            System.out.println(r);
            System.out.flush();
        });
        System.out.println(proxy.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** @return the port the proxy listens on */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                new Relay(connections.incrementAndGet(), client, server, delayNanos, reports).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delayproxy: " + e);
                }
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
