package org.esmtp4j.conformance.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireTextTest {

    @Test
    void replyLinesAppendCrlfOnlyWhereNoLfEndsTheArgument() {
        assertEquals("250-a\r\n250 b\r\n550 c\r\n250 lf\n",
                WireText.text(WireText.replyLines("250-a\r\n250 b", "550 c\r\n", "250 lf\n")));
    }

    @Test
    void bytesAreOneCharEachAndRejectWiderChars() {
        assertArrayEquals(new byte[] {'a', (byte) 0xFF, 0}, WireText.bytes("a\u00ff\u0000"));
        assertThrows(IllegalArgumentException.class, () -> WireText.bytes("\u20ac"));
    }

    @Test
    void visibleShowsLineEndingsAndControlBytes() {
        assertEquals("A\\r\\n\nB\\n\nC\\r\\t\\x00\\xE9\\\\", WireText.visible("A\r\nB\nC\r\t\u0000\u00e9\\"));
    }

    @Test
    void differenceNamesOffsetAndLine() {
        String report = WireText.difference("bytes", WireText.bytes("A\r\nB\r\nC\r\n"), WireText.bytes("A\r\nB\nC\r\n"));
        assertTrue(report.startsWith("bytes differ at byte offset 4 (line 2; expected 9 bytes, got 8)"), report);
        assertTrue(report.contains("expected line: B\\r\\n"), report);
        assertTrue(report.contains("actual line:   B\\n"), report);
    }

    @Test
    void unstuffRemovesOneLeadingDotPerCrlfLine() {
        byte[] wire = WireText.bytes("..a\r\n...\r\nb\r\n.c\nd\r\n");
        assertEquals(".a\r\n..\r\nb\r\nc\nd\r\n", WireText.text(ReceivedMessage.unstuff(wire, 0, wire.length)));
    }
}
