package org.esmtp4j.conformance.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.SmtpEvents;
import org.esmtp4j.Timeout;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;

/**
 * Shared setup of the event tests: the engines to run on, a scripted server with short waits, a
 * session pointed at it, and the common opening of a script.
 */
final class EventTests {

    /** The EHLO name every session uses. */
    static final String CLIENT = "client.example";
    /** How long a test waits for a transcript. */
    static final Duration WAIT = Duration.ofSeconds(5);
    /** The server's read timeout: a client that stops talking fails the script quickly. */
    private static final Duration SERVER_READ_TIMEOUT = Duration.ofSeconds(3);
    /** Every client timeout (with libESMTP's override of the RFC minimum; 1 s is the floor). */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

    private EventTests() {
    }

    /** The engine names to run every test on: "java", and "libesmtp" where the C library loads. */
    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    /** Starts a loopback server whose n-th connection plays the n-th script. */
    static ScriptedSmtpServer serve(Script... perConnection) {
        return ScriptedSmtpServer.options().readTimeout(SERVER_READ_TIMEOUT).start(perConnection);
    }

    /**
     * A session of {@code engine} pointed at {@code server}, with short timeouts and the listener.
     * The caller closes it.
     */
    static Session session(String engine, ScriptedSmtpServer server, SmtpEvents listener) {
        return session(engine, server.hostPort(), listener);
    }

    /** {@link #session(String, ScriptedSmtpServer, SmtpEvents)} for a {@code host:port}. */
    static Session session(String engine, String hostPort, SmtpEvents listener) {
        Session s = Smtp.engine(engine).createSession();
        s.setServer(hostPort);
        s.setHostname(CLIENT);
        for (Timeout t : Timeout.values()) {
            s.setTimeout(t, CLIENT_TIMEOUT, true);
        }
        s.setEventListener(listener);
        return s;
    }

    /** Adds a message from {@code from} with this content to each recipient. */
    static Message addMessage(Session s, String from, String content, String... recipients) {
        Message m = s.addMessage();
        m.setReversePath(from);
        m.setMessageSource(MessageSource.of(content));
        for (String r : recipients) {
            m.addRecipient(r);
        }
        return m;
    }

    /** The greeting and the EHLO exchange, the server offering these extension lines. */
    static ScriptBuilder greetAndEhlo(String... extensions) {
        return Script.builder()
                .greet("220 test.example ESMTP")
                .expect("EHLO " + CLIENT).reply(ehloReply(extensions));
    }

    /** A multi-line 250 reply to EHLO naming these extensions. */
    static String ehloReply(String... extensions) {
        if (extensions.length == 0) {
            return "250 test.example";
        }
        StringBuilder reply = new StringBuilder("250-test.example");
        for (int i = 0; i < extensions.length; i++) {
            reply.append("\r\n250").append(i == extensions.length - 1 ? ' ' : '-').append(extensions[i]);
        }
        return reply.toString();
    }

    /**
     * The header fields of a received message's header section (a line starting with SP or HTAB
     * continues the field before it), each with its CRLFs: what libESMTP reports once per header.
     */
    static List<String> headerFields(String content) {
        List<String> fields = new ArrayList<>();
        int pos = 0;
        while (pos < content.length()) {
            int end = content.indexOf("\r\n", pos) + 2;
            if (end == 1 || end == pos + 2) {
                break;
            }
            if (!fields.isEmpty() && (content.charAt(pos) == ' ' || content.charAt(pos) == '\t')) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + content.substring(pos, end));
            } else {
                fields.add(content.substring(pos, end));
            }
            pos = end;
        }
        return fields;
    }

    /** The body of a received message: everything after the first empty line. */
    static String body(String content) {
        int blank = content.indexOf("\r\n\r\n");
        return blank < 0 ? "" : content.substring(blank + 4);
    }

    /** The lines of {@code text}, each with its CRLF. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int end = text.indexOf("\r\n", pos);
            end = end < 0 ? text.length() : end + 2;
            lines.add(text.substring(pos, end));
            pos = end;
        }
        return lines;
    }
}
