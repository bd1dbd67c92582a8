package org.esmtp4j.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal SMTP server on 127.0.0.1 for one session: accepts everything, counts the DATA bytes
 * and throws them away. Fast enough that the client side is what gets measured.
 */
final class DiscardingSink implements AutoCloseable {

    private static final byte[] END_OF_DATA = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final Thread thread;
    private volatile long dataBytes;
    private volatile int messages;
    private volatile Exception failure;

    DiscardingSink() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serveOne, "discarding-sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    long dataBytes() {
        return dataBytes;
    }

    int messages() {
        return messages;
    }

    Exception failure() {
        return failure;
    }

    private void serveOne() {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            OutputStream out = s.getOutputStream();
            reply(out, "220 sink ready");
            for (String line; (line = readLine(in)) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250 8BITMIME");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        discardData(in);
                        messages++;
                        reply(out, "250 discarded");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Reads up to and including CRLF.CRLF, tracking the terminator across chunk boundaries. */
    private void discardData(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        // state: how much of "\r\n.\r\n" has been matched; DATA begins as if after a CRLF
        int state = 2;
        long total = 0;
        while (true) {
            int n = in.read(buffer);
            if (n == -1) {
                throw new IOException("EOF inside DATA");
            }
            for (int i = 0; i < n; i++) {
                state = next(state, buffer[i]);
                if (state == 5) {
                    total += i + 1;
                    dataBytes += total;
                    if (i + 1 < n) {
                        throw new IOException("the client pipelined after the final dot");
                    }
                    return;
                }
            }
            total += n;
        }
    }

    private static int next(int state, byte b) {
        if (b == END_OF_DATA[state]) {
            return state + 1;
        }
        return b == '\r' ? 1 : 0;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return null;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
