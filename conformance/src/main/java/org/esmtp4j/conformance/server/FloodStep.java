package org.esmtp4j.conformance.server;

import java.io.IOException;

/**
 * Writes a unit repeatedly up to a total, in large blocks. A write error ends the connection
 * quietly, because a client that gives up on an endless reply is doing the right thing.
 */
final class FloodStep implements Step {

    private static final int BLOCK = 64 * 1024;

    private final byte[] unit;
    private final long totalBytes;

    FloodStep(byte[] unit, long totalBytes) {
        if (unit.length == 0 || totalBytes <= 0) {
            throw new IllegalArgumentException("need a non-empty unit and a positive total");
        }
        this.unit = unit.clone();
        this.totalBytes = totalBytes;
    }

    @Override
    public String describe() {
        return "flood " + totalBytes + " bytes of \"" + WireText.visible(unit).replace("\n", "") + "\"";
    }

    @Override
    public void run(Connection connection) {
        byte[] block = new byte[(int) Math.min(totalBytes, Math.max(BLOCK, unit.length))];
        int period = block.length - block.length % unit.length;
        for (int at = 0; at < block.length; at += unit.length) {
            System.arraycopy(unit, 0, block, at, Math.min(unit.length, block.length - at));
        }
        if (period == 0) {
            period = block.length;
        }
        ServerOutput output = connection.beginSend();
        long left = totalBytes;
        try {
            while (left > 0) {
                // Writing whole periods keeps the unit pattern continuous across blocks.
                int n = (int) Math.min(left, period);
                output.write(block, 0, n);
                left -= n;
            }
        } catch (IOException clientGaveUp) {
            connection.endAfterClientAbort();
        }
    }
}
