package org.esmtp4j.conformance.transcript;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;
import org.esmtp4j.Session;
import org.esmtp4j.Smtp;
import org.esmtp4j.conformance.server.ClientBatch;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ScriptedSmtpServer;
import org.esmtp4j.conformance.server.Transcript;

/**
 * Shared pieces of the transcript tests: the engines to run on, a scripted server with short
 * timeouts, a session wired to it, a message whose content passes through header processing
 * unchanged, and readable views of the transcript.
 */
final class TranscriptSupport {

    /** The bound on every wait for a transcript. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The EHLO name every test sets, so that EHLO/HELO and generated ids are deterministic. */
    static final String CLIENT_NAME = "client.example";

    static final String SENDER = "sender@example.org";

    /**
     * A message carrying its own Date, From and Message-Id: libESMTP's header processing (§3.4)
     * generates nothing for it and passes it through, so its DATA bytes are deterministic.
     */
    static final String CONTENT = "Date: Mon, 01 Jan 2024 00:00:00 +0000\r\n"
            + "From: sender@example.org\r\n"
            + "Message-Id: <fixed.1@client.example>\r\n"
            + "Subject: transcript test\r\n"
            + "\r\n"
            + "Hello.\r\n";

    /** {@link #CONTENT} as DATA puts it on the wire: nothing to stuff, then the terminator. */
    static final String CONTENT_AS_DATA = CONTENT + ".\r\n";

    private static final Pattern COMMAND = Pattern.compile("[A-Z]{4}( .*)?");
    private static final Pattern DATE_VALUE = Pattern.compile("(?m)^(Date:) [^\r\n]*(?=\r\n)");
    private static final Pattern MESSAGE_ID_VALUE = Pattern.compile("(?m)^(Message-Id:) [^\r\n]*(?=\r\n)");

    private TranscriptSupport() {
    }

    /** The engines the tests run on: every registered engine that can run here. */
    static Stream<String> engines() {
        return Smtp.engineNames().stream().filter(Smtp::isAvailable);
    }

    /** A scripted server whose every read waits at most 5 s, so a wrong client fails fast. */
    static ScriptedSmtpServer serve(Script... perConnection) {
        return ScriptedSmtpServer.options().readTimeout(Duration.ofSeconds(5)).start(perConnection);
    }

    /** A session on {@code engine} aimed at {@code server}, with EHLO name {@value #CLIENT_NAME}. */
    static Session session(String engine, ScriptedSmtpServer server) {
        Session session = Smtp.engine(engine).createSession();
        session.setServer(server.hostPort());
        session.setHostname(CLIENT_NAME);
        return session;
    }

    /** Adds a message from {@value #SENDER} with {@link #CONTENT}. */
    static Message addMessage(Session session) {
        return addMessage(session, CONTENT);
    }

    /** Adds a message from {@value #SENDER} with the given content. */
    static Message addMessage(Session session, String content) {
        Message m = session.addMessage();
        m.setReversePath(SENDER);
        m.setMessageSource(MessageSource.of(content));
        return m;
    }

    /**
     * One transaction without pipelining: greeting, EHLO answered with {@code ehloReply}, then
     * exactly {@code mailLine}, each of {@code rcptLines}, DATA and the message, each answered
     * with success, then QUIT. The lines under test (MAIL and RCPT with their parameters) are
     * the arguments; everything else is the plain dialogue.
     */
    static Script plainTransaction(String ehloReply, String mailLine, String... rcptLines) {
        ScriptBuilder b = Script.builder()
                .greet("220 mx.example ESMTP")
                .expect("EHLO " + CLIENT_NAME).reply(ehloReply)
                .expect(mailLine).reply("250 ok");
        for (String rcpt : rcptLines) {
            b.expect(rcpt).reply("250 ok");
        }
        return b.expect("DATA").reply("354 go ahead")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye").close()
                .build();
    }

    /** Waits for the only connection's transcript and checks the script ran to its end. */
    static Transcript completedTranscript(ScriptedSmtpServer server) {
        server.assertScriptsCompleted(WAIT);
        return server.awaitTranscript(WAIT);
    }

    /**
     * The client's batches (lines that arrived before one server send) with message content
     * folded: every run of lines that are not SMTP commands (four capital letters, then a space
     * or nothing) becomes one {@code "<content>"} entry. What remains shows which commands the
     * client sent without waiting, which is what RFC 2920 pipelining is about.
     */
    static List<List<String>> commandBatches(Transcript transcript) {
        List<List<String>> batches = new ArrayList<>();
        for (ClientBatch batch : transcript.batches()) {
            List<String> folded = new ArrayList<>();
            for (String line : batch.lines()) {
                if (COMMAND.matcher(line).matches()) {
                    folded.add(line);
                } else if (folded.isEmpty() || !folded.get(folded.size() - 1).equals("<content>")) {
                    folded.add("<content>");
                }
            }
            batches.add(folded);
        }
        return batches;
    }

    /**
     * Replaces the values of the Date and Message-Id headers with {@code <date>} and
     * {@code <message-id>}: the only parts of generated content that vary between runs (time,
     * process id). Nothing else is touched.
     */
    static String normaliseDateAndMessageId(String content) {
        String dated = DATE_VALUE.matcher(content).replaceFirst("$1 <date>");
        return MESSAGE_ID_VALUE.matcher(dated).replaceFirst("$1 <message-id>");
    }
}
