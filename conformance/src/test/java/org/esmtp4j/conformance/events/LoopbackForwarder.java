package org.esmtp4j.conformance.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Listens on 127.0.0.1 and ::1 at one port and forwards every accepted connection to a target
 * (a {@link org.esmtp4j.conformance.server.ScriptedSmtpServer}), so that a host name resolving to
 * both loopback addresses reaches one scripted server, whose n-th script then plays for the
 * client's n-th connection whichever address it tried first.
 */
final class LoopbackForwarder implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 20;

    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final SocketAddress target;

    private LoopbackForwarder(SocketAddress target) {
        this.target = target;
    }

    /**
     * Binds both loopback addresses at a common ephemeral port and starts forwarding to
     * {@code target}.
     *
     * @throws IOException when no common free port was found
     */
    static LoopbackForwarder start(SocketAddress target) throws IOException {
        LoopbackForwarder f = new LoopbackForwarder(target);
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            ServerSocket v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            ServerSocket v6 = new ServerSocket();
            try {
                v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.getLocalPort()), 50);
            } catch (IOException taken) {
                v4.close();
                v6.close();
                continue;
            }
            f.listeners.add(v4);
            f.listeners.add(v6);
            f.listeners.forEach(l -> daemon("forward-accept", () -> f.acceptLoop(l)));
            return f;
        }
        throw new IOException("no port free on both 127.0.0.1 and ::1 after " + BIND_ATTEMPTS + " attempts");
    }

    /** The common port. */
    int port() {
        return listeners.get(0).getLocalPort();
    }

    private void acceptLoop(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 2000);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                daemon("forward-up", () -> pump(client, server));
                daemon("forward-down", () -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other is closed below
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        listeners.forEach(LoopbackForwarder::closeQuietly);
        synchronized (sockets) {
            sockets.forEach(LoopbackForwarder::closeQuietly);
        }
    }
}
