package org.esmtp4j.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast SMTP null sink on loopback, so that the client, not the server, limits a benchmark: it
 * advertises PIPELINING, 8BITMIME, SIZE and ENHANCEDSTATUSCODES (and CHUNKING if asked), answers
 * every command at once, and discards the data. Replies to pipelined commands are written
 * together, flushed when no more input is waiting. DATA content is skipped by scanning the
 * receive buffer for CRLF.CRLF, five bytes at a time where no terminator byte can be, so the
 * sink takes in more than a gigabyte a second. One thread per connection; {@link #close()} stops
 * everything. {@link #main} runs one as a process for {@code bin/bench}.
 */
public final class NullSink implements AutoCloseable {

    private static final byte[] GREETING = ascii("220 nullsink ESMTP\r\n");
    private static final byte[] EHLO = ascii("250-nullsink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE 0\r\n250 ENHANCEDSTATUSCODES\r\n");
    private static final byte[] EHLO_CHUNKING = ascii("250-nullsink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-CHUNKING\r\n250-SIZE 0\r\n250 ENHANCEDSTATUSCODES\r\n");
    private static final byte[] OK = ascii("250 2.0.0 ok\r\n");
    private static final byte[] GO = ascii("354 go\r\n");
    private static final byte[] BYE = ascii("221 2.0.0 bye\r\n");
    private static final byte[] WHAT = ascii("500 5.5.2 what\r\n");

    private final ServerSocket listener;
    private final boolean chunking;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;

    private NullSink(boolean chunking) throws IOException {
        this.chunking = chunking;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.acceptor = new Thread(this::accept, "nullsink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param chunking whether to advertise CHUNKING
     * @return a started sink on 127.0.0.1
     * @throws IOException if it cannot listen
     */
    public static NullSink start(boolean chunking) throws IOException {
        return new NullSink(chunking);
    }

    /**
     * Runs a sink until the process is killed, printing its port on the first line of standard
     * output. Arguments: {@code [--chunking]}.
     *
     * @param args the options
     * @throws Exception if it cannot listen
     */
    public static void main(String[] args) throws Exception {
        NullSink sink = start(args.length > 0 && args[0].equals("--chunking"));
        System.out.println(sink.listener.getLocalPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** @return "127.0.0.1:port" */
    public String hostPort() {
        return listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** @return messages accepted so far */
    public long messages() {
        return messages.get();
    }

    /** @return content bytes discarded so far */
    public long bytes() {
        return bytes.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                QuickAck.arm(s);
                open.add(s);
                Thread t = new Thread(() -> serve(s), "nullsink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("nullsink: accept failed: " + e);
                }
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024)) {
            SinkInput in = new SinkInput(s.getInputStream(), () -> QuickAck.arm(s));
            out.write(GREETING);
            out.flush();
            byte[] line = new byte[4096];
            while (true) {
                int n = in.readLine(line);
                if (n < 0) {
                    return;
                }
                String cmd = new String(line, 0, Math.min(n, 16), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
                if (cmd.startsWith("EHLO")) {
                    out.write(chunking ? EHLO_CHUNKING : EHLO);
                } else if (cmd.startsWith("HELO") || cmd.startsWith("MAIL") || cmd.startsWith("RCPT")
                        || cmd.startsWith("RSET") || cmd.startsWith("NOOP")) {
                    out.write(OK);
                } else if (cmd.startsWith("DATA")) {
                    out.write(GO);
                    out.flush();
                    bytes.addAndGet(in.skipData());
                    messages.incrementAndGet();
                    out.write(OK);
                } else if (cmd.startsWith("BDAT")) {
                    String[] parts = new String(line, 0, n, StandardCharsets.US_ASCII).trim().split(" +");
                    long size = Long.parseLong(parts[1]);
                    in.skip(size);
                    bytes.addAndGet(size);
                    if (parts.length > 2) {
                        messages.incrementAndGet();
                    }
                    out.write(OK);
                } else if (cmd.startsWith("QUIT")) {
                    out.write(BYE);
                    out.flush();
                    return;
                } else {
                    out.write(WHAT);
                }
                if (!in.moreWaiting()) {
                    out.flush();
                }
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            if (!closed) {
                System.err.println("nullsink: " + e);
            }
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
