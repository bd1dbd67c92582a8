package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.PERMANENT;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.esmtp4j.HeaderOption;
import org.esmtp4j.Message;
import org.esmtp4j.Session;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Observation;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.Script;

/**
 * The header rules of spec §3 as they appear on the wire: what is generated and where, what is
 * stripped, passed through, de-duplicated or replaced in place, how API headers print, and which
 * API calls the facade refuses (identically for every engine).
 */
public final class HeaderScenarios implements ScenarioSource {

    private static final String RCPT = "a@example.org";
    private static final String ENVELOPE = "EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\n"
            + "RCPT TO:<a@example.org>\r\nDATA\r\n";
    /** The three headers libESMTP generates when the message lacks them, in this order (§3.4). */
    private static final String GENERATED = "Date: <date>\r\nFrom: sender@example.org\r\nMessage-Id: <message-id>\r\n";
    private static final String BODY = "\r\nHello.\r\n";
    /** The Message-Id most scenarios set through the API (see {@link #message}). */
    private static final String FIXED_ID = "fixed-id@example.org";
    /** 2001-09-09T12:00:00Z: a Sunday, 9 September, in every time zone within 11 hours of UTC. */
    private static final Instant NOON_2001 = Instant.parse("2001-09-09T12:00:00Z");
    /** libESMTP's generated id, {@code "%ld.%ld.%d@%s"}: seconds, microseconds, pid, the EHLO name. */
    private static final Pattern GENERATED_ID = Pattern.compile("\\d+\\.\\d{1,6}\\.\\d+@client\\.example");

