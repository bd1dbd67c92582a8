package org.esmtp4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.esmtp4j.Smtp;

/** The versions {@code --version} and {@code --verbose} print. */
final class VersionInfo {

    private VersionInfo() {
    }

    /** @return esmtp-send's own version, the Maven project version it was built as */
    static String tool() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return the lines of {@code --version}: the tool, the facade, every engine found */
    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("esmtp-send " + tool());
        lines.add("esmtp4j facade " + Smtp.VERSION);
        for (String name : Smtp.engineNames()) {
            lines.add(Smtp.isAvailable(name)
                    ? "engine " + name + " " + Smtp.engine(name).version()
                    : "engine " + name + " unavailable: " + Smtp.unavailableReason(name));
        }
        lines.add("Java " + Runtime.version());
        return lines;
    }
}
