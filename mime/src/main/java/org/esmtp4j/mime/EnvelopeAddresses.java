package org.esmtp4j.mime;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The envelope a {@link MimeMessage}'s headers imply: {@link MimeMessageSource#applyEnvelope}. */
record EnvelopeAddresses(String reversePath, List<String> recipients) {

    static EnvelopeAddresses of(MimeMessage mm) throws MessagingException {
        // getFrom() falls back to Sender when there is no From (Jakarta Mail's MimeMessage).
        Address[] from = mm.getFrom();
        String reversePath = null;
        if (from != null) {
            for (Address a : from) {
                if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                    reversePath = ia.getAddress();
                    break;
                }
            }
        }
        if (reversePath == null) {
            throw new IllegalArgumentException("the message has no From (or Sender) address");
        }
        Set<String> recipients = new LinkedHashSet<>();
        Address[] all = mm.getAllRecipients();
        if (all != null) {
            for (Address a : all) {
                if (a instanceof InternetAddress ia) {
                    addExpanded(ia, recipients);
                } // a NewsAddress (Newsgroups header) has no SMTP recipient
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("the message has no To, Cc or Bcc address");
        }
        return new EnvelopeAddresses(reversePath, List.copyOf(new ArrayList<>(recipients)));
    }

    private static void addExpanded(InternetAddress address, Set<String> into) throws MessagingException {
        if (!address.isGroup()) {
            into.add(address.getAddress());
            return;
        }
        InternetAddress[] members = address.getGroup(false);
        if (members != null) { // "undisclosed-recipients:;" has none
            for (InternetAddress member : members) {
                into.add(member.getAddress());
            }
        }
    }
}