    @Override
    public List<Scenario> scenarios() {
        return List.of(
            // ---------------------------------------------------------------- generated headers
            Scenario.named("headers/generated-after-own-headers")
                .about("a message without Date, From and Message-Id gets them after its own headers, in that order")
                .server(oneMessage())
                .client(withGeneratedId("Subject: s\r\nX-Own: 1\r\n" + BODY, m -> { }))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, wire("Subject: s\r\nX-Own: 1\r\n" + GENERATED + BODY));
                    rawMatches(o, "\r\nMessage-Id: <" + GENERATED_ID + ">\r\n");
                })
                .build(),
            Scenario.named("headers/own-date-from-message-id-kept")
                .about("a message with its own Date, From and Message-Id, in any order, keeps them and gets none generated")
                .server(oneMessage())
                .client(withContent("From: Author <author@example.org>\r\nMessage-Id: <own@example.org>\r\n"
                        + "Subject: s\r\nDate: Mon, 01 Jan 2001 00:00:00 +0000\r\n" + BODY, m -> { }))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, wire("From: Author <author@example.org>\r\nMessage-Id: <message-id>\r\n"
                            + "Subject: s\r\nDate: <date>\r\n" + BODY));
                    rawSent(o, "Message-Id: <own@example.org>\r\n");
                    rawSent(o, "Date: Mon, 01 Jan 2001 00:00:00 +0000\r\n");
                })
                .build(),
            Scenario.named("headers/null-reverse-path-from")
                .about("with the null reverse path the generated From is <>")
                .server(Scripts.quit(Scripts.ehlo()
                    .expect("MAIL FROM:<>").reply("250 ok")
                    .expect("RCPT TO:<a@example.org>").reply("250 ok")
                    .expect("DATA").reply("354 go")
                    .expectData().reply("250 queued")))
                .client(s -> {
                    Message m = message(s, "Subject: s\r\n" + BODY, RCPT);
                    m.setReversePath("");
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, "EHLO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
                            + "Subject: s\r\nDate: <date>\r\nFrom: <>\r\nMessage-Id: <message-id>\r\n" + BODY
                            + ".\r\nQUIT\r\n");
                })
                .build(),
            sent("headers/api-headers-in-first-set-order",
                "API headers follow Date, From and Message-Id in the order of their first set call; a later call does not move one",
                "Subject: s\r\n" + BODY, m -> {
                    m.setHeader("X-Zulu", "1");
                    m.addMailboxHeader("Reply-To", null, "r1@example.org");
                    m.setHeader("X-Alpha", "2");
                    m.addMailboxHeader("Cc", null, "c@example.org");
                    m.addMailboxHeader("Reply-To", null, "r2@example.org");
                },
                "Subject: s\r\n" + GENERATED + "X-Zulu: 1\r\nReply-To: r1@example.org,\r\n    r2@example.org\r\n"
                        + "X-Alpha: 2\r\nCc: c@example.org\r\n" + BODY).build(),
            Scenario.named("headers/date-from-message-id-always-first")
                .about("Date, From and Message-Id set after a custom header still come first, in table order")
                .server(oneMessage())
                .client(withGeneratedId("Subject: s\r\n" + BODY, m -> {
                    m.setHeader("X-First", "1");
                    m.setMessageIdHeader("api-id@example.org");
                    m.addMailboxHeader("From", null, "author@example.org");
                    m.setDateHeader(NOON_2001);
                }))
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    Expect.clientSent(o, wire("Subject: s\r\nDate: <date>\r\nFrom: author@example.org\r\n"
                            + "Message-Id: <message-id>\r\nX-First: 1\r\n" + BODY));
                    rawSent(o, "Message-Id: <api-id@example.org>\r\n");
                    rawSent(o, "Date: Sun, 09 Sep 2001 ");
                })
                .build(),
            Scenario.named("headers/api-date-and-message-id-values")
                .about("Date and Message-Id set through the API print as the date given and <id> when the message lacks them")
                .server(oneMessage())
                .client(withGeneratedId("Subject: s\r\n" + BODY, m -> {
                    m.setDateHeader(NOON_2001);
                    m.setMessageIdHeader("1234.5678@example.org");
                }))
                .expect(o -> {
                    Expect.clientSent(o, wire("Subject: s\r\n" + GENERATED + BODY));
                    rawMatches(o, "\r\nDate: Sun, 09 Sep 2001 \\d\\d:00:00 [+-]\\d{4}\r\nFrom: sender@example.org\r\n"
                            + "Message-Id: <1234\\.5678@example\\.org>\r\n\r\n");
                })
                .build(),
            Scenario.named("headers/generated-message-id-format")
                .about("a generated Message-Id is <seconds.microseconds.pid@EHLO name>")
                .server(oneMessage())
                .client(withGeneratedId("Subject: s\r\n" + BODY, m -> { }))
                .expect(o -> {
                    Expect.clientSent(o, wire("Subject: s\r\n" + GENERATED + BODY));
                    rawMatches(o, "\r\nMessage-Id: <" + GENERATED_ID + ">\r\n");
                    rawMatches(o, "\r\nDate: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                            + " \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n");
                })
                .build(),

            // ---------------------------------------------------------------- PROHIBIT names
            sent("headers/return-path-stripped",
                "a Return-Path in the message is stripped (PROHIBIT)",
                "Return-Path: <bounce@example.org>\r\nSubject: s\r\n" + BODY, m -> { },
                "Subject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/original-recipient-stripped",
                "an Original-Recipient in the message is stripped (PROHIBIT), also in lower case",
                "Subject: s\r\noriginal-recipient: rfc822;x@example.org\r\n" + BODY, m -> { },
                "Subject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/resent-reply-to-stripped-other-resent-kept",
                "Resent-Reply-To is stripped (exact match wins over the Resent- prefix); other Resent- headers pass, duplicates included",
                "Resent-From: r1@example.org\r\nResent-Reply-To: x@example.org\r\nResent-From: r2@example.org\r\n"
                        + "Resent-Date: Mon, 01 Jan 2001 00:00:00 +0000\r\nSubject: s\r\n" + BODY, m -> { },
                "Resent-From: r1@example.org\r\nResent-From: r2@example.org\r\n"
                        + "Resent-Date: Mon, 01 Jan 2001 00:00:00 +0000\r\nSubject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/stripped-folded-header-removed-whole",
                "a stripped header goes with its continuation lines",
                "Return-Path:\r\n <bounce@example.org>\r\n\t(comment)\r\nSubject: s\r\n" + BODY, m -> { },
                "Subject: s\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- PRESERVE names
            sent("headers/mime-and-content-duplicates-kept",
                "MIME-* and Content-* headers pass through unchanged, duplicates included (PRESERVE)",
                "MIME-Version: 1.0\r\nContent-Type: text/plain\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n"
                        + "Content-Transfer-Encoding: 7bit\r\n" + BODY, m -> { },
                "MIME-Version: 1.0\r\nContent-Type: text/plain\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n"
                        + "Content-Transfer-Encoding: 7bit\r\n" + GENERATED + BODY).build(),
            sent("headers/received-duplicates-kept",
                "every Received header passes through in order (PRESERVE)",
                "Received: from a by b; Mon, 01 Jan 2001 00:00:02 +0000\r\nReceived: from c by a; Mon, 01 Jan 2001 00:00:01 +0000\r\n"
                        + "Subject: s\r\n" + BODY, m -> { },
                "Received: from a by b; Mon, 01 Jan 2001 00:00:02 +0000\r\nReceived: from c by a; Mon, 01 Jan 2001 00:00:01 +0000\r\n"
                        + "Subject: s\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- de-duplication
            sent("headers/second-to-dropped",
                "only the first To survives; later ones, in any case, are dropped",
                "To: first@example.org\r\nSubject: s\r\nTo: second@example.org\r\nto: third@example.org\r\n" + BODY, m -> { },
                "To: first@example.org\r\nSubject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/second-from-dropped",
                "only the first From survives and none is generated",
                "From: first@example.org\r\nFrom: second@example.org\r\nSubject: s\r\n" + BODY, m -> { },
                "From: first@example.org\r\nSubject: s\r\nDate: <date>\r\nMessage-Id: <message-id>\r\n" + BODY).build(),
            Scenario.named("headers/second-message-id-dropped")
                .about("only the first Message-Id survives")
                .server(oneMessage())
                .client(withContent("Message-Id: <first@example.org>\r\nSubject: s\r\nMessage-Id: <second@example.org>\r\n" + BODY,
                        m -> { }))
                .expect(o -> {
                    Expect.clientSent(o, wire("Message-Id: <message-id>\r\nSubject: s\r\nDate: <date>\r\n"
                            + "From: sender@example.org\r\n" + BODY));
                    rawSent(o, "Message-Id: <first@example.org>\r\n");
                    Expect.clientNeverSent(o, "second@example.org");
                })
                .build(),
            sent("headers/second-subject-dropped-when-registered",
                "Subject set through the API is in the table: the message's first Subject wins and a second one is dropped",
                "Subject: first\r\nX-A: 1\r\nSubject: second\r\n" + BODY, m -> m.setHeader("Subject", "api"),
                "Subject: first\r\nX-A: 1\r\n" + GENERATED + BODY).build(),
            sent("headers/duplicate-subject-kept-when-unregistered",
                "Subject is not built in: without an API Subject both of the message's Subject headers pass",
                "Subject: first\r\nSubject: second\r\n" + BODY, m -> { },
                "Subject: first\r\nSubject: second\r\n" + GENERATED + BODY).build(),
            sent("headers/unknown-duplicates-kept",
                "headers unknown to the table are never de-duplicated",
                "X-Keep: 1\r\nX-Keep: 2\r\nx-keep: 3\r\n" + BODY, m -> { },
                "X-Keep: 1\r\nX-Keep: 2\r\nx-keep: 3\r\n" + GENERATED + BODY).build(),
            sent("headers/folded-duplicate-to-dropped-whole",
                "a dropped duplicate goes with its continuation lines",
                "To: a@example.org\r\nTo: b@example.org,\r\n c@example.org\r\nSubject: s\r\n" + BODY, m -> { },
                "To: a@example.org\r\nSubject: s\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- OVERRIDE
            sent("headers/override-subject-in-place",
                "with OVERRIDE the API Subject replaces the message's in place, not at the end",
                "X-A: 1\r\nSubject: old\r\nX-B: 2\r\n" + BODY, m -> {
                    m.setHeader("Subject", "new");
                    m.setHeaderOption("Subject", HeaderOption.OVERRIDE, true);
                },
                "X-A: 1\r\nSubject: new\r\nX-B: 2\r\n" + GENERATED + BODY).build(),
            sent("headers/api-subject-without-override-loses",
                "without OVERRIDE the message's Subject wins over the API value",
                "Subject: own\r\n" + BODY, m -> m.setHeader("Subject", "api"),
                "Subject: own\r\n" + GENERATED + BODY).build(),
            sent("headers/api-subject-added-when-absent",
                "an API Subject is added after the generated headers when the message has none",
                "X-A: 1\r\n" + BODY, m -> m.setHeader("Subject", "api"),
                "X-A: 1\r\n" + GENERATED + "Subject: api\r\n" + BODY).build(),
            sent("headers/override-folded-subject-replaced-whole",
                "OVERRIDE replaces a folded header together with its continuation lines",
                "Subject: old\r\n continued\r\nX-B: 2\r\n" + BODY, m -> {
                    m.setHeader("Subject", "new");
                    m.setHeaderOption("Subject", HeaderOption.OVERRIDE, true);
                },
                "Subject: new\r\nX-B: 2\r\n" + GENERATED + BODY).build(),
            sent("headers/override-option-turned-off",
                "OVERRIDE turned on then off again: the message's header wins",
                "Subject: own\r\n" + BODY, m -> {
                    m.setHeader("Subject", "api");
                    m.setHeaderOption("Subject", HeaderOption.OVERRIDE, true);
                    m.setHeaderOption("Subject", HeaderOption.OVERRIDE, false);
                },
                "Subject: own\r\n" + GENERATED + BODY).build(),
            sent("headers/override-from-with-mailbox-in-place",
                "OVERRIDE on From with a mailbox and phrase replaces the message's From in place",
                "X-A: 1\r\nFrom: old@example.org\r\nX-B: 2\r\n" + BODY, m -> {
                    m.addMailboxHeader("From", "New Author", "new@example.org");
                    m.setHeaderOption("From", HeaderOption.OVERRIDE, true);
                },
                "X-A: 1\r\nFrom: \"New Author\" <new@example.org>\r\nX-B: 2\r\nDate: <date>\r\nMessage-Id: <message-id>\r\n"
                        + BODY).build(),
            sent("headers/override-from-without-value-uses-reverse-path",
                "OVERRIDE on From without a value replaces the message's From in place with the reverse path",
                "X-A: 1\r\nFrom: old@example.org\r\nX-B: 2\r\n" + BODY,
                m -> m.setHeaderOption("From", HeaderOption.OVERRIDE, true),
                "X-A: 1\r\nFrom: sender@example.org\r\nX-B: 2\r\nDate: <date>\r\nMessage-Id: <message-id>\r\n" + BODY).build(),
            Scenario.named("headers/override-date-with-value-in-place")
                .about("OVERRIDE on Date with a value replaces the message's Date in place with that date")
                .server(oneMessage())
                .client(withContent("X-A: 1\r\nDate: Mon, 01 Jan 2001 00:00:00 +0000\r\nX-B: 2\r\n" + BODY, m -> {
                    m.setDateHeader(NOON_2001);
                    m.setHeaderOption("Date", HeaderOption.OVERRIDE, true);
                }))
                .expect(o -> {
                    Expect.clientSent(o, wire("X-A: 1\r\nDate: <date>\r\nX-B: 2\r\nFrom: sender@example.org\r\n"
                            + "Message-Id: <message-id>\r\n" + BODY));
                    rawMatches(o, "\r\nX-A: 1\r\nDate: Sun, 09 Sep 2001 \\d\\d:00:00 [+-]\\d{4}\r\nX-B: 2\r\n");
                    Expect.clientNeverSent(o, "Jan 2001");
                })
                .build(),
            Scenario.named("headers/override-date-without-value-generated")
                .about("OVERRIDE on Date without a value replaces the message's Date in place with the current date")
                .server(oneMessage())
                .client(withContent("X-A: 1\r\nDate: Mon, 01 Jan 2001 00:00:00 +0000\r\nX-B: 2\r\n" + BODY,
                        m -> m.setHeaderOption("Date", HeaderOption.OVERRIDE, true)))
                .expect(o -> {
                    Expect.clientSent(o, wire("X-A: 1\r\nDate: <date>\r\nX-B: 2\r\nFrom: sender@example.org\r\n"
                            + "Message-Id: <message-id>\r\n" + BODY));
                    assertFalse(raw(o).contains("Jan 2001"), () -> "the message's own Date was sent\n" + o);
                })
                .build(),
            Scenario.named("headers/override-message-id-with-value-in-place")
                .about("OVERRIDE on Message-Id with a value replaces the message's Message-Id in place with <id>")
                .server(oneMessage())
                .client(withGeneratedId("X-A: 1\r\nMessage-Id: <old@example.org>\r\nX-B: 2\r\n" + BODY, m -> {
                    m.setMessageIdHeader("new@example.org");
                    m.setHeaderOption("Message-Id", HeaderOption.OVERRIDE, true);
                }))
                .expect(o -> {
                    Expect.clientSent(o, wire("X-A: 1\r\nMessage-Id: <message-id>\r\nX-B: 2\r\nDate: <date>\r\n"
                            + "From: sender@example.org\r\n" + BODY));
                    rawSent(o, "X-A: 1\r\nMessage-Id: <new@example.org>\r\nX-B: 2\r\n");
                })
                .build(),
            Scenario.named("headers/override-message-id-without-value-generated")
                .about("OVERRIDE on Message-Id without a value replaces the message's Message-Id in place with a generated one")
                .server(oneMessage())
                .client(withGeneratedId("X-A: 1\r\nMessage-Id: <old@example.org>\r\nX-B: 2\r\n" + BODY,
                        m -> m.setHeaderOption("Message-Id", HeaderOption.OVERRIDE, true)))
                .expect(o -> {
                    Expect.clientSent(o, wire("X-A: 1\r\nMessage-Id: <message-id>\r\nX-B: 2\r\nDate: <date>\r\n"
                            + "From: sender@example.org\r\n" + BODY));
                    rawMatches(o, "\r\nX-A: 1\r\nMessage-Id: <" + GENERATED_ID + ">\r\nX-B: 2\r\n");
                })
                .build(),
            sent("headers/override-without-value-passes-through",
                "OVERRIDE on a custom header that has no value leaves the message's header as it is (libESMTP would abort)",
                "X-Custom: own\r\n" + BODY, m -> m.setHeaderOption("X-Custom", HeaderOption.OVERRIDE, true),
                "X-Custom: own\r\n" + GENERATED + BODY)
                .covers("A4", "L5").build(),
            sent("headers/option-registers-name-for-de-duplication",
                "an option on an unknown name registers it, so a second header of that name is dropped",
                "X-Once: 1\r\nX-Once: 2\r\n" + BODY, m -> m.setHeaderOption("X-Once", HeaderOption.OVERRIDE, false),
                "X-Once: 1\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- PROHIBIT option
            Scenario.named("headers/prohibit-message-id-generation")
                .about("PROHIBIT on Message-Id for a message without one: libESMTP still generates it, the java engine does not")
                .server(oneMessage())
                .client(withGeneratedId("Subject: s\r\n" + BODY, m -> m.setHeaderOption("Message-Id", HeaderOption.PROHIBIT, true)))
                .divergence("P13", "libesmtp", o -> Expect.clientSent(o, wire("Subject: s\r\n" + GENERATED + BODY)))
                .divergence("P13", "java", o -> Expect.clientSent(o, wire("Subject: s\r\nDate: <date>\r\n"
                        + "From: sender@example.org\r\n" + BODY)))
                .build(),
            sent("headers/prohibit-message-id-strips-own",
                "PROHIBIT on Message-Id strips the message's own Message-Id and, having seen it, generates none",
                "Message-Id: <own@example.org>\r\nSubject: s\r\n" + BODY,
                m -> m.setHeaderOption("Message-Id", HeaderOption.PROHIBIT, true),
                "Subject: s\r\nDate: <date>\r\nFrom: sender@example.org\r\n" + BODY).build(),
            sent("headers/prohibit-custom-strips-every-case",
                "PROHIBIT on a custom name strips every header of that name, whatever its case",
                "X-Secret: 1\r\nSubject: s\r\nx-secret: 2\r\nX-SECRET: 3\r\n" + BODY,
                m -> m.setHeaderOption("X-Secret", HeaderOption.PROHIBIT, true),
                "Subject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/prohibit-to-strips",
                "PROHIBIT on To strips the message's To",
                "To: a@example.org\r\nSubject: s\r\n" + BODY, m -> m.setHeaderOption("To", HeaderOption.PROHIBIT, true),
                "Subject: s\r\n" + GENERATED + BODY).build(),
            Scenario.named("headers/prohibit-after-value")
                .about("PROHIBIT on a custom header that has an API value, for a message without it:"
                        + " libESMTP still emits the API value, the java engine does not")
                .server(oneMessage())
                .client(withContent("Subject: s\r\n" + BODY, m -> {
                    m.setHeader("X-Later-Prohibited", "1");
                    m.setHeaderOption("X-Later-Prohibited", HeaderOption.PROHIBIT, true);
                }))
                .divergence("P13", "libesmtp", o -> Expect.clientSent(o, wire("Subject: s\r\n" + GENERATED
                        + "X-Later-Prohibited: 1\r\n" + BODY)))
                .divergence("P13", "java", o -> Expect.clientSent(o, wire("Subject: s\r\n" + GENERATED + BODY)))
                .build(),
            sent("headers/prohibit-turned-off-again",
                "PROHIBIT turned on then off: the header passes again",
                "X-Secret: 1\r\n" + BODY, m -> {
                    m.setHeaderOption("X-Secret", HeaderOption.PROHIBIT, true);
                    m.setHeaderOption("X-Secret", HeaderOption.PROHIBIT, false);
                },
                "X-Secret: 1\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- To
            sent("headers/to-not-generated-by-default",
                "no To is generated unless asked for, whatever the envelope",
                "Subject: s\r\n" + BODY, m -> { },
                "Subject: s\r\n" + GENERATED + BODY).build(),
            Scenario.named("headers/to-generated-on-request")
                .about("setHeaderDefault(\"To\") lists every envelope recipient, joined by comma, CRLF and a tab")
                .server(threeRecipients("250 ok", "250 ok", "250 ok"))
                .client(s -> {
                    Message m = message(s, "Subject: s\r\n" + BODY, "a@example.org", "b@example.org", "c@example.org");
                    m.setHeaderDefault("To");
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED, DELIVERED, DELIVERED);
                    Expect.clientSent(o, threeRecipientsWire("Subject: s\r\n" + GENERATED
                            + "To: a@example.org,\r\n\tb@example.org,\r\n\tc@example.org\r\n" + BODY));
                })
                .build(),
            Scenario.named("headers/to-generated-lists-refused-recipients")
                .about("a generated To lists every envelope recipient, also one the server refused")
                .server(threeRecipients("250 ok", "550 5.1.1 unknown", "250 ok"))
                .client(s -> {
                    Message m = message(s, "Subject: s\r\n" + BODY, "a@example.org", "b@example.org", "c@example.org");
                    m.setHeaderDefault("To");
                })
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED, PERMANENT, DELIVERED);
                    Expect.clientSent(o, threeRecipientsWire("Subject: s\r\n" + GENERATED
                            + "To: a@example.org,\r\n\tb@example.org,\r\n\tc@example.org\r\n" + BODY));
                })
                .build(),
            sent("headers/to-generated-message-to-wins",
                "a requested To is not generated when the message has its own To",
                "To: Own <own@example.org>\r\nSubject: s\r\n" + BODY, m -> m.setHeaderDefault("To"),
                "To: Own <own@example.org>\r\nSubject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/override-to-with-generated-list",
                "OVERRIDE with a requested To replaces the message's To in place with the envelope list",
                "X-A: 1\r\nTo: someone@example.org\r\nX-B: 2\r\n" + BODY, m -> {
                    m.setHeaderDefault("To");
                    m.setHeaderOption("To", HeaderOption.OVERRIDE, true);
                },
                "X-A: 1\r\nTo: a@example.org\r\nX-B: 2\r\n" + GENERATED + BODY).build(),
            sent("headers/to-default-after-mailboxes",
                "setHeaderDefault(\"To\") after mailboxes were added generates the list from the envelope instead",
                "Subject: s\r\n" + BODY, m -> {
                    m.addMailboxHeader("To", "Someone", "someone@example.org");
                    m.setHeaderDefault("To");
                },
                "Subject: s\r\n" + GENERATED + "To: a@example.org\r\n" + BODY).build(),

            // ---------------------------------------------------------------- mailbox lists
            sent("headers/to-mailboxes-with-phrases",
                "To mailboxes print as \"phrase\" <mailbox> or bare, in call order, joined by comma, CRLF and four spaces",
                "Subject: s\r\n" + BODY, m -> {
                    m.addMailboxHeader("To", "Alice", "alice@example.org");
                    m.addMailboxHeader("To", null, "bob@example.org");
                    m.addMailboxHeader("To", "Carol C.", "carol@example.org");
                },
                "Subject: s\r\n" + GENERATED + "To: \"Alice\" <alice@example.org>,\r\n    bob@example.org,\r\n"
                        + "    \"Carol C.\" <carol@example.org>\r\n" + BODY)
                .covers("P14").build(),
            sent("headers/from-two-mailboxes-call-order",
                "two From mailboxes print in call order in place of the generated From",
                "Subject: s\r\n" + BODY, m -> {
                    m.addMailboxHeader("From", "First", "first@example.org");
                    m.addMailboxHeader("From", null, "second@example.org");
                },
                "Subject: s\r\nDate: <date>\r\nFrom: \"First\" <first@example.org>,\r\n    second@example.org\r\n"
                        + "Message-Id: <message-id>\r\n" + BODY)
                .covers("P14").build(),
            sent("headers/cc-bcc-reply-to",
                "Cc, Bcc and Reply-To set through the API are emitted, Bcc included",
                "Subject: s\r\n" + BODY, m -> {
                    m.addMailboxHeader("Cc", "Copy One", "c1@example.org");
                    m.addMailboxHeader("Cc", null, "c2@example.org");
                    m.addMailboxHeader("Bcc", null, "hidden@example.org");
                    m.addMailboxHeader("Reply-To", "Replies", "reply@example.org");
                },
                "Subject: s\r\n" + GENERATED + "Cc: \"Copy One\" <c1@example.org>,\r\n    c2@example.org\r\n"
                        + "Bcc: hidden@example.org\r\nReply-To: \"Replies\" <reply@example.org>\r\n" + BODY)
                .covers("P14").build(),
            sent("headers/bcc-in-message-kept",
                "a Bcc in the message is not stripped",
                "Bcc: hidden@example.org\r\nSubject: s\r\n" + BODY, m -> { },
                "Bcc: hidden@example.org\r\nSubject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/phrase-quotes-and-backslashes-escaped",
                "a phrase with \" and \\ is escaped inside its quoted string",
                "Subject: s\r\n" + BODY, m -> m.addMailboxHeader("Reply-To", "Al \"the pal\" \\o/", "al@example.org"),
                "Subject: s\r\n" + GENERATED + "Reply-To: \"Al \\\"the pal\\\" \\\\o/\" <al@example.org>\r\n" + BODY)
                .covers("F8").build(),
            sent("headers/sender-with-phrase",
                "Sender takes one mailbox and prints after the generated headers",
                "Subject: s\r\n" + BODY, m -> m.addMailboxHeader("Sender", "Secretary", "sec@example.org"),
                "Subject: s\r\n" + GENERATED + "Sender: \"Secretary\" <sec@example.org>\r\n" + BODY).build(),
            sent("headers/empty-mailbox-is-null-path",
                "an empty mailbox in From or Sender prints as <>",
                "Subject: s\r\n" + BODY, m -> {
                    m.addMailboxHeader("Sender", null, "");
                    m.addMailboxHeader("From", null, "");
                },
                "Subject: s\r\nDate: <date>\r\nFrom: <>\r\nMessage-Id: <message-id>\r\nSender: <>\r\n" + BODY).build(),
            sent("headers/disposition-notification-to-default",
                "setHeaderDefault(\"Disposition-Notification-To\") prints the reverse path",
                "Subject: s\r\n" + BODY, m -> m.setHeaderDefault("Disposition-Notification-To"),
                "Subject: s\r\n" + GENERATED + "Disposition-Notification-To: sender@example.org\r\n" + BODY).build(),
            sent("headers/disposition-notification-to-mailbox",
                "Disposition-Notification-To with a phrase and mailbox",
                "Subject: s\r\n" + BODY, m -> m.addMailboxHeader("Disposition-Notification-To", "Receipts", "mdn@example.org"),
                "Subject: s\r\n" + GENERATED + "Disposition-Notification-To: \"Receipts\" <mdn@example.org>\r\n" + BODY).build(),

            // ---------------------------------------------------------------- custom headers
            sent("headers/custom-text",
                "a custom header set with text is appended after the generated headers",
                "Subject: s\r\n" + BODY, m -> m.setHeader("X-Mailer", "esmtp4j conformance\tsuite"),
                "Subject: s\r\n" + GENERATED + "X-Mailer: esmtp4j conformance\tsuite\r\n" + BODY).build(),
            sent("headers/custom-null-is-empty-header",
                "a custom header set with null is emitted empty",
                "Subject: s\r\n" + BODY, m -> m.setHeader("X-Empty", null),
                "Subject: s\r\n" + GENERATED + "X-Empty: \r\n" + BODY).build(),
            sent("headers/custom-in-message-wins-case-insensitively",
                "a custom API header is not added when the message has a header of that name in another case",
                "x-tag: own\r\nSubject: s\r\n" + BODY, m -> m.setHeader("X-Tag", "api"),
                "x-tag: own\r\nSubject: s\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- header section shapes
            sent("headers/folded-headers-pass",
                "folded headers pass unchanged, continuation lines with space or tab",
                "X-Folded: a\r\n b\r\n\tc\r\nSubject: s\r\n" + BODY, m -> { },
                "X-Folded: a\r\n b\r\n\tc\r\nSubject: s\r\n" + GENERATED + BODY).build(),
            sent("headers/content-without-headers",
                "content that starts with the blank line gets the generated headers before it",
                "\r\nBody only.\r\n", m -> { },
                GENERATED + "\r\nBody only.\r\n").build(),
            sent("headers/content-without-blank-line",
                "content that is only headers: the generated headers and the blank line follow them",
                "Subject: s\r\nX-A: 1\r\n", m -> { },
                "Subject: s\r\nX-A: 1\r\n" + GENERATED + "\r\n").build(),
            sent("headers/line-without-colon-passes",
                "a header-section line without a colon passes untouched",
                "Subject: s\r\nnot a header\r\n" + BODY, m -> { },
                "Subject: s\r\nnot a header\r\n" + GENERATED + BODY).build(),
            sent("headers/built-in-names-case-insensitive",
                "FROM, message-id and DATE in the message count as From, Message-Id and Date: nothing is generated",
                "FROM: author@example.org\r\nmessage-id: <own@example.org>\r\nDATE: Mon, 01 Jan 2001 00:00:00 +0000\r\n" + BODY,
                m -> { },
                "FROM: author@example.org\r\nmessage-id: <own@example.org>\r\nDATE: Mon, 01 Jan 2001 00:00:00 +0000\r\n" + BODY)
                .build(),
            sent("headers/prefix-rule",
                "the prefix rule: content-type, mime-version and RESENT-FROM are preserved with duplicates;"
                        + " From-Name and To-Do match no entry and pass",
                "content-type: text/plain\r\nCONTENT-TYPE: text/html\r\nmime-version: 1.0\r\nRESENT-FROM: r@example.org\r\n"
                        + "Resent-from: r@example.org\r\nFrom-Name: x\r\nTo-Do: 1\r\nTo-Do: 2\r\n" + BODY, m -> { },
                "content-type: text/plain\r\nCONTENT-TYPE: text/html\r\nmime-version: 1.0\r\nRESENT-FROM: r@example.org\r\n"
                        + "Resent-from: r@example.org\r\nFrom-Name: x\r\nTo-Do: 1\r\nTo-Do: 2\r\n" + GENERATED + BODY).build(),

            // ---------------------------------------------------------------- refusals (facade, both engines)
            refusal("headers/refuse-set-content-type", "a Content- header cannot be set (PRESERVE)",
                m -> m.setHeader("Content-Type", "text/plain"), "header Content-Type"),
            refusal("headers/refuse-option-mime-version", "a MIME- header takes no option (PRESERVE)",
                m -> m.setHeaderOption("MIME-Version", HeaderOption.OVERRIDE, true), "header MIME-Version"),
            refusal("headers/refuse-set-resent-from", "a Resent- header cannot be set (PRESERVE)",
                m -> m.setHeader("Resent-From", "x@example.org"), "header Resent-From"),
            refusal("headers/refuse-option-received", "Received takes no option (PRESERVE)",
                m -> m.setHeaderOption("Received", HeaderOption.PROHIBIT, true), "header Received"),
            refusal("headers/refuse-set-return-path", "Return-Path cannot be set (PROHIBIT)",
                m -> m.setHeader("Return-Path", "<x@example.org>"), "header Return-Path"),
            refusal("headers/refuse-option-original-recipient", "Original-Recipient takes no option (PROHIBIT)",
                m -> m.setHeaderOption("Original-Recipient", HeaderOption.OVERRIDE, true), "header Original-Recipient"),
            refusal("headers/refuse-set-resent-reply-to", "Resent-Reply-To cannot be set (PROHIBIT)",
                m -> m.setHeader("Resent-Reply-To", "x@example.org"), "header Resent-Reply-To"),
            refusal("headers/refuse-second-sender", "Sender takes a single mailbox",
                m -> {
                    m.addMailboxHeader("Sender", null, "one@example.org");
                    m.addMailboxHeader("Sender", null, "two@example.org");
                }, "Sender takes a single mailbox"),
            refusal("headers/refuse-second-custom-value", "a custom header takes a single value",
                m -> {
                    m.setHeader("X-One", "1");
                    m.setHeader("X-One", "2");
                }, "X-One takes a single value"),
            refusal("headers/refuse-second-date", "Date takes a single value",
                m -> {
                    m.setDateHeader(NOON_2001);
                    m.setDateHeader(NOON_2001);
                }, "header Date"),
            refusal("headers/refuse-second-message-id", "Message-Id takes a single value",
                m -> {
                    m.setMessageIdHeader("one@example.org");
                    m.setMessageIdHeader("two@example.org");
                }, "header Message-Id"),
            refusalBuilder("headers/refuse-crlf-in-value", "CR LF in a header value would inject a header (F1, hostile case E7)",
                m -> m.setHeader("X-Note", "x\r\nBcc: evil@example.net"), "carriage return (CR)").covers("F1").build(),
            refusal("headers/refuse-lf-in-phrase", "LF in a phrase would inject a header (F1)",
                m -> m.addMailboxHeader("To", "Name\nBcc: evil@example.net", "a@example.org"), "line feed (LF)"),
            refusal("headers/refuse-crlf-in-mailbox", "CR LF in a header mailbox would inject a header (F1)",
                m -> m.addMailboxHeader("Cc", null, "c@example.org\r\nBcc: evil@example.net"), "carriage return (CR)"),
            refusalBuilder("headers/refuse-null-cc-mailbox", "a null Cc mailbox is refused (libESMTP aborts the transfer later, F9)",
                m -> m.addMailboxHeader("Cc", "Phrase", null), "needs a mailbox").covers("F9").build(),
            refusal("headers/refuse-prohibit-date", "Date is required and cannot be prohibited",
                m -> m.setHeaderOption("Date", HeaderOption.PROHIBIT, true), "cannot be prohibited"),
            refusal("headers/refuse-prohibit-from", "From is required and cannot be prohibited",
                m -> m.setHeaderOption("From", HeaderOption.PROHIBIT, true), "cannot be prohibited"),
            refusal("headers/refuse-override-after-prohibit", "OVERRIDE on a prohibited header is refused",
                m -> {
                    m.setHeaderOption("X-Gone", HeaderOption.PROHIBIT, true);
                    m.setHeaderOption("X-Gone", HeaderOption.OVERRIDE, true);
                }, "cannot be overridden"),
            refusal("headers/refuse-set-after-prohibit", "a value for a prohibited header is refused",
                m -> {
                    m.setHeaderOption("X-Gone", HeaderOption.PROHIBIT, true);
                    m.setHeader("X-Gone", "1");
                }, "was prohibited"));
    }

    // ------------------------------------------------------------------ helpers

    /** One message to {@link #RCPT}, no extensions, delivered. */
    private static Script oneMessage() {
        return Scripts.quit(Scripts.ehlo()
            .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply("250 ok")
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued"));
    }

    private static Script threeRecipients(String a, String b, String c) {
        return Scripts.quit(Scripts.ehlo()
            .expect("MAIL FROM:<sender@example.org>").reply("250 ok")
            .expect("RCPT TO:<a@example.org>").reply(a)
            .expect("RCPT TO:<b@example.org>").reply(b)
            .expect("RCPT TO:<c@example.org>").reply(c)
            .expect("DATA").reply("354 go")
            .expectData().reply("250 queued"));
    }

    private static String threeRecipientsWire(String data) {
        return "EHLO client.example\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<a@example.org>\r\n"
                + "RCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n" + data + ".\r\nQUIT\r\n";
    }

    /** The whole client side of {@link #oneMessage()} with this data (before the final dot). */
    private static String wire(String data) {
        return ENVELOPE + data + ".\r\nQUIT\r\n";
    }

    /**
     * A message with this content to {@link #RCPT} and, unless the content has its own, a
     * Message-Id set through the API: it prints where a generated one would (the wire normalises
     * both), but with a fixed length, whereas a generated id's length varies with its
     * microseconds and would make the engines' messageData events differ by chance.
     */
    private static Message message(Session s, String content, String... recipients) {
        Message m = Clients.messageWithContent(s, content, recipients);
        if (!content.toLowerCase(Locale.ROOT).contains("message-id:")) {
            m.setMessageIdHeader(FIXED_ID);
        }
        return m;
    }

    /** {@link #message} to {@link #RCPT}, then the header calls. */
    private static Consumer<Session> withContent(String content, Consumer<Message> headers) {
        return s -> headers.accept(message(s, content, RCPT));
    }

    /** A message whose Message-Id, if the content lacks one, is generated by the engine. */
    private static Consumer<Session> withGeneratedId(String content, Consumer<Message> headers) {
        return s -> headers.accept(Clients.messageWithContent(s, content, RCPT));
    }

    /** A scenario whose message is delivered and whose data (Date and Message-Id normalised) is exactly {@code data}. */
    private static Scenario.Builder sent(String id, String about, String content, Consumer<Message> headers, String data) {
        return Scenario.named(id)
            .about(about)
            .server(oneMessage())
            .client(withContent(content, headers))
            .expect(o -> {
                Expect.outcomes(o, DELIVERED);
                Expect.clientSent(o, wire(data));
            });
    }

    /** A scenario whose header calls the facade refuses: nothing is sent, no connection made. */
    private static Scenario refusal(String id, String about, Consumer<Message> calls, String fragment) {
        return refusalBuilder(id, about, calls, fragment).build();
    }

    private static Scenario.Builder refusalBuilder(String id, String about, Consumer<Message> calls, String fragment) {
        return Scenario.named(id)
            .about(about)
            .server(oneMessage())
            .client(withContent(Clients.CONTENT, calls))
            .expect(o -> {
                Expect.refused(o, "InvalidArgumentException");
                Expect.refused(o, fragment);
                Expect.connections(o, 0);
            });
    }

    /** The client's bytes as sent, Date and Message-Id values included. */
    private static String raw(Observation o) {
        StringBuilder b = new StringBuilder();
        o.transcripts().forEach(t -> b.append(t.clientText()));
        return b.toString();
    }

    private static void rawSent(Observation o, String fragment) {
        assertTrue(raw(o).contains(fragment), () -> "expected the raw bytes to hold " + show(fragment) + "\n" + show(raw(o)));
    }

    private static void rawMatches(Observation o, String regex) {
        assertTrue(Pattern.compile(regex).matcher(raw(o)).find(),
                () -> "expected the raw bytes to match " + show(regex) + "\n" + show(raw(o)));
    }

    private static String show(String wire) {
        return wire.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
