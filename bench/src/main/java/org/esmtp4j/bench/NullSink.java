package org.esmtp4j.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast SMTP null sink on loopback, so that the client, not the server, limits a benchmark: it
 * advertises PIPELINING, 8BITMIME, CHUNKING and SIZE, answers every command at once, and discards
 * the data. Replies to pipelined commands are written together, flushed when no more input is
 * waiting. One thread per connection; {@link #close()} stops everything.
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
                quickAck(s);
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

    /**
     * Acknowledges at once instead of delaying the ACK: a client that does not disable Nagle
     * (libESMTP) otherwise waits up to 40 ms for the ACK of its previous segment before it sends
     * the small last one of a message. Linux clears the flag again, so it is set after every read
     * ({@link QuickAckInput}).
     */
    private static void quickAck(Socket s) {
        try {
            if (s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
                s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException e) {
            // not fatal: only slower
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(new QuickAckInput(s), 256 * 1024);
             OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024)) {
            out.write(GREETING);
            out.flush();
            byte[] line = new byte[4096];
            while (true) {
                int n = readLine(in, line);
                if (n < 0) {
                    return;
                }
                String cmd = new String(line, 0, Math.min(n, 16), StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
                if (cmd.startsWith("EHLO")) {
                    out.write(chunking ? EHLO_CHUNKING : EHLO);
                } else if (cmd.startsWith("HELO") || cmd.startsWith("MAIL") || cmd.startsWith("RCPT")
                        || cmd.startsWith("RSET") || cmd.startsWith("NOOP")) {
                    out.write(OK);
                } else if (cmd.startsWith("DATA")) {
                    out.write(GO);
                    out.flush();
                    bytes.addAndGet(skipData(in));
                    messages.incrementAndGet();
                    out.write(OK);
                } else if (cmd.startsWith("BDAT")) {
                    String[] parts = new String(line, 0, n, StandardCharsets.US_ASCII).trim().split(" +");
                    long size = Long.parseLong(parts[1]);
                    in.skipNBytes(size);
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
                if (in.available() == 0) {
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

    /** The socket's input, re-arming TCP_QUICKACK after every read. */
    private static final class QuickAckInput extends java.io.FilterInputStream {
        private final Socket socket;

        QuickAckInput(Socket socket) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            quickAck(socket);
            return n;
        }
    }

    /** Reads a line up to LF into buf; returns its length without CRLF, or -1 at EOF. */
    private static int readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            if (c == '\n') {
                return n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < buf.length) {
                buf[n++] = (byte) c;
            }
        }
    }

    /** Discards DATA content up to and including CRLF.CRLF; returns the bytes read. */
    private static long skipData(InputStream in) throws IOException {
        long count = 0;
        int state = 2; // 0 normal, 1 after CR, 2 at line start, 3 line start + '.', 4 + CR
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF in DATA");
            }
            count++;
            switch (state) {
                case 0: state = c == '\r' ? 1 : 0; break;
                case 1: state = c == '\n' ? 2 : c == '\r' ? 1 : 0; break;
                case 2: state = c == '.' ? 3 : c == '\r' ? 1 : 0; break;
                case 3: state = c == '\r' ? 4 : 0; break;
                default:
                    if (c == '\n') {
                        return count;
                    }
                    state = c == '\r' ? 1 : 0;
            }
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
