package org.esmtp4j.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.StartResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A multipart MimeMessage through every available engine into GreenMail, compared after receipt. */
class GreenMailMimeTest {

    private GreenMail server;

    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    @BeforeEach
    void startServer() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void textAndAttachmentArriveIntactAtEveryRecipientWithoutBcc(String engine) throws Exception {
        byte[] attachment = new byte[300_000];
        new Random(7).nextBytes(attachment);
        MimeMessage mm = TestMessages.withAttachment("report on " + engine,
                new ByteArrayDataSource(attachment, "application/octet-stream"));
        ((jakarta.mail.internet.MimeMultipart) mm.getContent()).getBodyPart(1).setFileName("report.bin");

        try (Session session = Smtp.engine(engine).createSession()) {
            session.setServer("127.0.0.1:" + server.getSmtp().getPort());
            session.setHostname("client.example");
            Message m = session.addMessage();
            MimeMessageSource.applyEnvelope(m, mm);
            m.setMessageSource(MimeMessageSource.of(mm));
            StartResult result = session.start();
            assertTrue(result.connected(), result.toString());
            assertEquals(250, m.transferStatus().code(), m.toString());
            for (Recipient r : m.recipients()) {
                assertEquals(Outcome.DELIVERED, r.outcome(), r.toString());
            }
        }
        MimeMessageSourceTest.awaitNoWriterThreads();

        MimeMessage[] received = server.getReceivedMessages();
        assertEquals(3, received.length, "one copy each for To, Cc and Bcc");
        TreeSet<String> owners = new TreeSet<>();
        for (var user : server.getUserManager().listUser()) {
            var inbox = server.getManagers().getImapHostManager().getInbox(user).getMessages();
            if (!inbox.isEmpty()) {
                owners.add(user.getEmail());
            }
        }
        assertEquals(new TreeSet<>(java.util.List.of("cc@example.org", "hidden@example.org", "to@example.org")), owners);
        for (MimeMessage got : received) {
            assertEquals("report on " + engine, got.getSubject());
            assertEquals("<sender@example.org>", got.getHeader("Return-Path")[0]);
            assertNull(got.getHeader("Bcc"), "Bcc must not reach any recipient");
            assertEquals(mm.getMessageID(), got.getMessageID());
            Multipart parts = (Multipart) got.getContent();
            assertEquals(2, parts.getCount());
            Part text = parts.getBodyPart(0);
            assertTrue(text.isMimeType("text/plain"), text.getContentType());
            assertEquals(TestMessages.TEXT, text.getContent());
            Part file = parts.getBodyPart(1);
            assertEquals("report.bin", file.getFileName());
            assertNotEquals(0, attachment.length);
            assertArrayEquals(attachment, file.getInputStream().readAllBytes());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void aFailingAttachmentAbortsTheTransferAndNothingIsDelivered(String engine) throws Exception {
        MimeMessage mm = TestMessages.withAttachment("broken",
                new GeneratedDataSource("broken.bin", 2_000_000, 1_000_000));
        try (Session session = Smtp.engine(engine).createSession()) {
            session.setServer("127.0.0.1:" + server.getSmtp().getPort());
            session.setHostname("client.example");
            session.setContentPrescan(false); // the failure must happen during DATA, not before connecting
            Message m = session.addMessage();
            MimeMessageSource.applyEnvelope(m, mm);
            m.setMessageSource(MimeMessageSource.of(mm));
            session.start();
            assertNotEquals(250, m.transferStatus().code(), m.toString());
            for (Recipient r : m.recipients()) {
                assertNotEquals(Outcome.DELIVERED, r.outcome(), r.toString());
            }
        }
        MimeMessageSourceTest.awaitNoWriterThreads();
        // bounded: give the server a moment to (wrongly) store something
        Thread.sleep(300);
        assertEquals(0, server.getReceivedMessages().length, "a partial message must never be delivered");
    }
}
