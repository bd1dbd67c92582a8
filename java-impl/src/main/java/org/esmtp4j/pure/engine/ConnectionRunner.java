package org.esmtp4j.pure.engine;

import org.esmtp4j.SmtpError;
import org.esmtp4j.pure.io.SmtpChannel;
import org.esmtp4j.spi.StartRequest;

/** Runs the dialogue on one connected channel: the engine package's entry point. */
public final class ConnectionRunner {

    private ConnectionRunner() {
    }

    /**
     * What happened on one connection.
     *
     * @param fallback true when libESMTP would try the next address
     * @param error the session error; for a fallback, the read error that caused it, or NONE for a refusal
     * @param detail what happened, for {@link org.esmtp4j.StartResult#detail()}
     */
    public record Result(boolean fallback, SmtpError error, String detail) {
    }

    /**
     * @param request the start
     * @param channel the connected channel
     * @return how the connection ended
     */
    public static Result run(StartRequest request, SmtpChannel channel) {
        Conversation c = new Conversation(request, channel);
        Conversation.End end = c.run();
        if (end == Conversation.End.FALLBACK) {
            return new Result(true, c.fallbackError(), c.fallbackDetail());
        }
        return new Result(false, c.error(), c.errorDetail());
    }
}
