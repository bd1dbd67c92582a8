package org.esmtp4j.libesmtp;

import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.StartResult;
import org.esmtp4j.spi.ServerAddress;
import org.esmtp4j.spi.SessionDriver;
import org.esmtp4j.spi.StartRequest;
import org.esmtp4j.spi.XText;

/**
 * One facade session on the libesmtp engine. Each {@link #start(StartRequest)} builds a fresh
 * libESMTP session holding exactly the messages and recipients the facade asks for (so retry
 * state lives in the facade, the same for both engines), runs {@code smtp_start_session}, and
 * destroys it.
 */
final class LibesmtpSessionDriver implements SessionDriver {

    /**
     * libESMTP 1.1.0 xtext-encodes ENVID and ORCPT into a 256-byte stack buffer: 256 bytes or
     * more overflow it (hostile case E12), so such values never reach the library.
     */
    static final int MAX_XTEXT = 255;

    @Override
    public StartResult start(StartRequest request) {
        try (NativeRun run = new NativeRun(request)) {
            return run.start();
        }
    }

    @Override
    public void checkServer(ServerAddress server) {
        if (server.ipv6Literal()) {
            throw new InvalidArgumentException("server \"" + server + "\"",
                    "libESMTP cannot connect to an IPv6 literal (it splits host:port at the first colon); use the java engine");
        }
    }

    @Override
    public void checkOrcpt(String addrType, String address) {
        if (XText.encodedLength(address) > MAX_XTEXT) {
            throw new InvalidArgumentException("ORCPT address",
                    "longer than libESMTP 1.1.0 can encode without overflowing its 256-byte buffer once xtext-encoded ("
                            + XText.encodedLength(address) + " > " + MAX_XTEXT + " octets); use the java engine");
        }
    }

    @Override
    public void checkSmtpUtf8(boolean on) {
        if (on) {
            throw new InvalidArgumentException("SMTPUTF8", "libESMTP 1.1.0 has no SMTPUTF8 support; use the java engine");
        }
    }

    @Override
    public void close() {
        // every native object lives only for one start
    }
}
