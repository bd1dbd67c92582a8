package org.esmtp4j.conformance.scenarios;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback listeners in front of the scripted server (which listens on 127.0.0.1 only) that
 * relay one client connection to it byte for byte: one whose accept queue is kept full for a
 * while, so that a client's connect hangs (compatibility P6, hostile A2), and one on a listener
 * the scenario opened itself, e.g. on ::1 (P7). Each waits at most 5 s for its client; every
 * thread is a daemon.
 */
final class LoopbackRelay {

    /** 127.0.0.1, where the scripted server listens and the scenarios point the client. */
    private static final InetAddress IPV4_LOOPBACK = ipv4Loopback();
    private static final int ACCEPT_TIMEOUT_MILLIS = 5000;
    private static final int MAX_FILLERS = 8;

    private LoopbackRelay() {
    }

    /**
     * Opens a 127.0.0.1 listener whose accept queue is filled at once; after {@code fullFor} it
     * drains the queue and relays the first connection that is not one of its own fillers to
     * 127.0.0.1:{@code targetPort}.
     *
     * @param targetPort the scripted server's port
     * @param fullFor how long the queue stays full
     * @return the listener's port
     */
    static int behindFullAcceptQueue(int targetPort, Duration fullFor) {
        ServerSocket listener = listen(1);
        List<Socket> fillers = new ArrayList<>();
        // Linux drops a SYN while the accept queue is full: connect until one times out.
        for (int i = 0; i < MAX_FILLERS; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(listener.getLocalSocketAddress(), 200);
                fillers.add(filler);
            } catch (IOException e) {
                closeQuietly(filler);
                break;
            }
        }
        daemon("relay-full-accept-queue", () -> {
            try {
                Thread.sleep(fullFor.toMillis());
                listener.setSoTimeout(ACCEPT_TIMEOUT_MILLIS);
                List<Integer> fillerPorts = fillers.stream().map(Socket::getLocalPort).toList();
                while (true) {
                    Socket accepted = listener.accept();
                    if (fillerPorts.contains(accepted.getPort())) {
                        closeQuietly(accepted);
                        continue;
                    }
                    relay(accepted, targetPort);
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // nobody came after the queue drained (the client gave up), or the scenario is over
            } finally {
                fillers.forEach(LoopbackRelay::closeQuietly);
                closeQuietly(listener);
            }
        });
        return listener.getLocalPort();
    }

    /**
     * Accepts one connection on {@code listener} and relays it to 127.0.0.1:{@code targetPort};
     * the listener is closed afterwards.
     *
     * @param listener a bound listener the caller hands over
     * @param targetPort the scripted server's port
     */
    static void firstConnection(ServerSocket listener, int targetPort) {
        daemon("relay-accept", () -> {
            try (listener) {
                listener.setSoTimeout(ACCEPT_TIMEOUT_MILLIS);
                relay(listener.accept(), targetPort);
            } catch (IOException e) {
                // no connection came (the client refused the address) or the scenario is over
            }
        });
    }

    private static ServerSocket listen(int backlog) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(IPV4_LOOPBACK, 0), backlog);
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies both ways; an end of input is passed on as a half-close; both sockets close when both ways are done. */
    private static void relay(Socket client, int targetPort) throws IOException {
        Socket server;
        try {
            server = new Socket(IPV4_LOOPBACK, targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            throw e;
        }
        AtomicInteger open = new AtomicInteger(2);
        Runnable done = () -> {
            if (open.decrementAndGet() == 0) {
                closeQuietly(client);
                closeQuietly(server);
            }
        };
        daemon("relay-up", () -> copy(client, server, done));
        daemon("relay-down", () -> copy(server, client, done));
    }

    private static void copy(Socket from, Socket to, Runnable done) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        } finally {
            done.run();
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing to do: the relay is over with it
        }
    }
}
