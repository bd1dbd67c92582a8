package org.esmtp4j.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The loopback limit for the streamed-message case: the fewest SMTP commands needed to deliver
 * one {@link GeneratedContent} message (EHLO, MAIL, RCPT and DATA pipelined in one write), then
 * the content copied to the socket in 64 KiB writes exactly as generated (it needs no
 * dot-stuffing and already ends in CRLF), the terminating dot and QUIT. No SMTP library, no
 * canonicalisation: what is left is the generator, the socket and the sink. Options:
 * {@code --server HOST:PORT [--size BYTES]}.
 */
public final class RawCopyClient {

    private static final int CHUNK = 64 * 1024;

    private RawCopyClient() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the copy fails
     */
    public static void main(String[] args) throws Exception {
        ClientArgs a = new ClientArgs(args);
        String[] hostPort = a.text("server").split(":");
        long size = a.number("size", 1L << 30);

        HeapWatch heap = HeapWatch.start();
        double cpu0 = ProcessCpu.seconds();
        long t0 = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            out.write(ascii("EHLO bench.example\r\n"));
            expect(in, "250");
            out.write(ascii("MAIL FROM:<sender@bench.example>\r\nRCPT TO:<rcpt1@bench.example>\r\nDATA\r\n"));
            expect(in, "250");
            expect(in, "250");
            expect(in, "354");
            byte[] buffer = new byte[CHUNK];
            try (GeneratedContent content = new GeneratedContent(size)) {
                int n;
                while ((n = content.read(buffer, 0, CHUNK)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
            out.write(ascii(".\r\nQUIT\r\n"));
            expect(in, "250");
            expect(in, "221");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcessCpu.seconds() - cpu0;
        long growth = heap.growth();
        heap.close();
        new ResultLine().add("session_s", seconds).add("session_cpu_s", cpu).add("messages", 1).add("delivered", 1)
                .add("recipients_ok", 1).add("content_bytes", size).add("heap_growth_kib", growth / 1024)
                .add("gcs", heap.collections()).print();
    }

    /** Reads one reply (all its lines) and checks its code. */
    private static void expect(InputStream in, String code) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            if (c < 0) {
                throw new IOException("connection closed while waiting for " + code);
            }
            if (!line.toString().startsWith(code)) {
                throw new IOException("expected " + code + ", got " + line.toString().strip());
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return;
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
