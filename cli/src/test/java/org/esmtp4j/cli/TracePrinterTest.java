package org.esmtp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.esmtp4j.Monitor.Direction;
import org.junit.jupiter.api.Test;

class TracePrinterTest {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final TracePrinter printer = new TracePrinter(new PrintStream(sink, true, StandardCharsets.UTF_8));

    private void trace(String text, Direction direction) {
        byte[] bytes = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        printer.trace(bytes, 2, bytes.length - 2, direction);
    }

    private List<String> lines() {
        return sink.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void eachLineGetsItsDirectionPrefixWithoutTheCrlf() {
        trace("220 mx.example ESMTP\r\n", Direction.READ);
        trace("EHLO client.example\r\n", Direction.WRITE);
        trace("250-mx.example\r\n250 PIPELINING\r\n", Direction.READ);
        trace("Subject: hello\r\n", Direction.HEADERS);
        assertEquals(List.of("S: 220 mx.example ESMTP", "C: EHLO client.example", "S: 250-mx.example",
                "S: 250 PIPELINING", "H: Subject: hello"), lines());
    }

    @Test
    void aLineSplitAcrossReadsIsPrintedOnceWhole() {
        trace("250-mx.exa", Direction.READ);
        trace("MAIL FROM:<a@example.org>\r\n", Direction.WRITE);
        trace("mple\r\n250 OK\r\n", Direction.READ);
        assertEquals(List.of("C: MAIL FROM:<a@example.org>", "S: 250-mx.example", "S: 250 OK"), lines());
    }

    @Test
    void aFoldedHeaderPrintsEachOfItsLinesAndEachHeaderCallStandsAlone() {
        trace("Content-Type: text/plain;\r\n charset=utf-8\r\n", Direction.HEADERS);
        trace("X-No-Crlf: 1", Direction.HEADERS);
        trace("X-Next: 2", Direction.HEADERS);
        assertEquals(List.of("H: Content-Type: text/plain;", "H:  charset=utf-8", "H: X-No-Crlf: 1", "H: X-Next: 2"),
                lines());
    }

    @Test
    void controlCharactersFromTheServerAreEscaped() {
        trace("250 \u001b[2Jgotcha\rX\r\n", Direction.READ);
        assertEquals(List.of("S: 250 \\x1b[2Jgotcha\\x0dX"), lines());
    }

    @Test
    void flushPrintsWhatAClosedConnectionLeftUnfinished() {
        trace("421 going awa", Direction.READ);
        assertEquals(List.of(), lines());
        printer.flush();
        assertEquals(List.of("S: 421 going awa"), lines());
    }
}
