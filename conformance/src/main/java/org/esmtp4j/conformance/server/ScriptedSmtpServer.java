package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback SMTP server that plays scripts, for transcript tests of SMTP clients.
 *
 * <p>The n-th accepted connection runs the n-th {@link Script}; connections beyond the scripts
 * are closed at once and counted. Every connection records a {@link Transcript} of the exact
 * bytes exchanged. Each read waits at most the read timeout (10 s unless
 * {@linkplain Options#readTimeout configured}), so a script never hangs a test.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script)) {
 *     runClientAgainst(server.hostPort());
 *     Transcript transcript = server.awaitTranscript(Duration.ofSeconds(5));
 *     transcript.assertScriptCompleted();
 *     transcript.assertClientSent("EHLO client.example\r\n...");
 * }
 * }</pre>
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ScriptedSmtpServer.class.getName());
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final long CLOSE_JOIN_MILLIS = 2000;

    private final ServerSocket listener;
    private final String host;
    private final List<Script> scripts;
    private final Duration readTimeout;
    private final List<CompletableFuture<Transcript>> finishedTranscripts = new ArrayList<>();
    private final List<TranscriptRecorder> recorders = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger extraConnections = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private ScriptedSmtpServer(ServerSocket listener, String host, List<Script> scripts, Duration readTimeout) {
        this.listener = listener;
        this.host = host;
        this.scripts = scripts;
        this.readTimeout = readTimeout;
        for (int i = 0; i < scripts.size(); i++) {
            finishedTranscripts.add(new CompletableFuture<>());
        }
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server on 127.0.0.1 and an ephemeral port with the default options; the n-th
     * connection runs the n-th script.
     *
     * @param perConnection the scripts, one per accepted connection in accept order
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ScriptedSmtpServer start(Script... perConnection) {
        return options().start(perConnection);
    }

    /**
     * Options for a server other than the default.
     *
     * @return default options, to be changed and then started
     */
    public static Options options() {
        return new Options();
    }

    /**
     * The bound port.
     *
     * @return the bound port
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * The bound loopback address, 127.0.0.1 or ::1.
     *
     * @return the bound loopback address, 127.0.0.1 or ::1
     */
    public InetAddress address() {
        return listener.getInetAddress();
    }

    /**
     * {@code "127.0.0.1:port"}, or {@code "[::1]:port"} for IPv6, the form SMTP clients take.
     *
     * @return the address and port as SMTP clients take them
     */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
    }

    /**
     * The bound address and port.
     *
     * @return the bound address and port
     */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address(), port());
    }

    /**
     * The transcript of the first connection, once its script has finished; see
     * {@link #awaitTranscript(int, Duration)}.
     *
     * @param timeout the longest time to wait
     * @return the transcript of the first connection
     */
    public Transcript awaitTranscript(Duration timeout) {
        return awaitTranscript(0, timeout);
    }

    /**
     * Waits until connection {@code index} has finished its script (completed, failed, or ended
     * the connection) and returns its transcript. It does not check the script's success; use
     * {@link Transcript#assertScriptCompleted()} for that.
     *
     * @param index the connection number, 0 for the first, in accept order
     * @param timeout the longest time to wait
     * @return the transcript of connection {@code index}
     * @throws AssertionError if the connection was not made, or its script is still running,
     *                        when the timeout expires
     */
    public Transcript awaitTranscript(int index, Duration timeout) {
        Objects.checkIndex(index, scripts.size());
        try {
            return finishedTranscripts.get(index).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(stillRunning(index, timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for connection " + index, e);
        } catch (ExecutionException e) {
            throw new AssertionError("connection " + index + " failed inside the server", e.getCause());
        }
    }

    /**
     * {@link #awaitTranscript(int, Duration)} for every script, within one overall timeout.
     *
     * @param timeout the longest time to wait
     * @return the transcripts, one per script in accept order
     */
    public List<Transcript> awaitTranscripts(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Transcript> all = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            all.add(awaitTranscript(i, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
        return all;
    }

    /**
     * Snapshots of every connection accepted so far, finished or not, in accept order.
     *
     * @return snapshots of every connection accepted so far, finished or not, in accept order
     */
    public List<Transcript> transcripts() {
        List<TranscriptRecorder> current;
        synchronized (recorders) {
            current = new ArrayList<>(recorders);
        }
        List<Transcript> all = new ArrayList<>();
        for (TranscriptRecorder recorder : current) {
            all.add(recorder.snapshot());
        }
        return all;
    }

    /**
     * Number of connections accepted beyond the scripts (closed immediately).
     *
     * @return number of connections accepted beyond the scripts (closed immediately)
     */
    public int extraConnections() {
        return extraConnections.get();
    }

    /**
     * Asserts that every script ran to its end as written, and that no extra connection was
     * made; waits up to the read timeout plus one second for scripts still running.
     */
    public void assertScriptsCompleted() {
        assertScriptsCompleted(readTimeout.plusSeconds(1));
    }

    /**
     * Asserts that every script ran to its end as written, and that no extra connection was
     * made, waiting up to {@code timeout} for scripts still running.
     *
     * @param timeout the longest time to wait
     * @throws AssertionError listing every problem with expected and received bytes
     */
    public void assertScriptsCompleted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            try {
                awaitTranscript(i, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).assertScriptCompleted();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        if (extraConnections() > 0) {
            problems.add(extraConnections() + " connection(s) beyond the " + scripts.size() + " script(s)");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n\n", problems));
        }
    }

    /**
     * Stops accepting, closes every connection (scripts still running record
     * {@link ScriptFailure.Kind#SERVER_STOPPED}) and waits a bounded time for their threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener", e);
        }
        List<Thread> toJoin;
        synchronized (recorders) {
            connections.forEach(Connection::stop);
            toJoin = new ArrayList<>(threads);
        }
        toJoin.add(acceptor);
        toJoin.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_JOIN_MILLIS);
        for (Thread thread : toJoin) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "thread {0} did not stop within {1} ms", thread.getName(),
                        CLOSE_JOIN_MILLIS);
            }
        }
    }

    private void acceptLoop() {
        int accepted = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed; no further connections", e);
                }
                return;
            }
            int index = accepted++;
            if (index >= scripts.size()) {
                extraConnections.incrementAndGet();
                closeQuietly(socket);
                continue;
            }
            serve(index, socket);
        }
    }

    private void serve(int index, Socket socket) {
        try {
            // Separate writes must leave as separate segments for split and drip replies.
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "TCP_NODELAY", e);
        }
        TranscriptRecorder recorder = new TranscriptRecorder(index, scripts.get(index));
        Connection connection = new Connection(socket, scripts.get(index), readTimeout, recorder);
        Thread thread = new Thread(() -> {
            try {
                connection.run();
            } finally {
                finishedTranscripts.get(index).complete(recorder.snapshot());
            }
        }, "scripted-smtp-" + port() + "-connection-" + index);
        thread.setDaemon(true);
        synchronized (recorders) {
            recorders.add(recorder);
            connections.add(connection);
            threads.add(thread);
            if (closed) {
                connection.stop();
            }
        }
        thread.start();
    }

    private String stillRunning(int index, Duration timeout) {
        TranscriptRecorder recorder;
        synchronized (recorders) {
            recorder = index < recorders.size() ? recorders.get(index) : null;
        }
        if (recorder == null) {
            return "connection " + index + " was not made within " + timeout + " (server " + hostPort() + ")";
        }
        return "connection " + index + ": script still running after " + timeout + ", at "
                + recorder.currentStepDescription() + "\n" + recorder.snapshot().dialogue();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a socket", e);
        }
    }

    /** Options for {@link ScriptedSmtpServer}; {@link #start(Script...)} creates the server. */
    public static final class Options {

        private boolean ipv6;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int receiveBufferSize;

        private Options() {
        }

        /**
         * Binds ::1 instead of 127.0.0.1.
         *
         * @return these options
         */
        public Options ipv6Loopback() {
            this.ipv6 = true;
            return this;
        }

        /**
         * The longest any single read waits for the client (default 10 s).
         *
         * @param timeout the longest time a single read waits
         * @return these options
         */
        public Options readTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("read timeout must be positive: " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /**
         * SO_RCVBUF for accepted sockets, to make a server that stops reading fill the client's
         * send window quickly (catalogue A8). The kernel may round the value.
         *
         * @param bytes the requested receive buffer size in bytes
         * @return these options
         */
        public Options receiveBufferSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("buffer size must be positive: " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /**
         * Binds the loopback address on an ephemeral port and starts accepting.
         *
         * @param perConnection the scripts, one per accepted connection in accept order
         * @return the running server
         * @throws UncheckedIOException if the port cannot be bound
         */
        public ScriptedSmtpServer start(Script... perConnection) {
            List<Script> scripts = List.of(perConnection);
            if (scripts.isEmpty()) {
                throw new IllegalArgumentException("give at least one script");
            }
            String host = ipv6 ? "::1" : "127.0.0.1";
            try {
                ServerSocket listener = new ServerSocket();
                try {
                    if (receiveBufferSize > 0) {
                        // Set before bind so the window scale is negotiated for the small buffer.
                        listener.setReceiveBufferSize(receiveBufferSize);
                    }
                    listener.bind(new InetSocketAddress(
                            InetAddress.getByName(host), 0), 50);
                } catch (IOException | RuntimeException e) {
                    listener.close();
                    throw e;
                }
                return new ScriptedSmtpServer(listener, host, scripts, readTimeout);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a loopback port", e);
            }
        }
    }
}
