package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libesmtp engine loads libesmtp.so.6 1.1.0 here, and a JVM told to load a library that does
 * not exist reports why and falls back to the java engine.
 */
class NativeLoaderTest {

    private static final long CHILD_TIMEOUT_SECONDS = 60;
    private static final String MISSING_LIBRARY = "libesmtp-does-not-exist.so.6";

    @TempDir
    Path temp;

    @Test
    void inThisJvmTheEngineIsAvailableWithVersion110() {
        assertEquals(NativeLoader.DEFAULT_LIBRARY, NativeLoader.libraryName(), "no override is set in the test JVM");
        assertTrue(Smtp.isAvailable(LibesmtpEngineProvider.NAME), Smtp.unavailableReason(LibesmtpEngineProvider.NAME));
        assertEquals("", Smtp.unavailableReason(LibesmtpEngineProvider.NAME));
        assertEquals("1.1.0", Smtp.engine(LibesmtpEngineProvider.NAME).version());
        assertEquals("1.1.0", NativeLoader.version(), "smtp_version(buf, 64, Ver_VERSION)");
    }

    @Test
    void aMissingLibraryMakesTheEngineUnavailableAndTheChoiceFallsBackToJava() throws Exception {
        Map<String, String> seen = runProbe(MISSING_LIBRARY);

        assertEquals("false", seen.get("available"));
        String reason = seen.get("reason");
        assertTrue(reason.startsWith(MISSING_LIBRARY + " (named by -D" + NativeLoader.LIBRARY_PROPERTY + ") not found"),
                "the reason names the missing library and where the name came from: " + reason);
        assertTrue(reason.endsWith("cannot open shared object file: No such file or directory"),
                "the reason carries the dynamic linker's explanation: " + reason);
        assertEquals("", seen.get("version"));
        assertEquals("java", seen.get("choice"));
        assertTrue(seen.get("choiceReason").startsWith("libesmtp unavailable: " + reason),
                "the choice says libesmtp is unavailable and why: " + seen.get("choiceReason"));
        assertTrue(seen.get("choiceReason").endsWith("; using java"), seen.get("choiceReason"));
    }

    @Test
    void anAbsolutePathToTheLibraryIsAccepted() throws Exception {
        Path loaded = loadedLibesmtpPath();

        Map<String, String> seen = runProbe(loaded.toString());

        assertEquals("true", seen.get("available"), seen.get("reason"));
        assertEquals("1.1.0", seen.get("version"));
        assertEquals(LibesmtpEngineProvider.NAME, seen.get("choice"));
    }

    /**
     * The file this JVM's dynamic linker mapped for libesmtp.so.6, from /proc/self/maps: the
     * real file behind the soname link, for example {@code libesmtp.so.6.2.0}.
     */
    private static Path loadedLibesmtpPath() throws IOException {
        assertTrue(NativeLoader.availability().available(), NativeLoader.availability().reason());
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8)) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                Path file = Path.of(line.substring(slash));
                if (file.getFileName().toString().startsWith(NativeLoader.DEFAULT_LIBRARY)) {
                    return file;
                }
            }
        }
        return fail("libesmtp.so.6 is not mapped into this JVM although the engine is available");
    }

    /**
     * Runs {@link EngineProbeMain} in a fresh JVM with {@code -Desmtp4j.libesmtp.library=library}
     * and returns its {@code key=value} lines.
     */
    private Map<String, String> runProbe(String library) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-D" + NativeLoader.LIBRARY_PROPERTY + "=" + library);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EngineProbeMain.class.getName());
        Path output = temp.resolve("probe-output.txt");
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("the probe JVM did not finish within " + CHILD_TIMEOUT_SECONDS + " s");
            }
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), "probe JVM failed:\n" + text);
        Map<String, String> seen = new HashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String key : List.of("available", "reason", "version", "choice", "choiceReason")) {
            assertTrue(seen.containsKey(key), "probe output lacks " + key + ":\n" + text);
        }
        return seen;
    }
}
