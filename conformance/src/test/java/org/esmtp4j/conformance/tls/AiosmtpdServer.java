package org.esmtp4j.conformance.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code python3-aiosmtpd} as a real submission server on 127.0.0.1: STARTTLS required,
 * AUTH PLAIN and LOGIN inside TLS only, MAIL refused before authentication. Runs
 * {@code aiosmtpd_server.py} from the test resources; every wait is bounded.
 */
final class AiosmtpdServer implements AutoCloseable {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;

    private AiosmtpdServer(Process process) throws IOException {
        this.process = process;
        Thread reader = new Thread(() -> readLines(process.getInputStream()), "aiosmtpd-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = nextLine("READY", READY_TIMEOUT);
        if (ready == null) {
            close();
            throw new IOException("aiosmtpd did not report READY within " + READY_TIMEOUT);
        }
        port = Integer.parseInt(ready.substring("READY ".length()).trim());
    }

    /**
     * Debian's interpreter: {@code python3-aiosmtpd} installs into {@code /usr/lib/python3}, which
     * another {@code python3} on the PATH (pyenv, a virtualenv) does not see.
     */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** @return null when aiosmtpd can be imported, else why not */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder(python(), "-c", "import aiosmtpd").redirectErrorStream(true).start();
            if (!p.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return python() + " -c 'import aiosmtpd' did not finish within " + PROBE_TIMEOUT;
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null
                    : "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd; .ci/run does): " + output;
        } catch (IOException e) {
            return "cannot run " + python() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts the server with this certificate chain and key, accepting one user and password. */
    static AiosmtpdServer start(Path chainPem, Path keyPem, String user, String password, Path workDir) throws IOException {
        Path script = workDir.resolve("aiosmtpd_server.py");
        try (InputStream in = AiosmtpdServer.class.getResourceAsStream("aiosmtpd_server.py")) {
            if (in == null) {
                throw new IOException("aiosmtpd_server.py is missing from the test resources");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(List.of(python(), script.toString(), chainPem.toString(), keyPem.toString(), user, password))
                .redirectError(workDir.resolve("aiosmtpd.log").toFile())
                .start();
        return new AiosmtpdServer(p);
    }

    int port() {
        return port;
    }

    /** @return the next line starting with {@code prefix}, or null when none came within {@code timeout} */
    String nextLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                String line = lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void readLines(InputStream out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Closes the server's standard input, which ends it; kills it if it does not end in time. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
