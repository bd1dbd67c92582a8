package org.esmtp4j.pure.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.esmtp4j.HeaderOption;
import org.esmtp4j.HeaderSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The per-transfer header processing of spec §3.4, with the verified examples of spec §3. */
class HeaderProcessorTest {

    /** 2001-09-09T01:46:40.000005Z: Date "Sun, 09 Sep 2001 01:46:40 +0000", Message-Id "1000000000.5.4242@...". */
    private static final ZonedDateTime NOW =
            ZonedDateTime.ofInstant(Instant.ofEpochSecond(1_000_000_000L, 5_000), ZoneOffset.UTC);
    private static final String DATE = "Date: Sun, 09 Sep 2001 01:46:40 +0000\r\n";
    private static final String FROM = "From: sender@example.org\r\n";
    private static final String MESSAGE_ID = "Message-Id: <1000000000.5.4242@client.example>\r\n";
    private static final String GENERATED = DATE + FROM + MESSAGE_ID;

    private final HeaderSettings headers = new HeaderSettings();
    private String reversePath = "sender@example.org";
    private List<String> recipients = List.of("rcpt1@example.org", "rcpt2@example.net");
    /** The headers an engine would report to a monitor, one per element. */
    private final List<String> reported = new ArrayList<>();

    private HeaderProcessor processor() {
        return new HeaderProcessor(headers, reversePath, recipients, "client.example", NOW, 4242);
    }

    /** What an engine sends for the content: processed fields, missing headers, blank line, body. */
    private String transfer(String content) {
        return transfer(content, 65536);
    }

