package org.esmtp4j.spi;

import org.esmtp4j.StartResult;

/**
 * The engine side of one {@link org.esmtp4j.Session}. The facade validates and canonicalises
 * everything before calling {@link #start(StartRequest)}; the engine runs the SMTP dialogue and
 * reports every protocol fact through {@link StartRequest#callbacks()}. Statuses, completion and
 * outcomes are derived by the facade from those facts, the same way for every engine.
 *
 * <p>The {@code check*} methods let an engine refuse, when the caller configures the session,
 * what it cannot honour (for example an IPv6 literal on libESMTP); each throws
 * {@link org.esmtp4j.InvalidArgumentException} naming the argument and the engine's limit.
 */
public interface SessionDriver extends AutoCloseable {

    /**
     * Runs one {@code smtp_start_session}: connect, transactions, QUIT, close. Never called
     * concurrently for the same driver.
     *
     * @param request what to send and where the results go
     * @return the session-level result
     */
    StartResult start(StartRequest request);

    /**
     * @param server the server the caller set
     */
    default void checkServer(ServerAddress server) {
    }

    /**
     * @param addrType the ORCPT address type
     * @param address the ORCPT address
     */
    default void checkOrcpt(String addrType, String address) {
    }

    /**
     * @param on whether SMTPUTF8 is being requested
     */
    default void checkSmtpUtf8(boolean on) {
    }

    /**
     * @param startTls the STARTTLS mode being set
     * @param implicitTls whether implicit TLS is being set
     * @param tls the TLS settings being set
     */
    default void checkTls(org.esmtp4j.StartTlsMode startTls, boolean implicitTls, org.esmtp4j.TlsSettings tls) {
    }

    /**
     * @param mode the PIPELINING grouping being set
     */
    default void checkPipelining(org.esmtp4j.Pipelining mode) {
    }

    /**
     * @param auth the AUTH settings being set
     */
    default void checkAuth(org.esmtp4j.AuthSettings auth) {
    }

    /** Releases native or other resources; called once when the session is closed. */
    @Override
    void close();
}
