package org.esmtp4j.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Timeout;

/**
 * What one {@link SessionDriver#start(StartRequest)} must do: the validated configuration, the
 * messages and recipients to attempt (libESMTP's retry rule already applied: only recipients that
 * are not complete), the canonical content, and where to report what happens.
 */
public interface StartRequest {

    /**
     * The size in which engines read canonical content. With BDAT every read becomes one chunk
     * (libESMTP §4.3), so engines that use the same size frame BDAT identically.
     */
    int CONTENT_READ_SIZE = 64 * 1024;

    /** @return the session being started, for its remaining configuration */
    Session session();

    /** @return the server to connect to */
    ServerAddress server();

    /** @return the TCP port resolved from the service */
    int port();

    /** @return the name for EHLO/HELO and generated Message-Ids, already resolved and validated */
    String localHostname();

    /**
     * @param timeout the phase
     * @return the timeout in force for it
     */
    Duration timeout(Timeout timeout);

    /** @return the bound on each TCP connect attempt (libESMTP has none) */
    Duration connectTimeout();

    /** @return libESMTP's {@code smtp_option_require_all_recipients} */
    boolean requireAllRecipients();

    /** @return how commands are grouped when the server offers PIPELINING */
    org.esmtp4j.Pipelining pipelining();

    /** @return the messages to attempt, in session order: each has at least one recipient to send */
    List<Message> messages();

    /**
     * @param message one of {@link #messages()}
     * @return its recipients to send (not complete), in order
     */
    List<Recipient> recipientsToSend(Message message);

    /**
     * Opens the message's content, canonicalised by the facade (CRLF line ends and a final CRLF
     * unless the body is BINARYMIME), rewound to the start. Call it before each transfer.
     * Contents are opened one at a time: the facade may reuse the previous content's buffers, so
     * opening one ends the use of the content opened before it, which then throws
     * {@link IllegalStateException} if read or rewound.
     *
     * @param message one of {@link #messages()}
     * @return the canonical content
     * @throws IOException when the source cannot be rewound
     */
    CanonicalContent openContent(Message message) throws IOException;

    /**
     * @param message one of {@link #messages()}
     * @return the canonical content size in bytes when the facade measured it, else -1
     */
    long contentSize(Message message);

    /**
     * @param message one of {@link #messages()}
     * @return whether the canonical content has bytes of 0x80 and above (-1 unknown: false)
     */
    boolean contentHasEightBit(Message message);

    /** @return the ETRN nodes to send */
    List<EtrnNode> etrnNodes();

    /** @return the sink for every protocol fact and event */
    SessionCallbacks callbacks();

    /** @return the limits in force */
    org.esmtp4j.Limits limits();
}
