package org.esmtp4j.conformance.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * Writes the server's bytes for one connection and keeps a copy of every byte written. Each
 * write is flushed immediately; with TCP_NODELAY set on the socket, separate writes leave as
 * separate segments, which is what the split and drip steps rely on.
 */
final class ServerOutput {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private OutputStream out;

    ServerOutput(Socket socket) throws IOException {
        use(socket);
    }

    /** Continues writing to another socket layered over the same connection (TLS). */
    void use(Socket socket) throws IOException {
        this.out = socket.getOutputStream();
    }

    /** Number of server bytes written so far. */
    int length() {
        synchronized (sent) {
            return sent.size();
        }
    }

    /** A copy of every byte written so far. */
    byte[] snapshot() {
        synchronized (sent) {
            return sent.toByteArray();
        }
    }

    /** Writes {@code bytes[from, to)} and flushes. */
    void write(byte[] bytes, int from, int to) throws IOException {
        out.write(bytes, from, to - from);
        out.flush();
        synchronized (sent) {
            sent.write(bytes, from, to - from);
        }
    }

    /**
     * Writes {@code bytes} in pieces ending at each cut point, flushing and pausing between pieces.
     */
    void writeInPieces(byte[] bytes, int[] cutPoints, Duration pause) throws IOException, InterruptedException {
        int from = 0;
        for (int cut : cutPoints) {
            write(bytes, from, cut);
            Thread.sleep(pause.toMillis());
            from = cut;
        }
        write(bytes, from, bytes.length);
    }

    /** Writes {@code bytes} one byte at a time with {@code perByte} between bytes. */
    void drip(byte[] bytes, Duration perByte) throws IOException, InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                Thread.sleep(perByte.toMillis(), perByte.toNanosPart() % 1_000_000);
            }
            write(bytes, i, i + 1);
        }
    }
}
