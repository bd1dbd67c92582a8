package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code BDAT <size> [LAST]} and exactly {@code size} chunk bytes (RFC 3030 section 2).
 * In "until last" mode it answers every chunk with a fixed reply and repeats until a LAST chunk.
 */
final class ExpectBdatStep implements Step {

    private static final Pattern BDAT = Pattern.compile("BDAT ([0-9]{1,9})( LAST)?", Pattern.CASE_INSENSITIVE);

    private final byte[] replyToEachChunk;

    private ExpectBdatStep(byte[] replyToEachChunk) {
        this.replyToEachChunk = replyToEachChunk;
    }

    static ExpectBdatStep oneChunk() {
        return new ExpectBdatStep(null);
    }

    static ExpectBdatStep untilLast(byte[] replyToEachChunk) {
        return new ExpectBdatStep(replyToEachChunk.clone());
    }

    @Override
    public String describe() {
        return replyToEachChunk == null ? "expectBdat"
                : "expectBdatUntilLast replying \"" + WireText.visible(replyToEachChunk).replace("\n", "") + "\"";
    }

    @Override
    public void run(Connection connection) throws ScriptFailedException, IOException {
        boolean last;
        do {
            last = readChunk(connection);
            if (replyToEachChunk != null) {
                connection.beginSend().write(replyToEachChunk, 0, replyToEachChunk.length);
            }
        } while (replyToEachChunk != null && !last);
    }

    private static boolean readChunk(Connection connection) throws ScriptFailedException {
        ClientInput input = connection.input();
        String expected = "BDAT <size> [LAST]\r\n";
        int start = input.readPos();
        int end = input.readLine(expected, connection.deadline());
        byte[] line = input.copy(start, end);
        Matcher command = line.length >= 2 && line[line.length - 2] == '\r'
                ? BDAT.matcher(WireText.text(line, 0, line.length - 2)) : null;
        if (command == null || !command.matches()) {
            throw new ScriptFailedException(ScriptFailure.Kind.MISMATCH, expected, line, start, "not a BDAT command");
        }
        int size = Integer.parseInt(command.group(1));
        boolean last = command.group(2) != null;
        int chunkStart = input.readPos();
        input.readBytes(size, size + " chunk bytes", connection.deadline());
        BdatChunk chunk = new BdatChunk(command.group(), size, last, input.copy(chunkStart, chunkStart + size));
        connection.recorder().bdatChunk(chunk, chunkStart);
        return last;
    }
}
