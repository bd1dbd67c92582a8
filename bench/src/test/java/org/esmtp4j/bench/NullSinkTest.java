package org.esmtp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NullSinkTest {

    @Test
    void answersAPipelinedTransactionAndCountsTheMessage() throws Exception {
        try (NullSink sink = NullSink.start(false)) {
            String[] hostPort = sink.hostPort().split(":");
            try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                assertEquals("220 nullsink ESMTP", in.readLine());
                out.write("EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()).startsWith("250-")) {
                    // capabilities
                }
                assertEquals("250 ENHANCEDSTATUSCODES", line);
                assertEquals("250 2.0.0 ok", in.readLine());
                assertEquals("250 2.0.0 ok", in.readLine());
                assertEquals("354 go", in.readLine());
                out.write("Subject: t\r\n\r\n..dot\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("250 2.0.0 ok", in.readLine());
                assertEquals("221 2.0.0 bye", in.readLine());
            }
            assertEquals(1, sink.messages());
            assertEquals("Subject: t\r\n\r\n..dot\r\n.\r\n".length(), sink.bytes());
        }
    }
}
