package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header rules of spec §3.1–§3.5, checked on the facade model. */
class HeaderSettingsTest {

    private final HeaderSettings headers = new HeaderSettings();

    private static InvalidArgumentException refused(Executable call, String... fragments) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "\"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
        }
        return e;
    }

    private List<String> listedNames() {
        return headers.entries().stream().map(HeaderEntry::name).collect(Collectors.toList());
    }

    private HeaderEntry entry(String name) {
        return headers.lookup(name).orElseThrow();
    }

    @Nested
    class Table {

        @Test
        void dateFromAndMessageIdAreListedFromCreationInTableOrder() {
            assertEquals(List.of("Date", "From", "Message-Id"), listedNames());
            assertEquals(HeaderPolicy.REQUIRE, entry("Date").policy());
            assertEquals(HeaderPolicy.REQUIRE, entry("From").policy());
            assertEquals(HeaderPolicy.SHOULD, entry("Message-Id").policy());
        }

        @Test
        void apiHeadersFollowInFirstSetOrder() {
            headers.setText("X-B", "b");
            headers.addMailbox("Cc", null, "c@example.org");
            headers.setText("X-A", "a");
            headers.addMailbox("Cc", null, "d@example.org");
            assertEquals(List.of("Date", "From", "Message-Id", "X-B", "Cc", "X-A"), listedNames());
        }

        @Test
        void listedNameKeepsTheCallersSpelling() {
            headers.addMailbox("to", null, "a@example.org");
            headers.addMailbox("FROM", null, "b@example.org");
            assertEquals(List.of("Date", "From", "Message-Id", "to"), listedNames());
        }

        @Test
        void builtInKindsAndListFlags() {
            assertEquals(HeaderKind.ORIGINATOR, entry("Disposition-Notification-To").kind());
            assertFalse(entry("Disposition-Notification-To").isListValue());
            assertEquals(HeaderKind.SENDER, entry("Sender").kind());
            assertTrue(entry("To").isListValue());
            for (String name : List.of("Cc", "Bcc", "Reply-To")) {
                assertEquals(HeaderKind.ADDRESS_LIST, entry(name).kind());
                assertTrue(entry(name).isListValue());
                assertFalse(entry(name).isListed());
            }
        }
    }

    @Nested
    class Lookup {

        @Test
        void exactMatchIsCaseInsensitive() {
            assertSame(entry("Message-Id"), entry("MESSAGE-ID"));
            assertSame(entry("Reply-To"), entry("reply-to"));
        }

        @Test
        void otherwiseThePrefixUpToTheFirstDashMatches() {
            assertEquals("Content-", entry("Content-Type").name());
            assertEquals("MIME-", entry("mime-version").name());
            assertEquals("Resent-", entry("Resent-From").name());
            assertEquals(HeaderPolicy.PRESERVE, entry("Content-Transfer-Encoding").policy());
        }

        @Test
        void anExactMatchWinsOverThePrefix() {
            assertEquals(HeaderPolicy.PROHIBIT, entry("Resent-Reply-To").policy());
        }

        @Test
        void prohibitAndPreserveNames() {
            for (String name : List.of("Return-Path", "Original-Recipient", "Resent-Reply-To")) {
                assertEquals(HeaderPolicy.PROHIBIT, entry(name).policy(), name);
                assertTrue(entry(name).isStripped(), name);
            }
            assertEquals(HeaderPolicy.PRESERVE, entry("Received").policy());
            assertFalse(entry("Received").isStripped());
        }

        @Test
        void theByteLookupAgreesWithTheStringLookup() {
            headers.setText("X-Custom", "v");
            for (String name : List.of("Message-Id", "MESSAGE-ID", "reply-to", "Content-Type", "mime-version",
                    "Resent-Reply-To", "Resent-From", "Received", "Receivedx", "Subject", "X-Custom", "x-CUSTOM",
                    "X-Customs", "X-", "Content-", "-", "Dat\u00e9", "From ", " From", "T")) {
                byte[] field = ("@@" + name + ": value").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                assertSame(headers.lookup(name).orElse(null), headers.lookup(field, 2, name.length()), name);
            }
            assertSame(null, headers.lookup(new byte[] {'T', 'o'}, 0, 0), "an empty name matches nothing");
        }

        @Test
        void unknownNamesAndEmptyNamesMatchNothing() {
            assertTrue(headers.lookup("Subject").isEmpty());
            assertTrue(headers.lookup("X-Mailer").isEmpty());
            assertTrue(headers.lookup("Receivedx").isEmpty());
            assertTrue(headers.lookup("").isEmpty());
            assertTrue(headers.lookup(null).isEmpty());
        }

        @Test
        void customNamesBecomeTableEntries() {
            headers.setText("X-Mailer", "m");
            assertEquals("X-Mailer", entry("x-mailer").name());
            assertEquals(HeaderKind.TEXT, entry("x-mailer").kind());
            assertTrue(headers.lookup("X-Other").isEmpty(), "a custom name is not a prefix");
        }
    }

    @Nested
    class Text {

        @Test
        void setsACustomHeader() {
            headers.setText("Subject", "hello");
            assertEquals("hello", entry("Subject").text().orElseThrow());
            assertTrue(entry("Subject").isListed());
        }

        @Test
        void nullGivesAnEmptyHeaderThatMayStillBeSet() {
            headers.setText("X-Empty", null);
            assertTrue(entry("X-Empty").isListed());
            assertTrue(entry("X-Empty").text().isEmpty());
            headers.setText("x-empty", "later");
            assertEquals("later", entry("X-Empty").text().orElseThrow());
        }

        @Test
        void aSecondValueIsRefused() {
            headers.setText("Subject", "one");
            refused(() -> headers.setText("SUBJECT", "two"), "SUBJECT", "single value");
            assertEquals("one", entry("Subject").text().orElseThrow());
        }

        @Test
        void builtInNamesNameTheirSetter() {
            refused(() -> headers.setText("From", "a@example.org"), "addMailbox");
            refused(() -> headers.setText("cc", "a@example.org"), "addMailbox");
            refused(() -> headers.setText("Date", "today"), "setDate");
            refused(() -> headers.setText("message-id", "x@y"), "setMessageId");
            assertFalse(entry("Cc").isListed());
        }
    }

    @Nested
    class RefusedNames {

        @ParameterizedTest
        @ValueSource(strings = {"Content-Type", "content-transfer-encoding", "MIME-Version", "Resent-From", "Received"})
        void preserveNamesCannotBeSetOrGivenOptions(String name) {
            refused(() -> headers.setText(name, "v"), name, "PRESERVE", "message content");
            refused(() -> headers.addMailbox(name, null, "a@example.org"), "PRESERVE");
            refused(() -> headers.setDefault(name), "PRESERVE");
            refused(() -> headers.setOption(name, HeaderOption.OVERRIDE, true), "PRESERVE");
            refused(() -> headers.setOption(name, HeaderOption.PROHIBIT, true), "PRESERVE");
        }

        @Test
        void contentTypeMessageSaysWhatToDo() {
            InvalidArgumentException e = refused(() -> headers.setText("Content-Type", "text/plain"));
            assertEquals("Content-Type is a MIME header that libESMTP passes through unchanged (PRESERVE);"
                    + " set it in the message content", e.problem());
            assertEquals(SmtpError.INVAL, e.error());
        }

        @ParameterizedTest
        @ValueSource(strings = {"Return-Path", "Original-Recipient", "Resent-Reply-To", "return-path"})
        void prohibitNamesCannotBeSetOrGivenOptions(String name) {
            refused(() -> headers.setText(name, "v"), "PROHIBIT");
            refused(() -> headers.addMailbox(name, null, "a@example.org"), "PROHIBIT");
            refused(() -> headers.setOption(name, HeaderOption.OVERRIDE, true), "PROHIBIT");
            refused(() -> headers.setOption(name, HeaderOption.PROHIBIT, false), "PROHIBIT");
            assertFalse(entry(name).isListed());
        }
    }

    @Nested
    class Injection {

        @Test
        void valueWithCrlfIsRefused() {
            refused(() -> headers.setText("Subject", "x\r\nBcc: evil@y"), "Subject");
            refused(() -> headers.setText("Subject", "x\nBcc: evil@y"));
            refused(() -> headers.setText("Subject", "x\0y"));
            assertTrue(headers.lookup("Subject").isEmpty(), "a refused call registers nothing");
        }

        @Test
        void nameWithColonOrCrlfIsRefused() {
            refused(() -> headers.setText("Bcc: evil@y\r\nX", "v"));
            refused(() -> headers.setText("X-A:", "v"), "colon");
            refused(() -> headers.setText("X A", "v"));
            refused(() -> headers.setText("", "v"));
            refused(() -> headers.setOption("X:", HeaderOption.PROHIBIT, true));
        }

        @Test
        void mailboxAndPhraseWithCrlfAreRefused() {
            refused(() -> headers.addMailbox("To", null, "a@example.org\r\nBcc: evil@y"));
            refused(() -> headers.addMailbox("To", "x\r\nBcc: evil@y", "a@example.org"));
            assertFalse(entry("To").isListed());
        }

        @Test
        void mailboxWithAngleBracketsIsRefused() {
            refused(() -> headers.addMailbox("Cc", null, "<a@example.org>"), "bare address");
            refused(() -> headers.addMailbox("Cc", null, "a@example.org>, evil@y"), "'>'");
        }

        @Test
        void messageIdWithBracketsOrWhiteSpaceIsRefused() {
            refused(() -> headers.setMessageId("<a@b>"), "without angle brackets");
            refused(() -> headers.setMessageId("a b@c"), "white space");
            refused(() -> headers.setMessageId(""), "empty");
            refused(() -> headers.setMessageId("a@b\r\nBcc: evil@y"));
            assertTrue(entry("Message-Id").messageId().isEmpty());
        }
    }

    @Nested
    class Mailboxes {

        @Test
        void listHeadersAcceptRepeatedCallsKeptInCallOrder() {
            for (String name : List.of("From", "To", "Cc", "Bcc", "Reply-To")) {
                headers.addMailbox(name, null, "a@example.org");
                headers.addMailbox(name, "B", "b@example.org");
                assertEquals(List.of(new HeaderMailbox(null, "a@example.org"), new HeaderMailbox("B", "b@example.org")),
                        entry(name).mailboxes(), name);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"Sender", "Disposition-Notification-To"})
        void singleMailboxHeadersRefuseASecondOne(String name) {
            headers.addMailbox(name, null, "a@example.org");
            refused(() -> headers.addMailbox(name, null, "b@example.org"), "single mailbox");
            assertEquals(1, entry(name).mailboxes().size());
        }

        @Test
        void phrasesAreStoredEscapedForAQuotedString() {
            headers.addMailbox("From", "Joe \"the\" Plumber \\ Co", "joe@example.org");
            assertEquals("Joe \\\"the\\\" Plumber \\\\ Co", entry("From").mailboxes().get(0).escapedPhrase());
        }

        @Test
        void nullMailboxIsRefusedWithAHint() {
            refused(() -> headers.addMailbox("From", "Joe", null), "null", "setHeaderDefault", "reverse path");
            refused(() -> headers.addMailbox("To", "Joe", null), "null", "setHeaderDefault", "envelope recipients");
            refused(() -> headers.addMailbox("Sender", "Joe", null), "null");
            for (String name : List.of("Cc", "Bcc", "Reply-To")) {
                refused(() -> headers.addMailbox(name, null, null), "null");
                assertFalse(entry(name).isListed(), name + ": no unterminated entry is left (spec §8.3 #28)");
            }
        }

        @Test
        void emptyMailboxIsTheNullPathOnlyForOriginators() {
            headers.addMailbox("From", null, "");
            headers.addMailbox("Sender", "Nobody", "");
            headers.addMailbox("Disposition-Notification-To", null, "");
            for (String name : List.of("To", "Cc", "Bcc", "Reply-To")) {
                refused(() -> headers.addMailbox(name, null, ""), "empty");
            }
        }

        @Test
        void customNamesAreNotMailboxHeaders() {
            refused(() -> headers.addMailbox("Subject", null, "a@example.org"), "setHeader(name, value)");
            headers.setText("X-Custom", "v");
            refused(() -> headers.addMailbox("X-Custom", null, "a@example.org"), "setHeader(name, value)");
            refused(() -> headers.addMailbox("Date", null, "a@example.org"), "setDate");
        }
    }

    @Nested
    class DateAndMessageId {

        @Test
        void dateIsKeptInWholeSecondsAndSetOnce() {
            headers.setDate(Instant.ofEpochSecond(1_000_000_000L, 999_000_000));
            assertEquals(Instant.ofEpochSecond(1_000_000_000L), entry("Date").date().orElseThrow());
            refused(() -> headers.setDate(Instant.EPOCH), "Date", "single value");
            refused(() -> headers.setDate(null), "single value");
        }

        @Test
        void nullDateMeansNowAndLeavesItSettable() {
            headers.setDate(null);
            assertTrue(entry("Date").date().isEmpty());
            headers.setDate(Instant.ofEpochSecond(5));
            assertEquals(Instant.ofEpochSecond(5), entry("Date").date().orElseThrow());
        }

        @Test
        void messageIdIsSetOnce() {
            headers.setMessageId(null);
            headers.setMessageId("1@example.org");
            assertEquals("1@example.org", entry("Message-Id").messageId().orElseThrow());
            refused(() -> headers.setMessageId("2@example.org"), "single value");
            refused(() -> headers.setMessageId(null), "single value");
        }

        @Test
        void prohibitedMessageIdCannotBeSet() {
            headers.setOption("Message-Id", HeaderOption.PROHIBIT, true);
            refused(() -> headers.setMessageId("1@example.org"), "prohibited");
            refused(() -> headers.setDefault("Message-Id"), "prohibited");
            headers.setOption("Message-Id", HeaderOption.PROHIBIT, false);
            headers.setMessageId("1@example.org");
        }
    }

    @Nested
    class Defaults {

        @Test
        void toIsGeneratedOnlyWhenRequested() {
            assertFalse(entry("To").generatesFromEnvelope());
            headers.setDefault("To");
            assertTrue(entry("To").generatesFromEnvelope());
            assertTrue(entry("To").isListed());
        }

        @Test
        void defaultToDiscardsEarlierMailboxesAndLaterOnesReplaceGeneration() {
            headers.addMailbox("To", null, "a@example.org");
            headers.setDefault("To");
            assertTrue(entry("To").mailboxes().isEmpty());
            assertTrue(entry("To").generatesFromEnvelope());
            headers.addMailbox("To", null, "b@example.org");
            assertFalse(entry("To").generatesFromEnvelope());
            assertEquals(List.of(new HeaderMailbox(null, "b@example.org")), entry("To").mailboxes());
        }

        @Test
        void defaultFromAfterMailboxesDoesNothing() {
            headers.addMailbox("From", null, "a@example.org");
            headers.setDefault("From");
            assertEquals(1, entry("From").mailboxes().size());
        }

        @Test
        void defaultDispositionNotificationToListsTheReversePathDefault() {
            headers.setDefault("Disposition-Notification-To");
            assertTrue(entry("Disposition-Notification-To").isListed());
            assertTrue(entry("Disposition-Notification-To").mailboxes().isEmpty());
            headers.setDefault("Disposition-Notification-To");
            headers.addMailbox("Disposition-Notification-To", null, "a@example.org");
            refused(() -> headers.setDefault("Disposition-Notification-To"), "single mailbox");
        }

        @Test
        void defaultDateAndMessageIdAreRefusedOnceAValueIsSet() {
            headers.setDefault("Date");
            headers.setDefault("Message-Id");
            headers.setDate(Instant.ofEpochSecond(5));
            headers.setMessageId("1@example.org");
            refused(() -> headers.setDefault("Date"), "already has a value");
            refused(() -> headers.setDefault("message-id"), "already has a value");
        }

        @Test
        void namesWithoutADefaultAreRefused() {
            for (String name : List.of("Sender", "Cc", "Bcc", "Reply-To")) {
                refused(() -> headers.setDefault(name), name, "no default", "addMailbox");
                assertFalse(entry(name).isListed());
            }
            refused(() -> headers.setDefault("X-Foo"), "setHeader(name, null)");
            assertTrue(headers.lookup("X-Foo").isEmpty());
        }
    }

    @Nested
    class Options {

        @Test
        void overrideIsAllowedOnRequiredAndOptionalNames() {
            headers.setOption("Date", HeaderOption.OVERRIDE, true);
            headers.setOption("To", HeaderOption.OVERRIDE, true);
            headers.setOption("Subject", HeaderOption.OVERRIDE, true);
            assertTrue(entry("Date").isOverride());
            assertTrue(entry("To").isOverride());
            headers.setOption("To", HeaderOption.OVERRIDE, false);
            assertFalse(entry("To").isOverride());
        }

        @Test
        void anOptionOnAnUnknownNameRegistersItWithoutListingIt() {
            headers.setOption("Subject", HeaderOption.OVERRIDE, true);
            HeaderEntry subject = entry("subject");
            assertEquals(HeaderKind.TEXT, subject.kind());
            assertFalse(subject.isListed());
            assertTrue(headers.allEntries().contains(subject));
            assertFalse(headers.entries().contains(subject));
            headers.setText("SUBJECT", "s");
            assertSame(subject, entry("Subject"));
            assertEquals("SUBJECT", subject.name());
        }

        @Test
        void overrideIsRefusedOnAProhibitedName() {
            headers.setOption("X-Foo", HeaderOption.PROHIBIT, true);
            refused(() -> headers.setOption("X-Foo", HeaderOption.OVERRIDE, true), "prohibited");
            refused(() -> headers.setOption("X-Foo", HeaderOption.OVERRIDE, false), "prohibited");
            headers.setOption("X-Foo", HeaderOption.PROHIBIT, false);
            headers.setOption("X-Foo", HeaderOption.OVERRIDE, true);
        }

        @Test
        void prohibitIsRefusedForRequiredNames() {
            refused(() -> headers.setOption("Date", HeaderOption.PROHIBIT, true), "required");
            refused(() -> headers.setOption("from", HeaderOption.PROHIBIT, true), "required");
            assertFalse(entry("Date").isProhibited());
        }

        @Test
        void prohibitIsAllowedOnShouldAndOptionalNames() {
            for (String name : List.of("Message-Id", "To", "Sender", "Bcc", "X-Mailer")) {
                headers.setOption(name, HeaderOption.PROHIBIT, true);
                assertTrue(entry(name).isProhibited(), name);
                assertTrue(entry(name).isStripped(), name);
            }
        }

        @Test
        void aProhibitedNameCannotBeGivenAValue() {
            headers.setOption("Cc", HeaderOption.PROHIBIT, true);
            refused(() -> headers.addMailbox("Cc", null, "a@example.org"), "prohibited");
            headers.setOption("X-Foo", HeaderOption.PROHIBIT, true);
            refused(() -> headers.setText("X-Foo", "v"), "prohibited");
            headers.setOption("To", HeaderOption.PROHIBIT, true);
            refused(() -> headers.setDefault("To"), "prohibited");
        }

        @Test
        void prohibitAfterAValueKeepsTheValue() {
            headers.setText("X-Foo", "v");
            headers.setOption("X-Foo", HeaderOption.PROHIBIT, true);
            assertTrue(entry("X-Foo").isListed());
            assertTrue(entry("X-Foo").isProhibited());
        }
    }
}
