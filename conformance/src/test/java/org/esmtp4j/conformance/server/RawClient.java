package org.esmtp4j.conformance.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A bare java.net.Socket client for the server's own tests: writes exact bytes, reads replies. */
final class RawClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawClient(Socket socket) throws IOException {
        use(socket);
    }

    static RawClient connect(ScriptedSmtpServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.socketAddress(), 2000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    private void use(Socket newSocket) throws IOException {
        this.socket = newSocket;
        this.in = newSocket.getInputStream();
        this.out = newSocket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Writes the text (one char per byte) in one write. */
    void send(String wireText) throws IOException {
        out.write(WireText.bytes(wireText));
        out.flush();
    }

    /** Reads one line through LF. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return WireText.text(line.toByteArray());
    }

    /** Reads a complete reply: lines until one whose fourth char is not '-'. */
    String readReply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = readLine();
            if (line.isEmpty()) {
                throw new IOException("EOF inside reply after: " + reply);
            }
            reply.append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    /** One read() call; returns what it got, or null on EOF. */
    String readOnce() throws IOException {
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        return n < 0 ? null : WireText.text(buffer, 0, n);
    }

    /** Reads until EOF and returns what arrived. */
    String readToEnd() throws IOException {
        return WireText.text(in.readAllBytes());
    }

    /** Starts client-side TLS over the connection, sending {@code host} as SNI. */
    void startTls(SSLContext context, String host) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
    }

    /** Closes the connection from the client side mid-test, so the server sees EOF. */
    void hangUp() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
