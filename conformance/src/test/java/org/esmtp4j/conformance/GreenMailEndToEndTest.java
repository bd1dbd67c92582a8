package org.esmtp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Outcome;
import org.esmtp4j.Recipient;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpError;
import org.esmtp4j.StartResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Delivery end to end into GreenMail, on every available engine: three messages to two
 * recipients each in one session, with libESMTP's header rules (§3) and dot-stuffing checked on
 * what the server stored.
 */
class GreenMailEndToEndTest {

    private static final Pattern MESSAGE_ID = Pattern.compile("<\\d+\\.\\d+\\.\\d+@client\\.example>");

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
    void threeMessagesToTwoRecipientsEachInOneSession(String engine) throws Exception {
        String[] bodies = {
            "First message.\r\n.leading dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n",
            "Second message.\r\n",
            "Third message, with a line that is just a dot:\r\n.\r\nend\r\n",
        };
        List<Recipient> all = new ArrayList<>();
        ZonedDateTime before = ZonedDateTime.now().withNano(0);
        try (Session session = Smtp.engine(engine).createSession()) {
            session.setServer("127.0.0.1:" + server.getSmtp().getPort());
            session.setHostname("client.example");
            for (int i = 0; i < 3; i++) {
                Message m = session.addMessage();
                m.setReversePath("sender" + i + "@example.org");
                // Return-Path in the content is stripped (libESMTP PROHIBIT); Subject passes through.
                m.setMessageSource(MessageSource.of("Return-Path: <forged@example.net>\r\nSubject: message " + i
                        + "\r\n\r\n" + bodies[i]));
                all.add(m.addRecipient("rcpt" + i + "a@example.org"));
                all.add(m.addRecipient("rcpt" + i + "b@example.org"));
            }
            StartResult result = session.start();
            assertTrue(result.connected(), result.toString());
            assertEquals(SmtpError.NONE, result.error(), result.toString());
            for (Message m : session.messages()) {
                assertEquals(250, m.reversePathStatus().code());
                assertEquals(250, m.transferStatus().code());
            }
        }
        ZonedDateTime after = ZonedDateTime.now();
        for (Recipient r : all) {
            assertEquals(Outcome.DELIVERED, r.outcome(), r.toString());
            assertTrue(r.isComplete());
            assertEquals(250, r.status().code());
        }

        MimeMessage[] received = server.getReceivedMessages();
        assertEquals(6, received.length, "one stored copy per recipient");
        Map<String, Integer> copiesBySubject = new HashMap<>();
        for (MimeMessage mm : received) {
            copiesBySubject.merge(mm.getSubject(), 1, Integer::sum);
            assertNull(mm.getHeader("To"), "no To: header is generated unless requested (libESMTP §3.2)");
        }
        assertEquals(Map.of("message 0", 2, "message 1", 2, "message 2", 2), copiesBySubject);
        for (int i = 0; i < 3; i++) {
            for (String suffix : new String[] {"a", "b"}) {
                String user = "rcpt" + i + suffix + "@example.org";
                var inbox = server.getManagers().getImapHostManager()
                        .getInbox(server.getUserManager().getUserByEmail(user)).getMessages();
                assertEquals(1, inbox.size(), user);
                assertEquals("message " + i, inbox.get(0).getMimeMessage().getSubject());
            }
        }
        for (MimeMessage mm : received) {
            String subject = mm.getSubject();
            int i = Integer.parseInt(subject.substring("message ".length()));
            String whole = wholeMessage(mm);
            // Return-Path: GreenMail prepends its own from the envelope; the forged one was stripped.
            assertFalse(whole.contains("forged@example.net"), whole);
            assertEquals("<sender" + i + "@example.org>", mm.getHeader("Return-Path")[0]);
            // Generated From: the reverse path (libESMTP §3.2 default).
            assertEquals("sender" + i + "@example.org", mm.getHeader("From")[0]);
            // Generated Message-Id: <seconds.microseconds.pid@ehlo-name>.
            String id = mm.getHeader("Message-Id")[0];
            assertTrue(MESSAGE_ID.matcher(id).matches(), id);
            // Generated Date in English RFC 5322 form, within the test's time window.
            String date = mm.getHeader("Date")[0];
            ZonedDateTime sent = ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH));
            assertFalse(sent.isBefore(before), date);
            assertFalse(sent.isAfter(after), date);
            // The generated headers follow the message's own (libESMTP §3.4).
            assertTrue(whole.indexOf("Subject:") < whole.indexOf("Date:"), whole);
            assertTrue(whole.indexOf("Date:") < whole.indexOf("From:") && whole.indexOf("From:") < whole.indexOf("Message-Id:"), whole);
            // Dot-stuffed lines are restored exactly; GreenMail drops the CRLF before the final dot.
            String expectedBody = bodies[i].substring(0, bodies[i].length() - 2);
            assertEquals(expectedBody, bodyOf(whole), "body of message " + i);
        }
    }

    private static String wholeMessage(MimeMessage mm) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mm.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String bodyOf(String whole) {
        int split = whole.indexOf("\r\n\r\n");
        return whole.substring(split + 4);
    }
}
