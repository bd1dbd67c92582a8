package org.esmtp4j.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's node name, libESMTP's default EHLO name ({@code uname()} nodename). Read once.
 */
public final class LocalHostname {

    private static volatile String cached;

    private LocalHostname() {
    }

    /** @return the node name, or {@code "localhost"} when none can be found or it is unusable */
    public static String get() {
        String name = cached;
        if (name == null) {
            name = find();
            cached = name;
        }
        return name;
    }

    private static String find() {
        String name = null;
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                name = Files.readString(proc, StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException | RuntimeException e) {
            name = null;
        }
        if (name == null || name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = null;
            }
        }
        if (name == null || name.isEmpty()) {
            return "localhost";
        }
        try {
            Validation.checkEhloName(name);
            return name;
        } catch (IllegalArgumentException e) {
            return "localhost";
        }
    }
}
