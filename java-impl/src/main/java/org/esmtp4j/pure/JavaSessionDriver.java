package org.esmtp4j.pure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.esmtp4j.Limits;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.esmtp4j.pure.engine.ConnectionRunner;
import org.esmtp4j.pure.io.SmtpChannel;
import org.esmtp4j.pure.protocol.ReplyLimits;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.SessionDriver;
import org.esmtp4j.spi.StartRequest;

/**
 * One session of the java engine: resolves the server, tries each address in turn as libESMTP
 * does (§5.1), and runs the dialogue on the first that connects, falling back to the next on
 * libESMTP's fallback conditions.
 */
final class JavaSessionDriver implements SessionDriver {

    private static final int ECONNREFUSED = 111;
    private static final int ETIMEDOUT = 110;
    private static final int EHOSTUNREACH = 113;
    private static final int ENETUNREACH = 101;
    private static final int EIO = 5;

    @Override
    public StartResult start(StartRequest request) {
        SessionCallbacks callbacks = request.callbacks();
        Limits limits = request.limits();
        long deadline = limits.sessionDeadline() == null ? Long.MAX_VALUE
                : System.nanoTime() + limits.sessionDeadline().toNanos();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(request.server().host());
        } catch (UnknownHostException e) {
            return new StartResult(false, SmtpError.EAI_NONAME, 0, "cannot resolve \"" + request.server().host() + "\"");
        }
        ReplyLimits replyLimits = new ReplyLimits(limits.maxReplyLineLength(), limits.maxReplyLines(), limits.maxReplyBytes());
        int lastErrno = 0;
        String lastDetail = "";
        boolean reachedServer = false;
        SmtpError lastFallbackError = SmtpError.NONE;
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, request.port());
            SmtpChannel channel;
            try {
                Duration connectTimeout = request.connectTimeout();
                channel = SmtpChannel.connect(target, connectTimeout, replyLimits);
            } catch (IOException e) {
                lastErrno = errno(e);
                lastDetail = "connect to " + target + ": " + e.getMessage();
                continue;
            }
            reachedServer = true;
            ConnectionRunner.Result result;
            try {
                channel.setSessionDeadline(deadline);
                if (callbacks.tracing()) {
                    channel.setTracer(callbacks::trace);
                }
                callbacks.connected();
                result = ConnectionRunner.run(request, channel);
            } finally {
                channel.close();
                callbacks.disconnected();
            }
            if (!result.fallback()) {
                return new StartResult(true, result.error(), 0, result.detail());
            }
            lastDetail = target + ": " + result.detail();
            lastFallbackError = result.error();
        }
        if (reachedServer) {
            // A read error (EOF, garbage) sets libESMTP's errno; a refusal leaves it untouched,
            // which the facade reports as NO_USABLE_SERVER (COMPATIBILITY.md O7).
            return new StartResult(false, lastFallbackError == SmtpError.NONE ? SmtpError.NO_USABLE_SERVER : lastFallbackError,
                    0, lastDetail);
        }
        return new StartResult(false, SmtpError.SYSTEM, lastErrno == 0 ? EIO : lastErrno, lastDetail);
    }

    private static int errno(IOException e) {
        if (e instanceof ConnectException) {
            String m = String.valueOf(e.getMessage());
            return m.contains("unreachable") ? ENETUNREACH : ECONNREFUSED;
        }
        if (e instanceof SocketTimeoutException) {
            return ETIMEDOUT;
        }
        if (e instanceof NoRouteToHostException) {
            return EHOSTUNREACH;
        }
        return EIO;
    }

    @Override
    public void close() {
        // The java engine holds nothing between starts.
    }
}
