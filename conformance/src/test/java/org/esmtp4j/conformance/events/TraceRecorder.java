package org.esmtp4j.conformance.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Monitor;

/** A {@link Monitor} that keeps every traced buffer with its direction, in call order. */
final class TraceRecorder implements Monitor {

    /** One monitor call: the bytes (one char per byte) and their direction. */
    record Trace(Direction direction, String text) {
    }

    private final List<Trace> traces = new ArrayList<>();

    @Override
    public void trace(byte[] buffer, int offset, int length, Direction direction) {
        traces.add(new Trace(direction, new String(buffer, offset, length, StandardCharsets.ISO_8859_1)));
    }

    /** Every call so far. */
    List<Trace> traces() {
        return List.copyOf(traces);
    }

    /** The texts of the calls in {@code direction}, in order. */
    List<String> texts(Direction direction) {
        List<String> texts = new ArrayList<>();
        for (Trace t : traces) {
            if (t.direction() == direction) {
                texts.add(t.text());
            }
        }
        return texts;
    }

    /** Everything traced in {@code direction}, concatenated. */
    String joined(Direction direction) {
        return String.join("", texts(direction));
    }
}
