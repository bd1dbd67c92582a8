package org.esmtp4j.conformance.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COMPATIBILITY.md L13: libESMTP 1.1.0 looks for {@code $CONFIG/private/<host>.pem} whenever it
 * creates an {@code SSL}, even with the application's own context, and a file there that group or
 * others may read aborts TLS (event 3106). The libesmtp engine cannot switch this off; the java
 * engine reads nothing but {@code TlsSettings}. The directory comes from the environment
 * ({@code XDG_CONFIG_DIR}, §6.3), so each run is a child JVM with its own environment.
 */
class ConfigDirClientCertificateTest {

    private static final long CHILD_TIMEOUT_SECONDS = 60;

    private Path config;

    @BeforeEach
    void configDirectory() throws IOException {
        config = Files.createTempDirectory("esmtp4j-xdg", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    @AfterEach
    void deleteConfigDirectory() throws IOException {
        try (Stream<Path> paths = Files.walk(config)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A host certificate file that others may read, for both names libESMTP may use for 127.0.0.1. */
    private void writeBadHostCertificates() throws IOException {
        Path privateDir = Files.createDirectories(config.resolve("libesmtp").resolve("private"));
        Files.setPosixFilePermissions(config.resolve("libesmtp"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(privateDir, PosixFilePermissions.fromString("rwx------"));
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            Path pem = privateDir.resolve(host + ".pem");
            Files.writeString(pem, "not used: the permissions are checked first\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void libesmtpAbortsTlsOverAHostCertificateFileOthersMayRead() throws Exception {
        assumeTrue(Smtp.isAvailable("libesmtp"), "the libesmtp engine is not available here");
        String clean = run("libesmtp");
        assertTrue(clean.contains("outcome DELIVERED"), "without the file the session delivers:\n" + clean);

        writeBadHostCertificates();
        String withFile = run("libesmtp");
        assertFalse(withFile.contains("outcome DELIVERED"), "libESMTP no longer reads $CONFIG/private/<host>.pem: "
                + "update COMPATIBILITY.md L13\n" + withFile);
        assertTrue(withFile.contains("mail sent false"), withFile);
    }

    @Test
    void theJavaEngineReadsNothingButTlsSettings() throws Exception {
        writeBadHostCertificates();
        String output = run("java");
        assertTrue(output.contains("result true NONE"), output);
        assertTrue(output.contains("outcome DELIVERED"), output);
    }

    private String run(String engine) throws IOException, InterruptedException {
        Path out = Files.createTempFile("esmtp4j-child", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ConfigDirChild.class.getName(), engine)
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("XDG_CONFIG_DIR", config.toString());
            Process p = builder.start();
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the child JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
