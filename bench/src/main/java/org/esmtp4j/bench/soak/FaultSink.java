package org.esmtp4j.bench.soak;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback SMTP server that injects faults at random at every step (4xx, 5xx, FIN, RST, a stall
 * past the client's timeout, a truncated reply) and keeps its own log of what it really accepted,
 * so that a soak can compare every recipient's reported outcome with the truth. Advertises
 * PIPELINING and 8BITMIME. Deterministic for a given seed (per connection).
 */
final class FaultSink implements AutoCloseable {

    private final ServerSocket listener;
    private final double faultRate;
    private final double stallShare;
    private final int stallMillis;
    private final long seed;
    private final boolean libesmtpSafe;
    private final SinkLog log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;
    private long connections;

    /**
     * @param faultRate the chance of a fault at each reply
     * @param stallShare the share of faults that are stalls (they cost time)
     * @param stallMillis how long a stall lasts (longer than the client's timeout)
     * @param seed the random seed
     * @param recipientsPerMessage how the soak numbers its recipients
     * @param libesmtpSafe never end the connection while pipelined commands are waiting to be
     *     answered: libESMTP 1.1.0 crashes the process then (COMPATIBILITY.md L6)
     */
    FaultSink(double faultRate, double stallShare, int stallMillis, long seed, int recipientsPerMessage,
              boolean libesmtpSafe) throws IOException {
        this.log = new SinkLog(recipientsPerMessage);
        this.libesmtpSafe = libesmtpSafe;
        this.faultRate = faultRate;
        this.stallShare = stallShare;
        this.stallMillis = stallMillis;
        this.seed = seed;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.acceptor = new Thread(this::accept, "faultsink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    SinkLog log() {
        return log;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                long connSeed = seed * 1_000_003L + (++connections);
                Thread t = new Thread(() -> serve(s, new SplittableRandom(connSeed)), "faultsink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** What a reply step did. */
    private enum Sent {
        /** The normal reply went out. */
        NORMAL,
        /** A 4xx or 5xx went out instead; the connection goes on. */
        REFUSED,
        /** The connection is over (dropped, reset, stalled, truncated, or refused greeting). */
        CLOSED
    }

    private static final Fault[] QUICK_FAULTS = {Fault.TRANSIENT, Fault.PERMANENT, Fault.DROP, Fault.RESET, Fault.TRUNCATE};

    private void serve(Socket s, SplittableRandom random) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            OutputStream out = s.getOutputStream();
            if (reply(s, in, out, random, "220 faultsink ESMTP") != Sent.NORMAL) {
                return;
            }
            List<String> accepted = new ArrayList<>();
            boolean mailOk = false;
            byte[] line = new byte[4096];
            while (true) {
                int n = readLine(in, line);
                if (n < 0) {
                    return;
                }
                String cmd = new String(line, 0, n, StandardCharsets.ISO_8859_1);
                String verb = cmd.length() >= 4 ? cmd.substring(0, 4).toUpperCase(Locale.ROOT) : cmd;
                Sent sent;
                switch (verb) {
                    case "EHLO":
                        sent = reply(s, in, out, random, "250-faultsink\r\n250-PIPELINING\r\n250 8BITMIME");
                        break;
                    case "MAIL":
                        accepted.clear();
                        sent = reply(s, in, out, random, "250 ok");
                        mailOk = sent == Sent.NORMAL;
                        break;
                    case "RCPT":
                        sent = reply(s, in, out, random, "250 ok");
                        if (sent == Sent.NORMAL && mailOk) {
                            accepted.add(between(cmd, '<', '>'));
                        }
                        break;
                    case "DATA":
                        sent = reply(s, in, out, random, "354 go");
                        if (sent == Sent.NORMAL) {
                            skipData(in);
                            // The commit point: only a complete 2xx reply to the end of data accepts.
                            sent = reply(s, in, out, random, "250 queued");
                            if (sent == Sent.NORMAL && mailOk) {
                                for (String r : accepted) {
                                    log.accepted(r);
                                }
                            }
                        }
                        accepted.clear();
                        mailOk = false;
                        break;
                    case "RSET":
                        accepted.clear();
                        mailOk = false;
                        sent = reply(s, in, out, random, "250 ok");
                        break;
                    case "QUIT":
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    default:
                        out.write("500 what\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        sent = Sent.REFUSED;
                }
                if (sent == Sent.CLOSED) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or a fault closed the socket
        } finally {
            open.remove(s);
        }
    }

    /** Sends the normal reply or, at random, a fault instead. */
    private Sent reply(Socket s, InputStream in, OutputStream out, SplittableRandom random, String normal) throws IOException {
        if (random.nextDouble() >= faultRate) {
            out.write((normal + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return Sent.NORMAL;
        }
        Fault f = random.nextDouble() < stallShare ? Fault.STALL : QUICK_FAULTS[random.nextInt(QUICK_FAULTS.length)];
        if (libesmtpSafe && f != Fault.TRANSIENT && f != Fault.PERMANENT && in.available() > 0) {
            f = random.nextBoolean() ? Fault.TRANSIENT : Fault.PERMANENT;
        }
        log.fault(f);
        boolean greeting = normal.startsWith("220");
        switch (f) {
            case TRANSIENT:
                out.write((greeting ? "421 4.3.2 busy\r\n" : "451 4.3.0 try later\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return greeting ? Sent.CLOSED : Sent.REFUSED;
            case PERMANENT:
                out.write((greeting ? "554 5.3.2 no service\r\n" : "554 5.0.0 refused\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return greeting ? Sent.CLOSED : Sent.REFUSED;
            case DROP:
                return Sent.CLOSED;
            case RESET:
                s.setSoLinger(true, 0);
                return Sent.CLOSED;
            case STALL:
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Sent.CLOSED;
            default: // TRUNCATE: part of the reply, no line end, then FIN
                out.write(normal.substring(0, Math.max(1, Math.min(5, normal.length() - 1))).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return Sent.CLOSED;
        }
    }

    private static String between(String s, char open, char close) {
        int a = s.indexOf(open);
        int b = s.indexOf(close, a + 1);
        return a >= 0 && b > a ? s.substring(a + 1, b) : s;
    }

    private static int readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            if (c == '\n') {
                return n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < buf.length) {
                buf[n++] = (byte) c;
            }
        }
    }

    private static void skipData(InputStream in) throws IOException {
        int state = 2;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF in DATA");
            }
            switch (state) {
                case 0: state = c == '\r' ? 1 : 0; break;
                case 1: state = c == '\n' ? 2 : c == '\r' ? 1 : 0; break;
                case 2: state = c == '.' ? 3 : c == '\r' ? 1 : 0; break;
                case 3: state = c == '\r' ? 4 : 0; break;
                default:
                    if (c == '\n') {
                        return;
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
    }
}
