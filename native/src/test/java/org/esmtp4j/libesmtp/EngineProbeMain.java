package org.esmtp4j.libesmtp;

import org.esmtp4j.EngineChoice;
import org.esmtp4j.Smtp;

/**
 * Run in a child JVM by {@link NativeLoaderTest}: prints what the facade sees of the libesmtp
 * engine, one {@code key=value} line each, so that a JVM started with a different
 * {@code esmtp4j.libesmtp.library} can be observed from the test.
 */
public final class EngineProbeMain {

    private EngineProbeMain() {
    }

    /**
     * Prints {@code available}, {@code reason}, {@code version}, {@code choice} and
     * {@code choiceReason}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        boolean available = Smtp.isAvailable(LibesmtpEngineProvider.NAME);
        System.out.println("available=" + available);
        System.out.println("reason=" + Smtp.unavailableReason(LibesmtpEngineProvider.NAME));
        System.out.println("version=" + (available ? Smtp.engine(LibesmtpEngineProvider.NAME).version() : ""));
        EngineChoice choice = Smtp.engineChoice();
        System.out.println("choice=" + choice.engine().name());
        System.out.println("choiceReason=" + choice.reason());
    }
}
