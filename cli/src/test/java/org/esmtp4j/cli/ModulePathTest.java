package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.Test;

/**
 * The library modules work as JPMS modules: with esmtp4j-api, esmtp4j-java, esmtp4j-libesmtp
 * (where built) and JNA on the module path of a child JVM, the facade finds both engines as
 * services ({@code provides EngineProvider}) and each delivers a message (the libesmtp engine's JNA
 * callbacks need its package opened to com.sun.jna).
 */
class ModulePathTest {

    @Test
    void theEnginesAreServicesOfNamedModules() throws Exception {
        List<String> modulePath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).toString();
            if (name.matches(".*(java-api|java-impl|native)[/\\\\]target[/\\\\].*") || name.matches(".*esmtp4j-(api|java|libesmtp)[^/\\\\]*\\.jar")
                    || name.matches(".*jna-[0-9.]+\\.jar")) {
                modulePath.add(entry);
            }
        }
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        Path out = Files.createTempFile("esmtp4j-modules", ".txt");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--module-path", String.join(File.pathSeparator, modulePath), "--add-modules", "ALL-MODULE-PATH",
                    "-cp", testClasses, ModulePathProbe.class.getName(), "127.0.0.1:" + server.getSmtp().getPort())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the child JVM did not finish in 60 s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output + "\nmodule path: " + modulePath);
            assertTrue(output.contains("facade module org.esmtp4j"), output);
            assertTrue(output.contains("engine java outcome DELIVERED"), output);
            if (Smtp.isAvailable("libesmtp")) {
                assertTrue(output.contains("engine libesmtp outcome DELIVERED"), output);
            }
        } finally {
            server.stop();
            Files.deleteIfExists(out);
        }
    }
}
