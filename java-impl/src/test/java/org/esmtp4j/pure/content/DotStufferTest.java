package org.esmtp4j.pure.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.esmtp4j.InvalidContentException;
import org.esmtp4j.LineEndings;
import org.esmtp4j.MessageSource;
import org.esmtp4j.spi.CanonicalContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile-cases E8-E10 end to end (canonicalise, then stuff), plus the stuffer's own edges. */
class DotStufferTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Stuffs {@code content} handed over in chunks of {@code chunk} bytes. */
    private static String stuff(String content, int chunk) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(wire);
        byte[] b = bytes(content);
        for (int off = 0; off < b.length; off += chunk) {
            stuffer.write(b, off, Math.min(chunk, b.length - off));
        }
        stuffer.finish();
        return text(wire.toByteArray());
    }

    /** The whole DATA path as the engine runs it: canonicalise, then stuff, then terminate. */
    private static String wire(String content, LineEndings mode) throws IOException {
        CanonicalContent canonical = new CanonicalContent(MessageSource.of(bytes(content)), mode, false, "message 1 content");
        canonical.rewind();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(wire);
        byte[] buffer = new byte[3];
        int n;
        while ((n = canonical.read(buffer, 0, buffer.length)) >= 0) {
            stuffer.write(buffer, 0, n);
        }
        stuffer.finish();
        return text(wire.toByteArray());
    }

    private static String wire(String content) throws IOException {
        return wire(content, LineEndings.CANONICALIZE);
    }

    @Test
    void secConsultPayloadsAreCanonicalisedThenStuffed() throws IOException {
        assertEquals("a\r\n..\r\nb\r\n.\r\n", wire("a\n.\nb"));
        assertEquals("a\r\n..\r\nb\r\n.\r\n", wire("a\n.\r\nb"));
        assertEquals("a\r\n..\r\nb\r\n.\r\n", wire("a\r.\rb"));
        assertEquals("a\r\n..\r\nb\r\n.\r\n", wire("a\r\n.\nb"));
        assertEquals("a\r\nb\r\n.\r\n", wire("a\rb"));
        assertEquals("a\r\nb\r\n.\r\n", wire("a\nb"));
        assertEquals("\r\n.\r\n", wire("\r"));
        assertEquals("\r\n.\r\n", wire("\n"));
    }

    @Test
    void libesmtpProbeInputCannotEndTheDataEarly() throws IOException {
        String wire = wire("bare lf\n.\nsmuggled?\r\nbare cr\r.\rend\r\n");
        assertEquals("bare lf\r\n..\r\nsmuggled?\r\nbare cr\r\n..\r\nend\r\n.\r\n", wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\n.\nb", "a\n.\r\nb", "a\r.\rb", "a\r\n.\nb", "a\rb", "a\nb"})
    void rejectPolicyRefusesThePayloads(String payload) {
        assertThrows(InvalidContentException.class, () -> wire(payload, LineEndings.REJECT));
    }

    @Test
    void leadingDotsAreStuffedOnEveryLineIncludingTheFirst() throws IOException {
        assertEquals("..hdr: x\r\n\r\n..\r\n...\r\n..body\r\nno.dot\r\n.\r\n",
                wire(".hdr: x\r\n\r\n.\r\n..\r\n.body\r\nno.dot\r\n"));
        assertEquals("..\r\n.\r\n", wire("."));
        assertEquals("...\r\n.\r\n", wire(".."));
        assertEquals("..dot line\r\n...two dots\r\n.\r\n", wire(".dot line\r\n..two dots\r\n"));
    }

    @Test
    void finalCrlfIsAddedEmptyContentIsTheTerminatorAlone() throws IOException {
        assertEquals("last no crlf\r\n.\r\n", wire("last no crlf"));
        assertEquals(".\r\n", wire(""));
        assertEquals("Subject: headers only\r\n.\r\n", wire("Subject: headers only\r\n"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 1000})
    void stuffingWorksAcrossChunkBoundaries(int chunk) throws IOException {
        assertEquals("..a\r\n..\r\nb\r\n..c\r\n.\r\n", stuff(".a\r\n.\r\nb\r\n.c\r\n", chunk));
    }

    @Test
    void twoThousandOctetLineIsRefusedWithItsLineNumber() {
        InvalidContentException e = assertThrows(InvalidContentException.class,
                () -> wire("Subject: x\r\n\r\n" + "y".repeat(2000) + "\r\n"));
        assertEquals(3, e.lineNumber());
        assertEquals("message 1 content", e.argument());
    }

    @Test
    void lineOf998IsAcceptedAnd999Refused() throws IOException {
        String ok = ".".repeat(998);
        String wire = wire(ok + "\r\n");
        // RFC 5321 §4.5.3.1.6: the limit does not count the dot added for transparency.
        assertEquals("." + ok + "\r\n.\r\n", wire);
        InvalidContentException e = assertThrows(InvalidContentException.class,
                () -> wire("a\r\n" + "z".repeat(999)));
        assertEquals(2, e.lineNumber());
    }

    @Test
    void bareLfIsRefusedAndTheDataCanNeverBeTerminated() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(out);
        IOException e = assertThrows(IOException.class, () -> stuffer.write(bytes("ok\r\nx\n.\n"), 0, 8));
        assertTrue(e.getMessage().contains("bare LF at content offset 5"), e.getMessage());
        assertTrue(!text(out.toByteArray()).contains("\n.\n"), "the bare LF was not written");
        assertThrows(IllegalStateException.class, stuffer::finish);
        assertThrows(IllegalStateException.class, () -> stuffer.write(bytes("x"), 0, 1));
    }

    @Test
    void bareCrAtAChunkEndIsHeldBackAndNeverWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(out);
        stuffer.write(bytes("abc\r"), 0, 4);
        assertEquals("abc", text(out.toByteArray()), "the CR waits for its LF");
        IOException e = assertThrows(IOException.class, () -> stuffer.write(bytes(".\r"), 0, 2));
        assertTrue(e.getMessage().contains("bare CR at content offset 3"), e.getMessage());
        assertEquals("abc", text(out.toByteArray()));
    }

    @Test
    void heldCrIsWrittenOnceItsLfArrives() throws IOException {
        assertEquals("abc\r\n..\r\n.\r\n", stuff("abc\r\n.\r\n", 4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffer stuffer = new DotStuffer(out);
        stuffer.write(bytes("abc\r"), 0, 4);
        stuffer.write(new byte[0], 0, 0);
        assertEquals("abc", text(out.toByteArray()), "an empty chunk decides nothing");
        stuffer.write(bytes("\n"), 0, 1);
        assertEquals("abc\r\n", text(out.toByteArray()));
    }

    @Test
    void contentNotEndingInCrlfIsCompletedDefensively() throws IOException {
        assertEquals("abc\r\n.\r\n", stuff("abc", 10));
        assertEquals("abc\r\n.\r\n", stuff("abc\r", 10));
        assertEquals(".\r\n", stuff("", 10));
    }

    @Test
    void finishTwiceOrWriteAfterFinishIsAnError() throws IOException {
        DotStuffer stuffer = new DotStuffer(new ByteArrayOutputStream());
        stuffer.finish();
        assertThrows(IllegalStateException.class, stuffer::finish);
        assertThrows(IllegalStateException.class, () -> stuffer.write(bytes("x\r\n"), 0, 3));
    }

    /** Counts write calls: runs go out whole, never byte by byte. */
    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int arrayWrites;
        int byteWrites;

        @Override
        public void write(int b) {
            byteWrites++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            arrayWrites++;
            bytes.write(b, off, len);
        }
    }

    @Test
    void writesWholeRunsNotBytes() throws IOException {
        CountingStream out = new CountingStream();
        DotStuffer stuffer = new DotStuffer(out);
        byte[] plain = bytes("line of text\r\n".repeat(1000));
        stuffer.write(plain, 0, plain.length);
        assertEquals(1, out.arrayWrites);
        byte[] dotted = bytes("x\r\n.a\r\ny\r\n.b\r\n.c\r\n");
        stuffer.write(dotted, 0, dotted.length);
        assertEquals(1 + 4, out.arrayWrites, "one run per stuffed line plus the tail");
        stuffer.finish();
        assertEquals(0, out.byteWrites);
        assertEquals(plain.length + dotted.length + 3 + 3, out.bytes.size());
    }

    @Test
    void unstuffIsTheReceiversView() {
        assertArrayEquals(bytes("a\r\n.\r\n.b\r\n"), DotStuffer.unstuff(bytes("a\r\n..\r\n..b\r\n.\r\n")));
        assertArrayEquals(new byte[0], DotStuffer.unstuff(bytes(".\r\n")));
        assertThrows(IllegalArgumentException.class, () -> DotStuffer.unstuff(bytes("a\r\n")));
        assertThrows(IllegalArgumentException.class, () -> DotStuffer.unstuff(bytes("a\r\n.\r\nMAIL FROM:<x>\r\n")));
        assertThrows(IllegalArgumentException.class, () -> DotStuffer.unstuff(bytes("a\n.\r\n")));
        assertThrows(IllegalArgumentException.class, () -> DotStuffer.unstuff(bytes("a\r.\r\n")));
    }
}
