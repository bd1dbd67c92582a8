package org.esmtp4j.cli;

import java.time.Duration;
import java.util.Map;
import org.esmtp4j.HeaderOption;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Timeout;

/**
 * Maps the command line onto the facade, one option to the libESMTP call that cli.md names.
 * Every value is validated by the facade as it is set, so a refusal
 * ({@link InvalidArgumentException}) happens before any connection, with the message defined as
 * far as it got.
 */
final class SessionSetup {

    private SessionSetup() {
    }

    /**
     * Configures the session and, unless only ETRN was asked for, adds the message.
     *
     * @param o the options
     * @param session a new session
     * @param input the message content, or null when there is no message (ETRN only)
     * @throws InvalidArgumentException when the facade or the engine refuses a value
     */
    static void apply(SendOptions o, Session session, MessageInput input) {
        session.setServer(o.host);                                        // smtp_set_server
        if (o.hostname != null) {
            session.setHostname(o.hostname);                              // smtp_set_hostname
        }
        for (Map.Entry<Timeout, Duration> t : o.timeouts.entrySet()) {
            session.setTimeout(t.getKey(), t.getValue(), true);           // smtp_set_timeout | OVERRIDE_RFC2822_MINIMUM
        }
        TlsAuthOptions.apply(o, session);                                 // STARTTLS, implicit TLS, trust, AUTH
        session.requireAllRecipients(o.requireAll);                       // smtp_option_require_all_recipients
        for (SendOptions.Etrn e : o.etrn) {
            session.addEtrnNode(e.domain(), e.option());                  // smtp_etrn_add_node
        }
        if (input != null) {
            addMessage(o, session, input);
        }
    }

    private static void addMessage(SendOptions o, Session session, MessageInput input) {
        Message m = session.addMessage();                                 // smtp_add_message
        if (o.from != null) {
            m.setReversePath(o.from);                                     // smtp_set_reverse_path
        }
        m.setMessageSource(input.source());                               // smtp_set_messagecb
        for (String mailbox : o.mailboxes) {
            Recipient r = m.addRecipient(mailbox);                        // smtp_add_recipient
            if (!o.notify.isEmpty()) {
                r.setDsnNotify(o.notify);                                 // smtp_dsn_set_notify
            }
            if (o.orcpt != null) {
                r.setDsnOriginalRecipient(o.orcpt.addrType(), o.orcpt.address()); // smtp_dsn_set_orcpt
            }
        }
        if (o.subject != null) {
            m.setHeader("Subject", o.subject);                            // smtp_set_header
            m.setHeaderOption("Subject", HeaderOption.OVERRIDE, true);    // smtp_set_header_option(Hdr_OVERRIDE)
        }
        if (o.generateTo) {
            m.setHeaderDefault("To");                                     // smtp_set_header(m, "To", NULL, NULL)
        }
        for (String to : o.toHeaders) {
            m.addMailboxHeader("To", null, to);                           // smtp_set_header(m, "To", NULL, addr)
        }
        for (String cc : o.ccHeaders) {
            m.addMailboxHeader("Cc", null, cc);
        }
        for (String bcc : o.bccHeaders) {
            m.addMailboxHeader("Bcc", null, bcc);
        }
        if (o.ret != null) {
            m.setDsnReturn(o.ret);                                        // smtp_dsn_set_ret
        }
        if (o.envid != null) {
            m.setDsnEnvelopeId(o.envid);                                  // smtp_dsn_set_envid
        }
        if (o.body != null) {
            m.setBodyType(o.body);                                        // smtp_8bitmime_set_body
        }
        if (o.sizeEstimate != null) {
            m.setSizeEstimate(o.sizeEstimate);                            // smtp_size_set_estimate
        }
        if (o.deliverBy != null) {
            m.setDeliverBy(o.deliverBy.seconds(), o.deliverBy.mode(), o.deliverBy.trace()); // smtp_deliverby_set_mode
        }
    }
}
