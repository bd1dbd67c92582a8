package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** esmtp-send, run as a process: help, version, and command lines refused with exit status 2. */
class EsmtpSendUsageTest {

    @TempDir
    Path dir;

    private Path messageFile;

    @BeforeEach
    void writeMessage() throws Exception {
        messageFile = Files.writeString(dir.resolve("msg.eml"), "Subject: x\r\n\r\nHello.\r\n");
    }

    @Test
    void versionNamesTheToolTheFacadeAndEveryEngine() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--version");
        assertEquals(0, r.exitStatus(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.get(0).matches("esmtp-send \\d+\\.\\d+\\.\\d+.*"), lines.get(0));
        assertTrue(lines.contains("esmtp4j facade " + Smtp.VERSION), r.stdout());
        for (String engine : Smtp.engineNames()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("engine " + engine + " ")), r.stdout());
        }
        assertTrue(lines.contains("engine java " + Smtp.engine("java").version()), r.stdout());
    }

    @Test
    void helpListsTheOptionsAndExitsZero() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--help");
        assertEquals(0, r.exitStatus(), r.toString());
        assertTrue(r.stdout().startsWith("Usage: esmtp-send [OPTIONS] FILE MAILBOX..."), r.stdout());
        for (OptionSpec spec : SendOptionsParser.OPTIONS) {
            assertTrue(r.stdout().contains("--" + spec.longName()), spec.longName());
        }
    }

    @Test
    void anUnknownOptionExitsTwoAndPointsToTheHelp() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--bogus", messageFile.toString(), "b@example.org");
        assertEquals(2, r.exitStatus(), r.toString());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("unknown option --bogus"), r.stderr());
        assertTrue(r.stderr().contains("--help"), r.stderr());
    }

    @Test
    void aRefusedCommandLineStillPrintsOneJsonObjectWithJson() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--bogus", "--json", messageFile.toString(), "b@x");
        assertEquals(2, r.exitStatus(), r.toString());
        Map<String, Object> json = r.json();
        assertEquals(List.of("engine", "engineVersion", "started", "error", "events", "messages"),
                List.copyOf(json.keySet()));
        assertNull(json.get("engine"));
        assertEquals(false, json.get("started"));
        assertEquals(Map.of("code", 7L, "name", "INVAL", "text", "unknown option --bogus"),
                MiniJson.object(json.get("error")));
        assertEquals(List.of(), json.get("messages"));
    }

    @Test
    void tlsOptionsThatCannotWorkExitTwoBeforeConnecting() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--insecure", "-h", "127.0.0.1:1", messageFile.toString(),
                "b@example.org");
        assertEquals(2, r.exitStatus(), r.toString());
        assertTrue(r.stderr().contains("--insecure needs TLS: add -t, -T or --smtps"), r.stderr());
    }

    @Test
    void anUnreadablePasswordFileExitsTwoBeforeConnecting() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "java", "-h", "127.0.0.1:1", "-u", "alice",
                "--password-file", dir.resolve("no-such-file").toString(), "--json", messageFile.toString(), "b@example.org");
        assertEquals(2, r.exitStatus(), r.toString());
        assertTrue(((String) MiniJson.object(r.json().get("error")).get("text")).startsWith("--password-file: cannot read "),
                r.toString());
        assertEquals(false, r.json().get("started"));
    }

    @Test
    void anUnknownEngineExitsTwo() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "sendmail", messageFile.toString(), "b@x");
        assertEquals(2, r.exitStatus(), r.toString());
        assertTrue(r.stderr().contains("unknown engine \"sendmail\""), r.stderr());
    }

    @Test
    void aMissingMessageFileExitsTwo() throws Exception {
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "java", "-h", "127.0.0.1:1",
                dir.resolve("absent.eml").toString(), "b@example.org");
        assertEquals(2, r.exitStatus(), r.toString());
        assertTrue(r.stderr().contains("does not exist"), r.stderr());
    }

    @Test
    void anIpv6LiteralIsRefusedOnTheLibesmtpEngine() throws Exception {
        assumeTrue(Smtp.isAvailable("libesmtp"), "the libesmtp engine is not available here");
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "libesmtp", "-h", "[::1]:2525", "--json",
                messageFile.toString(), "b@example.org");
        assertEquals(2, r.exitStatus(), r.toString());
        Map<String, Object> json = r.json();
        assertEquals("libesmtp", json.get("engine"));
        assertEquals("INVAL", MiniJson.object(json.get("error")).get("name"));
        assertTrue(r.stderr().contains("IPv6"), r.stderr());
    }

    @Test
    void anIpv6LiteralIsAcceptedByTheJavaEngine() throws Exception {
        // Nothing listens on port 1 of ::1: the literal parses, the connection fails (exit 3, not 2).
        EsmtpSendProcess.Result r = EsmtpSendProcess.run(dir, "--engine", "java", "-h", "[::1]:1",
                messageFile.toString(), "b@example.org");
        assertEquals(3, r.exitStatus(), r.toString());
    }
}
