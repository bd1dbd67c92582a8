package org.esmtp4j.libesmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.esmtp4j.Status;
import org.junit.jupiter.api.Test;

/**
 * Reading libESMTP's {@code smtp_status_t} (spec §1.8, layout §10.1 #3): text lines that keep
 * their CRLF, and the struct read at its LP64 offsets from memory filled the way C lays it out.
 */
class NativeStatusTest {

    /** {@code int code; (padding) char *text; int enh_class, enh_subject, enh_detail; (padding)}. */
    private static final int TEXT_OFFSET = Native.POINTER_SIZE;
    private static final int ENHANCED_OFFSET = 2 * Native.POINTER_SIZE;
    private static final int STRUCT_SIZE = 2 * Native.POINTER_SIZE + 3 * 4 + 4;

    @Test
    void linesDropTheCrlfThatLibesmtpKeepsAfterEveryLine() {
        assertEquals(List.of("first line", "second line"), NativeStatus.lines("first line\r\nsecond line\r\n"));
    }

    @Test
    void anEmptyTextIsOneEmptyLine() {
        assertEquals(List.of(""), NativeStatus.lines(""));
        assertEquals(List.of(""), NativeStatus.lines("\r\n"));
    }

    @Test
    void aTextWithoutLineEndIsOneLine() {
        assertEquals(List.of("single"), NativeStatus.lines("single"));
    }

    @Test
    void aBareLfAlsoEndsALine() {
        assertEquals(List.of("a", "b"), NativeStatus.lines("a\nb"));
    }

    @Test
    void readsCodeTextAndEnhancedCodeAtTheirOffsets() {
        Memory text = cString("Sender ok\r\nsecond line\r\n");
        Memory struct = status(250, text, 2, 1, 0);

        Status status = NativeStatus.read(struct);

        assertEquals(new Status(250, "Sender ok\nsecond line", 2, 1, 0, false), status);
        assertEquals("Sender ok\r\nsecond line\r\n", status.libesmtpText(), "C's form round-trips");
        Reference.reachabilityFence(text);
    }

    @Test
    void aNullTextPointerIsAnEmptyText() {
        Memory struct = status(554, null, 5, 7, 1);

        assertEquals(new Status(554, "", 5, 7, 1, false), NativeStatus.read(struct));
    }

    @Test
    void enhancedCodeZeroMeansNoEnhancedCode() {
        Memory text = cString("OK\r\n");
        Memory struct = status(250, text, 0, 0, 0);

        Status status = NativeStatus.read(struct);

        assertEquals(new Status(250, "OK", 0, 0, 0, false), status);
        assertEquals("", status.enhancedCode());
        Reference.reachabilityFence(text);
    }

    @Test
    void codeZeroAndANullStructAreNoStatus() {
        Memory text = cString("stale\r\n");
        assertSame(Status.NONE, NativeStatus.read(status(0, text, 2, 0, 0)));
        assertSame(Status.NONE, NativeStatus.read(null));
        Reference.reachabilityFence(text);
    }

    /**
     * An {@code smtp_status_t} as libESMTP lays it out. Every byte, padding included, starts as
     * 0xA5 so that a read at a wrong offset or width shows up as garbage.
     */
    @Test
    void aCodeThatIsNotThreeDigitsIsNoStatus() {
        // libESMTP's strtol reads "25 ok", "2500 ok", "012 ok" as 25, 2500, 12 (hostile case B3).
        for (int code : new int[] {25, 2500, 12, 99, -250}) {
            Memory text = cString("ok\r\n");
            assertSame(Status.NONE, NativeStatus.read(status(code, text, 0, 0, 0)), "code " + code);
            Reference.reachabilityFence(text);
        }
    }

    private static Memory status(int code, Pointer text, int enhClass, int enhSubject, int enhDetail) {
        Memory struct = new Memory(STRUCT_SIZE);
        struct.setMemory(0, STRUCT_SIZE, (byte) 0xA5);
        struct.setInt(0, code);
        struct.setPointer(TEXT_OFFSET, text);
        struct.setInt(ENHANCED_OFFSET, enhClass);
        struct.setInt(ENHANCED_OFFSET + 4, enhSubject);
        struct.setInt(ENHANCED_OFFSET + 8, enhDetail);
        return struct;
    }

    private static Memory cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }
}
