package org.esmtp4j.conformance.realserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} (Debian package {@code postfix}) on 127.0.0.1, a real SMTP server
 * that accepts everything, or fails chosen commands when given fault flags. Only this program is
 * run, never the Postfix mail system. It appends every transaction it receives to a dump file
 * ({@code -D}); every wait is bounded.
 */
final class SmtpSink implements AutoCloseable {

    /** Where Debian's postfix installs it. */
    static final Path PROGRAM = Path.of("/usr/sbin/smtp-sink");

    private static final int READY_ATTEMPTS = 100;
    private static final Duration READY_PAUSE = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path dump;
    private final Path log;

    private SmtpSink(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.dump = workDir.resolve("dump");
        this.log = workDir.resolve("smtp-sink.log");
    }

    /** @return null when smtp-sink can be run, else why not */
    static String unavailableReason() {
        return Files.isExecutable(PROGRAM) ? null
                : PROGRAM + " is missing: install Debian's postfix package (only its smtp-sink is used; .ci/run and bin/test as root install it)";
    }

    /**
     * Starts smtp-sink on a free loopback port and waits until it accepts connections.
     *
     * @param flags fault and behaviour flags such as {@code "-r", "rcpt"}
     * @return the running server
     * @throws IOException when it cannot be started or never accepts a connection
     */
    static SmtpSink start(String... flags) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        // smtp-sink writes the dump after dropping privileges to nobody: the directory must be
        // reachable and writable for nobody, which a JUnit @TempDir (mode 700) is not. If the dump
        // cannot be opened smtp-sink exits mid-session, and with pipelined replies outstanding
        // that drop crashes libESMTP 1.1.0 (COMPATIBILITY.md L6).
        Path workDir = Files.createTempDirectory("esmtp4j-smtp-sink");
        if (root) {
            Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Path dump = workDir.resolve("dump");
        Path log = workDir.resolve("smtp-sink.log");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
        if (root) {
            // smtp-sink refuses to run as root without a user to switch to after binding.
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("-D", dump.toString()));
        command.addAll(List.of(flags));
        command.addAll(List.of("127.0.0.1:" + port, "256"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SmtpSink sink = new SmtpSink(p, port, workDir);
        try {
            sink.awaitReady();
        } catch (IOException e) {
            sink.close();
            throw e;
        }
        return sink;
    }

    /** A port that was free a moment ago: bind to port 0, note the port, close. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Connects until smtp-sink accepts (each probe is a session it sees as a client that left). */
    private void awaitReady() throws IOException {
        for (int i = 0; i < READY_ATTEMPTS; i++) {
            if (!process.isAlive()) {
                throw new IOException("smtp-sink exited with " + process.exitValue() + ": " + logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), (int) READY_PAUSE.toMillis());
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IOException("smtp-sink did not accept a connection on 127.0.0.1:" + port + " within "
                + READY_PAUSE.multipliedBy(READY_ATTEMPTS) + ": " + logText());
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(READY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for smtp-sink", e);
        }
    }

    /** @return the {@code host:port} to give {@code Session.setServer} */
    String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * The dump once it holds {@code transactions} transactions: smtp-sink writes a transaction
     * when its session ends, which may be just after the client read the reply to QUIT.
     *
     * @param transactions how many transactions to wait for
     * @return the parsed transactions (possibly fewer, after a bounded wait)
     * @throws IOException when the dump cannot be read
     */
    List<SinkTransaction> awaitTransactions(int transactions) throws IOException {
        List<SinkTransaction> found = List.of();
        for (int i = 0; i < READY_ATTEMPTS; i++) {
            found = Files.exists(dump) ? SinkTransaction.parse(Files.readString(dump, StandardCharsets.ISO_8859_1)) : List.of();
            if (found.size() >= transactions) {
                return found;
            }
            pause();
        }
        return found;
    }

    /** @return what smtp-sink printed, for failure messages */
    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1).strip() : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops smtp-sink (SIGTERM), kills it if it has not ended in time, and removes its files. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.list(workDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            // a temporary directory left behind; nothing to fail the test for
        }
    }
}
