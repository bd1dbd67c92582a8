package org.esmtp4j.mime;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;

/** Builds the test messages: text plus one attachment, with To, Cc and Bcc. */
final class TestMessages {

    static final String TEXT = "Hello,\r\n\r\nthe attachment follows.\r\n.a line with a leading dot\r\n";

    private TestMessages() {
    }

    static MimeMessage withAttachment(String subject, DataSource attachment) throws MessagingException {
        MimeMessage mm = new MimeMessage(Session.getInstance(new Properties()));
        mm.setFrom(new InternetAddress("sender@example.org", false));
        mm.setRecipient(RecipientType.TO, new InternetAddress("to@example.org", false));
        mm.setRecipient(RecipientType.CC, new InternetAddress("cc@example.org", false));
        mm.setRecipient(RecipientType.BCC, new InternetAddress("hidden@example.org", false));
        mm.setSubject(subject);
        MimeBodyPart text = new MimeBodyPart();
        text.setText(TEXT, "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(attachment));
        file.setFileName(attachment.getName());
        // set after the data handler, which drops the content headers; saves Jakarta Mail from
        // reading the whole data source once only to choose an encoding
        file.setHeader("Content-Transfer-Encoding", "base64");
        mm.setContent(new MimeMultipart(text, file));
        return mm;
    }

    /** What Jakarta Mail's own transport would send: writeTo without Bcc and Content-Length. */
    static byte[] wireBytes(MimeMessage mm) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mm.writeTo(out, MessageWriter.IGNORED_HEADERS);
        return out.toByteArray();
    }

    static byte[] readAll(MimeMessageSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[5000];
        for (int n; (n = source.read(buffer, 0, buffer.length)) != -1; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
