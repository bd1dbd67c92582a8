package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code smtp_status_t} (libESMTP §1.8): text forms, enhanced codes, classes and validation. */
class StatusTest {

    @Test
    void serverLinesAreJoinedWithLineFeed() {
        Status s = Status.ofServer(250, List.of("first line", "second line"), null);
        assertEquals(250, s.code());
        assertEquals("first line\nsecond line", s.text());
        assertFalse(s.local());
    }

    @Test
    void libesmtpTextEndsEveryLineWithCrlf() {
        // libESMTP verified: "first line\r\nsecond line\r\n".
        assertEquals("first line\r\nsecond line\r\n",
                Status.ofServer(250, List.of("first line", "second line"), null).libesmtpText());
        assertEquals("ok\r\n", Status.ofServer(250, List.of("ok"), null).libesmtpText());
    }

    @Test
    void enhancedCodeIsClassSubjectDetail() {
        Status s = Status.ofServer(550, List.of("no such user"), new int[] {5, 1, 1});
        assertEquals("5.1.1", s.enhancedCode());
        assertEquals(5, s.enhancedClass());
        assertEquals(1, s.enhancedSubject());
        assertEquals(1, s.enhancedDetail());
        assertEquals("", Status.ofServer(550, List.of("no such user"), null).enhancedCode());
    }

    @Test
    void noneIsTheZeroedStatus() {
        assertEquals(0, Status.NONE.code());
        assertFalse(Status.NONE.isSet());
        assertEquals("", Status.NONE.text());
        assertEquals("", Status.NONE.libesmtpText());
        assertEquals("", Status.NONE.enhancedCode());
        assertFalse(Status.NONE.isPositive() || Status.NONE.isTransientFailure() || Status.NONE.isPermanentFailure());
        assertEquals("(no status)", Status.NONE.toString());
    }

    @Test
    void clientStatusIsLocalWithItsEnhancedCode() {
        Status s = Status.ofClient(554, "5.3.4", "too big");
        assertTrue(s.local());
        assertEquals("5.3.4", s.enhancedCode());
        assertEquals("too big", s.text());
        assertTrue(s.isPermanentFailure());
        assertTrue(s.toString().contains("[local]"), s.toString());
    }

    @Test
    void replyClasses() {
        Status ok = Status.ofServer(250, List.of("ok"), null);
        Status later = Status.ofServer(451, List.of("later"), null);
        Status never = Status.ofServer(550, List.of("never"), null);
        Status intermediate = Status.ofServer(354, List.of("go ahead"), null);
        assertTrue(ok.isSet() && ok.isPositive() && !ok.isTransientFailure() && !ok.isPermanentFailure());
        assertTrue(later.isTransientFailure() && !later.isPositive() && !later.isPermanentFailure());
        assertTrue(never.isPermanentFailure() && !never.isPositive() && !never.isTransientFailure());
        assertFalse(intermediate.isPositive() || intermediate.isTransientFailure() || intermediate.isPermanentFailure());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 99, 1000, 25000})
    void codesMustBeZeroOrThreeDigits(int code) {
        assertThrows(IllegalArgumentException.class, () -> new Status(code, "", 0, 0, 0, false));
    }

    @Test
    void textMustNotBeNull() {
        assertThrows(NullPointerException.class, () -> new Status(250, null, 0, 0, 0, false));
    }

    @Test
    void toStringShowsCodeEnhancedCodeAndLines() {
        assertEquals("250 2.0.0 queued / as 42",
                Status.ofServer(250, List.of("queued", "as 42"), new int[] {2, 0, 0}).toString());
    }
}
