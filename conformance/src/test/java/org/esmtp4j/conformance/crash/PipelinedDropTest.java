package org.esmtp4j.conformance.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.esmtp4j.Smtp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * COMPATIBILITY.md L6: libESMTP 1.1.0 crashes (a call through a NULL response handler,
 * {@code protocol_states[-1]}) when the server drops the connection while three or more pipelined
 * replies are outstanding: after the first failed read it switches to the QUIT state, reads EOF
 * again, sets the state to -1, and its poll loop then dispatches that state for the next pending
 * reply. Nothing in libESMTP's API can prevent it, so the libesmtp engine cannot shield the JVM:
 * each engine runs in a child JVM here, the java engine reports the recipients transient and the
 * libesmtp engine's JVM dies with SIGSEGV in libesmtp.so.6.
 */
class PipelinedDropTest {

    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @ParameterizedTest(name = "server {0}s the connection")
    @ValueSource(strings = {"close", "reset"})
    void theJavaEngineReportsTheRecipientsTransient(String fault) throws Exception {
        Child c = run("java", fault);
        assertEquals(0, c.exit(), c.output());
        assertTrue(c.output().contains("result true DROPPED_CONNECTION"), c.output());
        for (String r : List.of("a", "b", "c")) {
            assertTrue(c.output().contains("outcome " + r + "@example.org TRANSIENT"), c.output());
        }
    }

    @ParameterizedTest(name = "server {0}s the connection")
    @ValueSource(strings = {"close", "reset"})
    void libesmtpCrashesTheProcess(String fault) throws Exception {
        assumeTrue(Smtp.isAvailable("libesmtp"), "the libesmtp engine is not available here");
        Child c = run("libesmtp", fault);
        assertNotEquals(0, c.exit(), "libESMTP 1.1.0 no longer crashes here: update COMPATIBILITY.md L6\n" + c.output());
        assertTrue(c.output().contains("SIGSEGV") && c.output().contains("libesmtp.so.6"), c.output());
    }

    private record Child(int exit, String output) {
    }

    private static Child run(String engine, String fault) throws IOException, InterruptedException {
        Path out = Files.createTempFile("esmtp4j-child", ".txt");
        Path errorFile = Files.createTempFile("esmtp4j-hs_err", ".log");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + errorFile,
                    "-cp", System.getProperty("java.class.path"), PipelinedDropChild.class.getName(), engine, fault)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the child JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
            }
            return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(errorFile);
        }
    }
}
