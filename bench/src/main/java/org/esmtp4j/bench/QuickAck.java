package org.esmtp4j.bench;

import java.io.IOException;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;

/**
 * Makes a loopback peer acknowledge at once instead of delaying its ACK. A client that does not
 * disable Nagle's algorithm (libESMTP never sets {@code TCP_NODELAY}) otherwise holds its last
 * short segment of a message until the previous one is acknowledged, up to the delayed-ACK time
 * (about 40 ms on Linux). Linux clears the flag again after it acts, so call {@link #arm} after
 * every read.
 */
public final class QuickAck {

    private QuickAck() {
    }

    /**
     * Sets {@code TCP_QUICKACK} where the platform has it; failing to is not fatal, only slower.
     *
     * @param socket the connected socket
     */
    public static void arm(Socket socket) {
        try {
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
                socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
        } catch (IOException e) {
            // not fatal: only slower
        }
    }
}
