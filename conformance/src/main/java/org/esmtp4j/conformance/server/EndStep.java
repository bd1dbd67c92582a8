package org.esmtp4j.conformance.server;

import java.io.IOException;

/**
 * Ends the connection, optionally after reading a number of further client bytes: with a FIN
 * (then recording what the client still sends until it closes) or with a RST.
 */
final class EndStep implements Step {

    private final boolean reset;
    private final int bytesToReadFirst;

    EndStep(boolean reset, int bytesToReadFirst) {
        if (bytesToReadFirst < 0) {
            throw new IllegalArgumentException("byte count must not be negative: " + bytesToReadFirst);
        }
        this.reset = reset;
        this.bytesToReadFirst = bytesToReadFirst;
    }

    @Override
    public String describe() {
        String end = reset ? "reset" : "close";
        return bytesToReadFirst == 0 ? end : end + " after reading " + bytesToReadFirst + " bytes";
    }

    @Override
    public void run(Connection connection) throws ScriptFailedException, IOException {
        if (bytesToReadFirst > 0) {
            connection.input().readBytes(bytesToReadFirst, bytesToReadFirst + " more client bytes",
                    connection.deadline());
        }
        if (reset) {
            connection.reset();
        } else {
            connection.closeGracefully();
        }
    }
}
