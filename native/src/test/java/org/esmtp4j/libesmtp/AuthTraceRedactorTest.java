package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Monitor;
import org.junit.jupiter.api.Test;

/** The monitor redaction of AUTH exchanges (hostile case D5), fed as libESMTP's monitor feeds it. */
class AuthTraceRedactorTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private final List<Monitor.Direction> calls = new ArrayList<>();
    private final AuthTraceRedactor redactor = new AuthTraceRedactor((buffer, offset, length, direction) -> {
        calls.add(direction);
        (direction == Monitor.Direction.READ ? read : written).write(buffer, offset, length);
    });

    private void write(String text) {
        redactor.trace(text.getBytes(StandardCharsets.ISO_8859_1), Monitor.Direction.WRITE);
    }

    private void read(String text) {
        redactor.trace(text.getBytes(StandardCharsets.ISO_8859_1), Monitor.Direction.READ);
    }

    private String written() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    private String read() {
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void plainInitialResponseIsReplaced() {
        write("EHLO client.example\r\n");
        read("250-test\r\n250 AUTH PLAIN\r\n");
        write("AUTH PLAIN AHVzZXIAc2VjcmV0\r\n");
        read("235 2.7.0 ok\r\n");
        write("MAIL FROM:<a@example.org>\r\n");
        assertEquals("EHLO client.example\r\nAUTH PLAIN <redacted>\r\nMAIL FROM:<a@example.org>\r\n", written());
        assertEquals("250-test\r\n250 AUTH PLAIN\r\n235 2.7.0 ok\r\n", read());
    }

    @Test
    void loginChallengesAndAnswersAreReplacedAcrossSplitReads() {
        write("AUTH LOGIN dXNlcg==\r\n");
        read("3");
        read("34 UGFzc3");
        read("dvcmQ6\r");
        read("\n");
        write("c2VjcmV0\r\n");
        read("235 ok\r\n");
        write("AUTH-LIKE text is not AUTH\r\n");
        assertEquals("AUTH LOGIN <redacted>\r\n<redacted>\r\nAUTH-LIKE text is not AUTH\r\n", written());
        assertEquals("334 <redacted>\r\n235 ok\r\n", read());
    }

    @Test
    void theCancelLineStaysVisibleAndAMultiLineFailureEndsTheExchange() {
        write("AUTH PLAIN\r\n");
        read("334 \r\n");
        write("*\r\n");
        read("501-5.7.0 cancelled\r\n501 5.7.0 really\r\n250 trailing\r\n");
        write("MAIL FROM:<>\r\n");
        assertEquals("AUTH PLAIN\r\n*\r\nMAIL FROM:<>\r\n", written());
        assertEquals("334 <redacted>\r\n501-5.7.0 cancelled\r\n501 5.7.0 really\r\n250 trailing\r\n", read());
    }

    @Test
    void anAuthLineSplitAcrossWritesIsStillRedacted() {
        write("AU");
        write("TH LOGIN dXNl");
        write("cg==\r\n");
        assertEquals("AUTH LOGIN <redacted>\r\n", written());
    }

    @Test
    void aNewConnectionEndsAnUnfinishedExchange() {
        write("AUTH LOGIN dXNlcg==\r\n");
        redactor.reset();
        read("220 next ESMTP\r\n");
        write("EHLO a\r\n");
        assertEquals("220 next ESMTP\r\n", read());
        assertEquals("AUTH LOGIN <redacted>\r\nEHLO a\r\n", written());
    }

    @Test
    void headersPassUntouched() {
        redactor.trace("AUTH: header\r\n".getBytes(StandardCharsets.ISO_8859_1), Monitor.Direction.HEADERS);
        assertEquals(List.of(Monitor.Direction.HEADERS), calls);
    }
}
