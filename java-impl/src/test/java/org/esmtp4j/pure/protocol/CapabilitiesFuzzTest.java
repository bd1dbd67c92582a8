package org.esmtp4j.pure.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Jazzer target for {@link Capabilities#parse}: EHLO replies built from fuzz text (hostile cases
 * B8 and F3).
 *
 * <p>Input: byte 0 holds options, the rest is text split at LF into reply lines. Option bit 0
 * clear: the lines go straight into a {@link Reply} with code {@code 200 + (options >>> 2) % 60},
 * decoded as UTF-8 (bit 1 set) or Latin-1 (bit 1 clear, so every control character is reachable).
 * Bit 0 set: the lines are framed as {@code 250-line CRLF ... 250 last CRLF} and go through
 * {@link ReplyParser} first, as on a real connection.
 *
 * <p>Oracles: a 2xx reply never makes it throw, another class always does
 * ({@link IllegalArgumentException}); the SIZE limit and DELIVERBY minimum are not negative and
 * imply their keyword; AUTH mechanisms are distinct, non-empty, upper case RFC 4422 §3.1
 * characters, each taken from the reply text, and imply AUTH; every keyword reported starts a
 * line after the first; the first line alone advertises nothing. Inputs are capped at 64 KiB so
 * that a super-linear parse would show up as a slow execution.
 */
class CapabilitiesFuzzTest {

    private static final int MAX_INPUT = 1 << 16;

    @FuzzTest(maxDuration = "5m")
    void anyPositiveEhloReplyGivesSaneCapabilities(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        int options = input.length > 0 ? input[0] & 0xff : 0;
        List<byte[]> pieces = splitAtLf(input, 1);
        Reply reply;
        if ((options & 1) == 0) {
            List<String> lines = new ArrayList<>();
            for (byte[] piece : pieces) {
                lines.add(new String(piece, (options & 2) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            }
            reply = new Reply(200 + (options >>> 2) % 60, lines);
        } else {
            reply = throughParser(pieces);
            if (reply == null) {
                return;
            }
        }
        Capabilities capabilities = Capabilities.parse(reply);
        check(capabilities, reply);

        assertTrue(Capabilities.parse(new Reply(reply.code(), reply.lines().subList(0, 1))).keywords().isEmpty(),
                "the first line (domain and greeting) advertises nothing");
        for (int code : new int[] {354, 421, 550}) {
            assertThrows(IllegalArgumentException.class, () -> Capabilities.parse(new Reply(code, reply.lines())));
        }
    }

    private static List<byte[]> splitAtLf(byte[] input, int from) {
        List<byte[]> pieces = new ArrayList<>();
        int start = Math.min(from, input.length);
        for (int i = start; i <= input.length; i++) {
            if (i == input.length || input[i] == '\n') {
                byte[] piece = new byte[i - start];
                System.arraycopy(input, start, piece, 0, piece.length);
                pieces.add(piece);
                start = i + 1;
            }
        }
        return pieces;
    }

    /** @return the reply the parser makes of the framed lines, or null when it refuses them */
    private static Reply throughParser(List<byte[]> pieces) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            wire.writeBytes((i + 1 < pieces.size() ? "250-" : "250 ").getBytes(StandardCharsets.US_ASCII));
            wire.writeBytes(pieces.get(i));
            wire.writeBytes(new byte[] {'\r', '\n'});
        }
        ReplyParser parser = new ReplyParser();
        try {
            parser.feed(wire.toByteArray());
            return parser.next();
        } catch (ReplyException e) {
            return null;
        }
    }

    private static void check(Capabilities capabilities, Reply reply) {
        if (capabilities.sizeLimit() < 0) {
            fail("size " + capabilities.sizeLimit());
        }
        if (capabilities.deliverByMinimum() < 0) {
            fail("deliverBy " + capabilities.deliverByMinimum());
        }
        assertTrue(capabilities.sizeLimit() == 0 || capabilities.has(EhloKeyword.SIZE), "size without SIZE");
        assertTrue(capabilities.deliverByMinimum() == 0 || capabilities.has(EhloKeyword.DELIVERBY),
                "deliverBy without DELIVERBY");

        List<String> mechanisms = capabilities.authMechanisms();
        assertEquals(mechanisms.size(), new HashSet<>(mechanisms).size(), () -> "duplicate mechanisms " + mechanisms);
        assertTrue(mechanisms.isEmpty() || capabilities.has(EhloKeyword.AUTH), "mechanisms without AUTH");
        List<String> upperLines = new ArrayList<>();
        for (String line : reply.lines().subList(1, reply.lines().size())) {
            upperLines.add(line.toUpperCase(Locale.ROOT));
        }
        for (String mechanism : mechanisms) {
            assertTrue(!mechanism.isEmpty(), "empty mechanism");
            for (int i = 0; i < mechanism.length(); i++) {
                char c = mechanism.charAt(i);
                if (!isMechanismChar(c)) {
                    fail("mechanism " + mechanism + " has " + String.format("U+%04X", (int) c));
                }
            }
            if (upperLines.stream().noneMatch(line -> line.contains(mechanism))) {
                fail("mechanism " + mechanism + " is not in the reply");
            }
        }
        for (EhloKeyword keyword : capabilities.keywords()) {
            if (upperLines.stream().noneMatch(line -> startsWithKeyword(line, keyword.keyword()))) {
                fail(keyword + " reported but no line starts with it");
            }
        }
    }

    /** RFC 4422 §3.1 mech-char, after the parser's upper-casing. */
    private static boolean isMechanismChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static boolean startsWithKeyword(String upperLine, String keyword) {
        if (!upperLine.startsWith(keyword)) {
            return false;
        }
        int end = keyword.length();
        return end == upperLine.length() || upperLine.charAt(end) == ' ' || upperLine.charAt(end) == '=';
    }
}
