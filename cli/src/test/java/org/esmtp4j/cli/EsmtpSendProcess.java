package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs esmtp-send as a separate process, with the test JVM's java and class path, and collects
 * its exit status and output within a bounded time.
 */
final class EsmtpSendProcess {

    /** The longest one run may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * What one run produced.
     *
     * @param exitStatus the exit status
     * @param stdout standard output, decoded as UTF-8
     * @param stderr standard error, decoded as UTF-8
     */
    record Result(int exitStatus, String stdout, String stderr) {

        /** @return standard output parsed as one JSON object */
        Map<String, Object> json() {
            return MiniJson.object(MiniJson.parse(stdout));
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private EsmtpSendProcess() {
    }

    /**
     * @param workDir where to keep the output files
     * @param stdin bytes for standard input
     * @param args the command line
     * @return the result
     */
    static Result run(Path workDir, byte[] stdin, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EsmtpSend.class.getName());
        command.addAll(args);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the tool may exit without reading standard input
        }
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("esmtp-send did not finish within " + TIMEOUT + ": " + args + "\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@link #run(Path, byte[], List)} with empty standard input. */
    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, new byte[0], List.of(args));
    }
}
