package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** Runs one script on one accepted socket, on its own thread, recording everything. */
final class Connection implements Runnable {

    private final Socket plainSocket;
    private final Script script;
    private final Duration readTimeout;
    private final TranscriptRecorder recorder;
    private volatile Socket currentSocket;
    private volatile boolean stopping;
    private ClientInput input;
    private ServerOutput output;
    private boolean ended;

    Connection(Socket socket, Script script, Duration readTimeout, TranscriptRecorder recorder) {
        this.plainSocket = socket;
        this.currentSocket = socket;
        this.script = script;
        this.readTimeout = readTimeout;
        this.recorder = recorder;
    }

    ClientInput input() {
        return input;
    }

    TranscriptRecorder recorder() {
        return recorder;
    }

    /** The deadline for a read starting now. */
    long deadline() {
        return System.nanoTime() + readTimeout.toNanos();
    }

    /**
     * Prepares a server send: first pulls in every client byte that has already arrived, then
     * records how many there are, so {@link Transcript#batches()} knows which client lines were
     * sent before this reply could have been seen.
     */
    ServerOutput beginSend() {
        input.drainAvailable();
        recorder.markServerSend(input.length(), output.length());
        return output;
    }

    /**
     * Sends a FIN, then records whatever the client still sends until it closes (bounded by the
     * read timeout), then closes. Closing at once could turn the FIN into a RST when client
     * bytes are unread.
     */
    void closeGracefully() {
        ended = true;
        sendFin();
        if (input.recordUntilClientCloses(deadline()) && !stopping) {
            recorder.clientClosed();
        }
        closeQuietly();
    }

    /**
     * Ends a script that ran out of steps: keeps the client bytes that have already arrived,
     * sends a FIN and closes without waiting for the client, so the transcript is final as soon
     * as the last step ran.
     */
    private void closeAtScriptEnd() {
        ended = true;
        input.drainAvailable();
        sendFin();
        closeQuietly();
    }

    /** Half-closes the server's direction; inside TLS the TLS socket sends close_notify first. */
    private void sendFin() {
        try {
            currentSocket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // The client already went away; closing is all that is left to do.
        }
    }

    /** Ends the script because the client dropped the connection while the server was writing. */
    void endAfterClientAbort() {
        ended = true;
        recorder.clientClosed();
        closeQuietly();
    }

    /** Aborts the connection with a RST (SO_LINGER 0 makes close() discard and reset). */
    void reset() throws IOException {
        ended = true;
        plainSocket.setSoLinger(true, 0);
        plainSocket.close();
    }

    /**
     * Starts server-side TLS on the connection. Bytes the client sent after the STARTTLS line and
     * before the server's reply were read in plaintext; RFC 3207 section 4 forbids them, so they
     * fail the script instead of being fed to the handshake. Nothing after that point is read in
     * plaintext: the TLS socket reads straight from the underlying socket.
     */
    void startTls(SSLContext context, boolean clientMustReject) throws ScriptFailedException {
        int plaintextEnd = input.readPos();
        byte[] early = input.takeUnconsumed();
        if (early.length > 0) {
            throw new ScriptFailedException(ScriptFailure.Kind.BYTES_BEFORE_TLS, "nothing until the TLS handshake",
                    early, plaintextEnd, "client bytes followed STARTTLS before the server's reply");
        }
        int serverOffset = output.length();
        SSLSocket tls;
        try {
            tls = (SSLSocket) context.getSocketFactory().createSocket(plainSocket, null, true);
            tls.setUseClientMode(false);
            tls.setSoTimeout((int) Math.max(1, readTimeout.toMillis()));
            currentSocket = tls;
            tls.startHandshake();
        } catch (IOException e) {
            if (clientMustReject) {
                recorder.tlsRejected(e.toString());
                ended = true;
                closeQuietly();
                return;
            }
            throw new ScriptFailedException(ScriptFailure.Kind.TLS, "a completed TLS handshake", new byte[0],
                    plaintextEnd, "handshake failed: " + e);
        }
        SSLSession session = tls.getSession();
        recorder.tlsEstablished(new TlsDetails(plaintextEnd, serverOffset, session.getProtocol(),
                session.getCipherSuite(), requestedServerNames(session)));
        if (clientMustReject) {
            throw new ScriptFailedException(ScriptFailure.Kind.TLS, "the client rejecting the handshake",
                    new byte[0], plaintextEnd, "the client completed the handshake with " + session.getProtocol());
        }
        try {
            input.use(tls);
            output.use(tls);
        } catch (IOException e) {
            throw new ScriptFailedException(ScriptFailure.Kind.IO_ERROR, "", new byte[0], plaintextEnd, e.toString());
        }
    }

    /** Called from another thread when the server closes: unblocks reads and ends the script. */
    void stop() {
        stopping = true;
        closeQuietly();
    }

    @Override
    public void run() {
        try {
            input = new ClientInput(plainSocket);
            output = new ServerOutput(plainSocket);
            recorder.attach(input, output);
            boolean failed = runSteps();
            if (!ended && !failed && !stopping) {
                closeAtScriptEnd();
            }
        } catch (IOException e) {
            recorder.failure(new ScriptFailure(0, "setting up the connection", ScriptFailure.Kind.IO_ERROR, "",
                    new byte[0], 0, e.toString()));
        } finally {
            if (input != null && (input.endOfStream() || (input.lastError() != null && !stopping))) {
                recorder.clientClosed();
            }
            closeQuietly();
            recorder.finished();
        }
    }

    /** Runs the steps in order until one fails or ends the connection; returns whether one failed. */
    private boolean runSteps() {
        for (int i = 0; i < script.size() && !ended; i++) {
            Step step = script.step(i);
            recorder.stepStarted(i);
            try {
                step.run(this);
                recorder.stepCompleted();
            } catch (ScriptFailedException e) {
                ScriptFailure failure = e.toFailure(i, step.describe());
                if (stopping && failure.kind() == ScriptFailure.Kind.IO_ERROR) {
                    failure = ioFailure(i, step, e.detail);
                }
                recorder.failure(failure);
                return true;
            } catch (IOException e) {
                recorder.failure(ioFailure(i, step, e.toString()));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                recorder.failure(ioFailure(i, step, "interrupted"));
                return true;
            }
        }
        return false;
    }

    private ScriptFailure ioFailure(int index, Step step, String detail) {
        int at = input.readPos();
        return new ScriptFailure(index, step.describe(),
                stopping ? ScriptFailure.Kind.SERVER_STOPPED : ScriptFailure.Kind.IO_ERROR, "",
                input.copy(at, input.length()), at, detail);
    }

    private static List<String> requestedServerNames(SSLSession session) {
        List<String> names = new ArrayList<>();
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    names.add(host.getAsciiName());
                }
            }
        }
        return names;
    }

    private void closeQuietly() {
        try {
            plainSocket.close();
        } catch (IOException e) {
            // Nothing useful to do: the socket is gone either way.
        }
    }
}
