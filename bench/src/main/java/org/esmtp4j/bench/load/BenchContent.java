package org.esmtp4j.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark message layout, shared by every client (the C reference in
 * {@code bench/src/main/c/libesmtp_send.c} builds the same bytes): a header section with Date,
 * From, To, Subject and Message-Id (so that no engine generates a header of its own), an
 * {@code X-Pad} header sized so that the body is a whole number of lines, a blank line, then body
 * lines of {@value #LINE_OCTETS} octets each (76 printable ASCII characters and CRLF). No body
 * line starts with a dot, so the bytes need no dot-stuffing and a raw socket copy sends exactly
 * what an engine sends.
 */
public final class BenchContent {

    /** Octets per body line, CRLF included. */
    public static final int LINE_OCTETS = 78;
    /** Body lines in one generated block; the body repeats the block. */
    public static final int BLOCK_LINES = 840;

    private static final String HEADERS_BEFORE_PAD = "Date: Sun, 29 Nov 2026 12:00:00 +0000\r\n"
            + "From: Bench Sender <sender@bench.example>\r\n"
            + "To: rcpt1@bench.example\r\n"
            + "Subject: esmtp4j benchmark message\r\n"
            + "Message-Id: <bench.1@bench.example>\r\n";
    private static final String PAD_NAME = "X-Pad: ";

    private BenchContent() {
    }

    /**
     * The header section (with its blank line) for content of exactly {@code total} octets.
     *
     * @param total the whole content size; at least 256
     * @return the header bytes
     */
    public static byte[] headerSection(long total) {
        if (total < 256) {
            throw new IllegalArgumentException("content size below 256: " + total);
        }
        int fixed = HEADERS_BEFORE_PAD.length() + PAD_NAME.length() + 2 + 2; // pad CRLF, blank line
        // pad length p >= 1 such that (total - fixed - p) is a multiple of LINE_OCTETS
        int pad = (int) Math.floorMod(total - fixed - 1, (long) LINE_OCTETS) + 1;
        String headers = HEADERS_BEFORE_PAD + PAD_NAME + "p".repeat(pad) + "\r\n\r\n";
        return headers.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One block of {@value #BLOCK_LINES} body lines. Line {@code k} holds the characters
     * {@code 'a' + (k + j) % 26} for {@code j} in 0..75, then CRLF.
     *
     * @return a fresh block
     */
    public static byte[] bodyBlock() {
        byte[] block = new byte[BLOCK_LINES * LINE_OCTETS];
        for (int k = 0; k < BLOCK_LINES; k++) {
            int base = k * LINE_OCTETS;
            for (int j = 0; j < LINE_OCTETS - 2; j++) {
                block[base + j] = (byte) ('a' + (k + j) % 26);
            }
            block[base + LINE_OCTETS - 2] = '\r';
            block[base + LINE_OCTETS - 1] = '\n';
        }
        return block;
    }

    /**
     * A whole message of {@code total} octets in memory (the small-message cases).
     *
     * @param total its size
     * @return the bytes
     */
    public static byte[] message(int total) {
        byte[] out = new byte[total];
        try (GeneratedContent in = new GeneratedContent(total)) {
            int n = 0;
            while (n < total) {
                n += in.read(out, n, total - n);
            }
        }
        return out;
    }
}
