package org.esmtp4j.conformance.server;

import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Turns the connection into a server-side TLS connection (RFC 3207), normally right after the
 * script's 220 reply to STARTTLS. Either the handshake must succeed, or, in rejection mode, the
 * client must abort it (e.g. because it does not trust the certificate).
 */
final class StartTlsStep implements Step {

    private final SSLContext context;
    private final boolean clientMustReject;

    StartTlsStep(SSLContext context, boolean clientMustReject) {
        this.context = Objects.requireNonNull(context, "context");
        this.clientMustReject = clientMustReject;
    }

    @Override
    public String describe() {
        return clientMustReject ? "startTlsExpectingRejection" : "startTls";
    }

    @Override
    public void run(Connection connection) throws ScriptFailedException {
        connection.startTls(context, clientMustReject);
    }
}
