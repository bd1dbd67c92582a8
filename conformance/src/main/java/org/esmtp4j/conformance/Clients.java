package org.esmtp4j.conformance;

import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;

/** Building blocks for the client side of scenarios. */
public final class Clients {

    /** The reverse path scenarios use unless they say otherwise. */
    public static final String FROM = "sender@example.org";

    /** A small message with a Date and Message-Id of its own, so that no generated value varies. */
    public static final String CONTENT = "Date: Sun, 01 Nov 2026 10:00:00 +0000\r\nMessage-Id: <fixed@example.org>\r\n"
            + "Subject: test\r\n\r\nHello.\r\n";

    private Clients() {
    }

    /**
     * Adds a message from {@link #FROM} with {@link #CONTENT}.
     *
     * @param session the session
     * @param recipients the envelope recipients
     * @return the message
     */
    public static Message message(Session session, String... recipients) {
        return messageWithContent(session, CONTENT, recipients);
    }

    /**
     * Adds a message from {@link #FROM} with the given content.
     *
     * @param session the session
     * @param content the message content
     * @param recipients the envelope recipients
     * @return the message
     */
    public static Message messageWithContent(Session session, String content, String... recipients) {
        Message m = session.addMessage();
        m.setReversePath(FROM);
        m.setMessageSource(MessageSource.of(content));
        for (String r : recipients) {
            m.addRecipient(r);
        }
        return m;
    }
}
