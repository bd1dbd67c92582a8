package org.esmtp4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.esmtp4j.Monitor;

/**
 * {@code --monitor}: prints the protocol trace one line at a time, each prefixed with
 * {@code "C: "} (written by the client), {@code "S: "} (read from the server) or {@code "H: "} (a
 * processed message header). The facade never passes credentials to a monitor, so nothing needs
 * redacting here.
 *
 * <p>A read may end in the middle of a line: the fragment is held until its line ends, or
 * until {@link #flush()}. Control characters are escaped (see {@link Printable}) so that a
 * server cannot drive the terminal.
 */
final class TracePrinter implements Monitor {

    private final PrintStream out;
    private final Map<Direction, ByteArrayOutputStream> partial = new EnumMap<>(Direction.class);

    /**
     * @param out where the trace goes (standard error)
     */
    TracePrinter(PrintStream out) {
        this.out = out;
        for (Direction d : Direction.values()) {
            partial.put(d, new ByteArrayOutputStream());
        }
    }

    @Override
    public void trace(byte[] buffer, int offset, int length, Direction direction) {
        ByteArrayOutputStream line = partial.get(direction);
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (buffer[i] == '\n') {
                line.write(buffer, start, i - start);
                emit(direction, line);
                start = i + 1;
            }
        }
        line.write(buffer, start, end - start);
        if (direction == Direction.HEADERS) {
            emit(direction, line); // each call is one whole header
        }
    }

    /** Prints the fragments of lines still held (a reply cut off by a closed connection). */
    void flush() {
        for (Map.Entry<Direction, ByteArrayOutputStream> e : partial.entrySet()) {
            emit(e.getKey(), e.getValue());
        }
        out.flush();
    }

    private void emit(Direction direction, ByteArrayOutputStream line) {
        if (line.size() == 0) {
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--; // the CR of CRLF; a bare CR elsewhere is shown escaped
        }
        out.println(prefix(direction) + Printable.of(new String(bytes, 0, length, StandardCharsets.UTF_8)));
    }

    private static String prefix(Direction direction) {
        return switch (direction) {
            case READ -> "S: ";
            case WRITE -> "C: ";
            case HEADERS -> "H: ";
        };
    }
}
