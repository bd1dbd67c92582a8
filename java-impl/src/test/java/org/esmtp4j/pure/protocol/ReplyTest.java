package org.esmtp4j.pure.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.esmtp4j.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

    @Test
    void codeClassAndPredicates() {
        Reply ok = Reply.of(250, "ok");
        assertEquals(2, ok.codeClass());
        assertTrue(ok.isPositive());
        assertFalse(ok.isIntermediate() || ok.isTransientFailure() || ok.isPermanentFailure());
        assertTrue(Reply.of(354, "go").isIntermediate());
        assertTrue(Reply.of(421, "bye").isTransientFailure());
        assertTrue(Reply.of(554, "no").isPermanentFailure());
        assertEquals("first", Reply.of(250, "first", "second").firstLine());
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new Reply(250, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(25, "x"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(1000, "x"));
        assertThrows(NullPointerException.class, () -> new Reply(250, null));
    }

    @Test
    void withoutEnhancedCodesTheTextIsKeptAsReceived() {
        Status s = Reply.of(250, "2.1.0 Ok").toStatus(false);
        assertEquals(new Status(250, "2.1.0 Ok", 0, 0, 0, false), s);
    }

    @Test
    void enhancedCodeIsStrippedFromEveryLineAndTakenFromTheFirst() {
        Status single = Reply.of(250, "2.1.0 Ok").toStatus(true);
        assertEquals(new Status(250, "Ok", 2, 1, 0, false), single);

        Status multi = Reply.of(550, "5.1.1 <a@b>: rejected", "5.1.1 User unknown").toStatus(true);
        assertEquals(new Status(550, "<a@b>: rejected\nUser unknown", 5, 1, 1, false), multi);

        Status threeDigitParts = Reply.of(452, "4.123.456 busy").toStatus(true);
        assertEquals(new Status(452, "busy", 4, 123, 456, false), threeDigitParts);

        Status codeOnly = Reply.of(250, "2.0.0").toStatus(true);
        assertEquals(new Status(250, "", 2, 0, 0, false), codeOnly);
    }

    @Test
    void classDisagreeingWithTheReplyCodeIsSanitisedToReplyClassDotZeroDotZero() {
        // hostile case B7, Postfix smtp_chat.c: the reply code wins
        assertEquals(new Status(250, "ok", 2, 0, 0, false), Reply.of(250, "5.1.1 ok").toStatus(true));
        assertEquals(new EnhancedCode(2, 0, 0), Reply.of(250, "5.1.1 ok").enhancedCode());
        // a continuation line with another triplet is not an error; the first line decides
        assertEquals(new Status(550, "a\nb", 5, 1, 1, false), Reply.of(550, "5.1.1 a", "4.0.0 b").toStatus(true));
    }

    @Test
    void malformedTripletIsTextAndEarnsTheSyntaxWarning() {
        Reply reply = Reply.of(250, "2.0 ok");
        assertTrue(reply.lacksEnhancedCode());
        assertNull(reply.enhancedCode());
        assertEquals(new Status(250, "2.0 ok", 0, 0, 0, false), reply.toStatus(true));
    }

    @Test
    void firstLineWithoutTripletLeavesTheWholeReplyUnstripped() {
        // libESMTP ignores the triplets of the whole reply once the first line lacks one (§5.7),
        // as the conformance scenario enhanced/first-line-missing-then-continuation shows.
        Reply reply = Reply.of(250, "hello", "2.0.0 more");
        assertTrue(reply.lacksEnhancedCode());
        assertEquals(new Status(250, "hello\n2.0.0 more", 0, 0, 0, false), reply.toStatus(true));
    }

    @Test
    void intermediateRepliesAreNeverStrippedNorWarned() {
        Reply reply = Reply.of(354, "2.0.0 go ahead");
        assertFalse(reply.lacksEnhancedCode());
        assertNull(reply.enhancedCode());
        assertEquals(new Status(354, "2.0.0 go ahead", 0, 0, 0, false), reply.toStatus(true));
    }

    @Test
    void replyWithTripletDoesNotEarnTheWarning() {
        assertFalse(Reply.of(250, "2.1.5 ok").lacksEnhancedCode());
        assertFalse(Reply.of(250, "2.1.5").lacksEnhancedCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.1.0x ok", "3.1.0 ok", "6.0.0 ok", "2..0 ok", "2.1. ok", "2.1000.0 ok", "2.1.1000 ok",
        " 2.1.0 ok", "2-1-0 ok", "2.1.0\uFFFDok", "x", ""})
    void notAnEnhancedCode(String text) {
        assertNull(EnhancedCode.parsePrefix(text));
        assertEquals(text, Reply.of(250, text).toStatus(true).text());
    }

    @ParameterizedTest
    @CsvSource({"'2.1.0 ok',2,1,0", "'4.7.1',4,7,1", "'5.999.999 x',5,999,999", "'2.01.002 x',2,1,2"})
    void enhancedCodeGrammar(String text, int c, int s, int d) {
        assertEquals(new EnhancedCode(c, s, d), EnhancedCode.parsePrefix(text));
    }

    @Test
    void enhancedCodeValueObject() {
        EnhancedCode code = new EnhancedCode(5, 7, 1);
        assertEquals("5.7.1", code.toString());
        assertEquals(List.of(5, 7, 1), java.util.Arrays.stream(code.toArray()).boxed().toList());
        assertEquals(code, code.sanitisedFor(550));
        assertEquals(new EnhancedCode(4, 0, 0), code.sanitisedFor(451));
        assertThrows(IllegalArgumentException.class, () -> new EnhancedCode(3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnhancedCode(2, 1000, 0));
    }
}
