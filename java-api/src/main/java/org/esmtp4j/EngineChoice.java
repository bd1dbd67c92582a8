package org.esmtp4j;

import java.util.Objects;

/**
 * The default engine and why it was chosen.
 *
 * @param engine the engine
 * @param reason why, for example "libesmtp unavailable: libesmtp.so.6 not found; using java"
 */
public record EngineChoice(SmtpEngine engine, String reason) {

    /**
     * Checks that both parts are present.
     *
     * @param engine the engine; not null
     * @param reason why it was chosen; not null
     * @throws NullPointerException when {@code engine} or {@code reason} is null
     */
    public EngineChoice {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(reason, "reason");
    }
}
