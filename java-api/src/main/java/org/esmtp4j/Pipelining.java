package org.esmtp4j;

/**
 * How commands are grouped into one write when the server offers PIPELINING (RFC 2920). Against
 * a server that does not offer it every mode waits for each reply. Whatever the mode, every reply
 * is read and judged in order, so statuses and outcomes never depend on it; only the number of
 * round trips, and which commands a refusing server still receives, do.
 */
public enum Pipelining {
    /**
     * Never pipeline: every command waits for its reply, as if the server did not offer
     * PIPELINING (for servers or middleboxes that advertise it and mishandle it). Java engine only.
     */
    OFF,
    /**
     * libESMTP's batching (spec §5.3), the default: MAIL waits for its reply; the RCPTs and DATA
     * go in one write (DATA waits when all recipients are required); the end of data waits for its
     * reply. Three round trips per message, as libESMTP.
     */
    LIBESMTP,
    /**
     * RFC 2920 §3.1 to its limit: MAIL, the RCPTs and DATA (or the BDAT chunks) go in one write,
     * and each message's content and end of data go in the same write as the next message's MAIL,
     * RCPTs and DATA ("the actual transfer of message content is explicitly allowed to be the first
     * 'command' in a group"). One round trip per message. When MAIL is refused, the replies to the
     * RCPTs and DATA already sent say nothing about the recipients and are ignored (a 354 there is
     * answered with a lone dot, RFC 2920 §3.1); after a refused end of data no RSET is sent, since
     * the end-of-data reply ends the transaction either way (RFC 5321 §4.1.1.4). QUIT is never
     * pipelined after the end of data. Java engine only.
     */
    FULL
}
