package org.esmtp4j;

import java.util.Objects;

/**
 * The default engine and why it was chosen.
 *
 * @param engine the engine
 * @param reason why, for example "libesmtp unavailable: libesmtp.so.6 not found; using java"
 */
public record EngineChoice(SmtpEngine engine, String reason) {

    public EngineChoice {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(reason, "reason");
    }
}
