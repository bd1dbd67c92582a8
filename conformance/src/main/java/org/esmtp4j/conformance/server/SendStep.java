package org.esmtp4j.conformance.server;

import java.io.IOException;
import java.time.Duration;

/** Sends fixed bytes: in one write, in several writes, or one byte at a time. */
final class SendStep implements Step {

    private final String name;
    private final byte[] bytes;
    private final int[] cutPoints;
    private final Duration pause;
    private final boolean drip;

    private SendStep(String name, byte[] bytes, int[] cutPoints, Duration pause, boolean drip) {
        this.name = name;
        this.bytes = bytes;
        this.cutPoints = cutPoints;
        this.pause = pause;
        this.drip = drip;
    }

    static SendStep whole(String name, byte[] bytes) {
        return new SendStep(name, bytes.clone(), new int[0], Duration.ZERO, false);
    }

    static SendStep inPieces(byte[] bytes, int[] cutPoints, Duration pause) {
        int previous = 0;
        for (int cut : cutPoints) {
            if (cut <= previous || cut >= bytes.length) {
                throw new IllegalArgumentException("cut points must increase strictly within (0, "
                        + bytes.length + "): " + java.util.Arrays.toString(cutPoints));
            }
            previous = cut;
        }
        return new SendStep("splitReply", bytes.clone(), cutPoints.clone(), pause, false);
    }

    static SendStep drip(byte[] bytes, Duration perByte) {
        return new SendStep("drip", bytes.clone(), new int[0], perByte, true);
    }

    @Override
    public String describe() {
        String text = name + " \"" + WireText.visible(bytes).replace("\n", "") + "\"";
        if (drip) {
            return text + " every " + pause;
        }
        return cutPoints.length == 0 ? text : text + " cut at " + java.util.Arrays.toString(cutPoints);
    }

    @Override
    public void run(Connection connection) throws IOException, InterruptedException {
        ServerOutput output = connection.beginSend();
        if (drip) {
            output.drip(bytes, pause);
        } else if (cutPoints.length > 0) {
            output.writeInPieces(bytes, cutPoints, pause);
        } else {
            output.write(bytes, 0, bytes.length);
        }
    }
}