    private String transfer(String content, int chunkSize) {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        HeaderProcessor processor = processor();
        HeaderSectionReader reader = new HeaderSectionReader();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HeaderSectionReader.FieldSink sink = (b, off, len) -> {
            FieldResult result = processor.processField(b, off, len);
            switch (result.action()) {
                case PASS:
                    out.write(b, off, len);
                    reported.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
                    break;
                case REPLACE:
                    out.writeBytes(result.replacement());
                    reported.add(new String(result.replacement(), StandardCharsets.ISO_8859_1));
                    break;
                default:
                    break;
            }
        };
        int position = 0;
        int bodyStart = -1;
        try {
            while (bodyStart < 0 && position < bytes.length) {
                int n = Math.min(chunkSize, bytes.length - position);
                int start = reader.feed(bytes, position, n, sink);
                if (start >= 0) {
                    bodyStart = start;
                }
                position += n;
            }
            if (bodyStart < 0) {
                reader.finish(sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (byte[] header : processor.missingHeaders()) {
            out.writeBytes(header);
            reported.add(new String(header, StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        if (bodyStart >= 0) {
            out.write(bytes, bodyStart, bytes.length - bodyStart);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- verified examples of §3

    @Test
    void returnPathIsStripped() {
        assertEquals("Subject: s\r\n" + GENERATED + "\r\nbody\r\n",
                transfer("Return-Path: <x@example.org>\r\nSubject: s\r\n\r\nbody\r\n"));
    }

    @Test
    void originalRecipientAndResentReplyToAreStripped() {
        assertEquals("Resent-From: a\r\n" + GENERATED + "\r\n",
                transfer("Original-Recipient: rfc822;a@b\r\nResent-Reply-To: x\r\nResent-From: a\r\n\r\n"));
    }

    @Test
    void aSecondToIsDropped() {
        assertEquals("To: first@example.org\r\n" + GENERATED + "\r\n",
                transfer("To: first@example.org\r\nto: second@example.org\r\n\r\n"));
    }

    @Test
    void aSecondFromIsDroppedAndNoneIsGenerated() {
        assertEquals("FROM: a@example.org\r\n" + DATE + MESSAGE_ID + "\r\n",
                transfer("FROM: a@example.org\r\nFrom: b@example.org\r\n\r\n"));
    }

    @Test
    void unknownHeadersAreNeverDeduplicated() {
        assertEquals("X-Keep: 1\r\nX-Keep: 2\r\n" + GENERATED + "\r\n",
                transfer("X-Keep: 1\r\nX-Keep: 2\r\n\r\n"));
    }

    @Test
    void overrideReplacesInPlace() {
        headers.setText("Subject", "new");
        headers.setOption("Subject", HeaderOption.OVERRIDE, true);
        assertEquals("X-A: 1\r\nSubject: new\r\nX-B: 2\r\n" + GENERATED + "\r\n",
                transfer("X-A: 1\r\nSubject: old\r\n folded\r\nX-B: 2\r\n\r\n"));
    }

    @Test
    void withoutOverrideTheMessagesHeaderWinsAndTheApiValueIsNotAdded() {
        headers.setText("Subject", "api");
        assertEquals("Subject: message\r\n" + GENERATED + "\r\n", transfer("Subject: message\r\n\r\n"));
    }

    @Test
    void generatedHeadersFollowTheMessagesInTableOrderBeforeApiHeaders() {
        headers.setText("X-Api", "v");
        headers.addMailbox("Cc", null, "cc@example.org");
        assertEquals("Subject: s\r\n" + GENERATED + "X-Api: v\r\nCc: cc@example.org\r\n\r\nbody",
                transfer("Subject: s\r\n\r\nbody"));
    }

    @Test
    void bccIsKeptFromTheMessageAndFromTheApi() {
        assertEquals("Bcc: hidden@example.org\r\n" + GENERATED + "\r\n", transfer("Bcc: hidden@example.org\r\n\r\n"));
        headers.addMailbox("Bcc", null, "b@example.org");
        assertEquals(GENERATED + "Bcc: b@example.org\r\n\r\n", transfer("\r\n"));
    }

    @Test
    void toIsGeneratedOnlyWhenRequested() {
        assertEquals(GENERATED + "\r\n", transfer("\r\n"));
        headers.setDefault("To");
        assertEquals(GENERATED + "To: rcpt1@example.org,\r\n\trcpt2@example.net\r\n\r\n", transfer("\r\n"));
    }

    @Test
    void aGeneratedToWithoutRecipientsIsNotEmitted() {
        recipients = List.of();
        headers.setDefault("To");
        assertEquals(GENERATED + "\r\n", transfer("\r\n"));
    }

    @Test
    void foldedContentTypeAndRepeatedPreservedHeadersPassUnchanged() {
        String section = "Received: from a\r\n\tby b\r\nReceived: from c\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed;\r\n\tboundary=\"xyz\"\r\nContent-Type: text/plain\r\n";
        assertEquals(section + GENERATED + "\r\nbody\r\n", transfer(section + "\r\nbody\r\n"));
    }

    @Test
    void messageWithoutHeaders() {
        assertEquals(GENERATED + "\r\nbody line\r\n", transfer("\r\nbody line\r\n"));
    }

    @Test
    void messageWithoutBlankLineIsAllHeaders() {
        assertEquals("Subject: s\r\nbody line\r\n" + GENERATED + "\r\n", transfer("Subject: s\r\nbody line\r\n"));
        assertEquals("last no crlf\r\n" + GENERATED + "\r\n", transfer("last no crlf"));
    }

    @Test
    void prohibitOnMessageIdStopsGenerationAndStripsIt() {
        headers.setOption("Message-Id", HeaderOption.PROHIBIT, true);
        assertEquals(DATE + FROM + "\r\n", transfer("\r\n"));
        assertEquals("Subject: s\r\n" + DATE + FROM + "\r\n", transfer("Message-ID: <old@x>\r\nSubject: s\r\n\r\n"));
    }

    @Test
    void prohibitedCustomHeaderIsStrippedAndNotEmitted() {
        headers.setText("X-Secret", "v");
        headers.setOption("X-Secret", HeaderOption.PROHIBIT, true);
        assertEquals(GENERATED + "\r\n", transfer("x-secret: from message\r\n\r\n"));
    }

    // ---------------------------------------------------------------- override

    @Test
    void overrideWithoutValueSubstitutesTheGeneratedDefaults() {
        headers.setOption("Date", HeaderOption.OVERRIDE, true);
        headers.setOption("From", HeaderOption.OVERRIDE, true);
        headers.setOption("Message-Id", HeaderOption.OVERRIDE, true);
        assertEquals("X: 1\r\n" + MESSAGE_ID + FROM + DATE + "\r\n",
                transfer("X: 1\r\nMessage-Id: <old@x>\r\nfrom: someone@else\r\nDate: yesterday\r\n\r\n"));
    }

    @Test
    void overrideOnANameWithoutValuePassesTheMessagesHeaderThrough() {
        headers.setOption("Subject", HeaderOption.OVERRIDE, true);
        headers.setOption("Cc", HeaderOption.OVERRIDE, true);
        assertEquals("Subject: mine\r\nCc: c@example.org\r\n" + GENERATED + "\r\n",
                transfer("Subject: mine\r\nCc: c@example.org\r\nSubject: dropped as duplicate\r\n\r\n"));
    }

    @Test
    void overrideOfToWithGenerationUsesTheEnvelope() {
        headers.setDefault("To");
        headers.setOption("To", HeaderOption.OVERRIDE, true);
        assertEquals("To: rcpt1@example.org,\r\n\trcpt2@example.net\r\n" + GENERATED + "\r\n",
                transfer("To: list@example.org\r\n\r\n"));
    }

    @Test
    void anOptionOnlyNameIsDeduplicated() {
        headers.setOption("X-Once", HeaderOption.OVERRIDE, false);
        assertEquals("X-Once: 1\r\n" + GENERATED + "\r\n", transfer("X-Once: 1\r\nX-Once: 2\r\n\r\n"));
    }

    // ---------------------------------------------------------------- formatting

    @Test
    void mailboxListsPrintInCallOrderWithPhrasesAndNullPath() {
        headers.addMailbox("From", null, "a@example.org");
        headers.addMailbox("From", "Bee \"B\" Example", "b@example.org");
        headers.addMailbox("From", null, "");
        assertEquals(DATE + "From: a@example.org,\r\n    \"Bee \\\"B\\\" Example\" <b@example.org>,\r\n    <>\r\n"
                + MESSAGE_ID + "\r\n", transfer("\r\n"));
    }

    @Test
    void senderWithPhraseAndEmptyMailbox() {
        headers.addMailbox("Sender", "Nobody", "");
        assertEquals(GENERATED + "Sender: \"Nobody\" <>\r\n\r\n", transfer("\r\n"));
    }

    @Test
    void apiNamesKeepTheCallersSpelling() {
        headers.addMailbox("cc", "C", "c@example.org");
        headers.addMailbox("reply-to", null, "r@example.org");
        assertEquals(GENERATED + "cc: \"C\" <c@example.org>\r\nreply-to: r@example.org\r\n\r\n", transfer("\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null"})
    void defaultFromIsTheNullPathWithoutReversePath(String path) {
        reversePath = path.equals("null") ? null : path;
        assertEquals(DATE + "From: <>\r\n" + MESSAGE_ID + "\r\n", transfer("\r\n"));
    }

    @Test
    void defaultDispositionNotificationToIsTheReversePath() {
        headers.setDefault("Disposition-Notification-To");
        assertEquals(GENERATED + "Disposition-Notification-To: sender@example.org\r\n\r\n", transfer("\r\n"));
    }

    @Test
    void apiDateAndMessageId() {
        headers.setDate(Instant.parse("2024-02-29T23:05:09Z"));
        headers.setMessageId("abc@example.org");
        assertEquals("Date: Thu, 29 Feb 2024 23:05:09 +0000\r\n" + FROM + "Message-Id: <abc@example.org>\r\n\r\n",
                transfer("\r\n"));
    }

    @Test
    void dateIsEnglishInTheZoneOfNowWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            headers.setDate(Instant.parse("2001-09-09T01:46:40Z"));
            HeaderProcessor processor = new HeaderProcessor(headers, null, List.of(), "h",
                    NOW.withZoneSameInstant(ZoneOffset.ofHoursMinutes(-3, -30)), 1);
            assertEquals("Date: Sat, 08 Sep 2001 22:16:40 -0330\r\n",
                    new String(processor.missingHeaders().get(0), StandardCharsets.ISO_8859_1));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void messageIdMicrosecondsAreNotZeroPadded() {
        HeaderProcessor processor = new HeaderProcessor(headers, null, List.of(), "h.example",
                ZonedDateTime.ofInstant(Instant.ofEpochSecond(7, 123_456_789), ZoneOffset.UTC), 99);
        assertEquals("Message-Id: <7.123456.99@h.example>\r\n",
                new String(processor.missingHeaders().get(2), StandardCharsets.ISO_8859_1));
    }

    @Test
    void emptyCustomHeader() {
        headers.setText("X-Empty", null);
        assertEquals(GENERATED + "X-Empty: \r\n\r\n", transfer("\r\n"));
    }

    @Test
    void nonAsciiValuesAreUtf8() {
        headers.setText("X-Name", "Zoë");
        List<byte[]> missing = processor().missingHeaders();
        assertArrayEquals("X-Name: Zoë\r\n".getBytes(StandardCharsets.UTF_8), missing.get(3));
    }

    // ---------------------------------------------------------------- field handling

    @Test
    void fieldsWithoutColonOrWithEmptyNamePassUnchanged() {
        assertEquals("no colon here\r\n: empty name\r\nFrom : spaced name is not From\r\n" + GENERATED + "\r\n",
                transfer("no colon here\r\n: empty name\r\nFrom : spaced name is not From\r\n\r\n"));
    }

    @Test
    void passAndDropAllocateNothing() {
        HeaderProcessor processor = processor();
        byte[] field = "X-Any: 1\r\nReturn-Path: <>\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertSame(FieldResult.PASS, processor.processField(field, 0, 10));
        assertSame(FieldResult.DROP, processor.processField(field, 10, field.length - 10));
    }

    @Test
    void eachEmittedHeaderIsReportedOnceAndSeparately() {
        headers.setText("Subject", "new");
        headers.setOption("Subject", HeaderOption.OVERRIDE, true);
        headers.setDefault("To");
        transfer("Subject: old\r\nReturn-Path: <x>\r\nX-A: 1\r\n\r\nbody\r\n");
        assertEquals(List.of("Subject: new\r\n", "X-A: 1\r\n", DATE, FROM, MESSAGE_ID,
                "To: rcpt1@example.org,\r\n\trcpt2@example.net\r\n"), reported);
    }

    @Test
    void chunkBoundariesDoNotChangeTheResult() {
        headers.setText("Subject", "new");
        headers.setOption("Subject", HeaderOption.OVERRIDE, true);
        String content = "Received: a\r\n\tb\r\nSubject: old\r\n cont\r\nTo: x\r\nTo: y\r\n\r\n.body\r\nmore\r\n";
        String expected = transfer(content);
        assertTrue(expected.startsWith("Received: a\r\n\tb\r\nSubject: new\r\nTo: x\r\n" + GENERATED + "\r\n.body"));
        for (int chunk = 1; chunk < content.length(); chunk++) {
            assertEquals(expected, transfer(content, chunk), "chunk size " + chunk);
        }
    }

    @Test
    void theClockIsReadOnlyForAHeaderThatNeedsTheTimeAndThenOnce() {
        int[] reads = {0};
        HeaderProcessor own = new HeaderProcessor(headers, reversePath, recipients, "client.example", () -> {
            reads[0]++;
            return NOW;
        }, 4242);
        byte[] date = "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] id = "Message-Id: <own@example.org>\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] from = FROM.getBytes(StandardCharsets.US_ASCII);
        own.processField(date, 0, date.length);
        own.processField(id, 0, id.length);
        own.processField(from, 0, from.length);
        assertTrue(own.missingHeaders().isEmpty());
        assertEquals(0, reads[0], "a message with its own Date and Message-Id needs no clock");

        HeaderProcessor generating = new HeaderProcessor(headers, reversePath, recipients, "client.example", () -> {
            reads[0]++;
            return NOW;
        }, 4242);
        StringBuilder generated = new StringBuilder();
        for (byte[] h : generating.missingHeaders()) {
            generated.append(new String(h, StandardCharsets.US_ASCII));
        }
        assertEquals(GENERATED, generated.toString());
        assertEquals(1, reads[0], "Date and Message-Id share one reading of the clock");
    }
}
