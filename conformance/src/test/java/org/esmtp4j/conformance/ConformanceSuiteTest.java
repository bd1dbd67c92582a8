package org.esmtp4j.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.esmtp4j.Smtp;
import org.junit.jupiter.api.Test;

/** The conformance suite on every available engine; writes target/conformance-report.md. */
class ConformanceSuiteTest extends ConformanceTck {

    /**
     * Where the libesmtp engine was built (libesmtp-dev installed), it must also load: otherwise
     * the suite would pass on the java engine alone and prove nothing about the binding.
     */
    @Test
    void theLibesmtpEngineIsComparedWhereItWasBuilt() {
        if (Files.exists(Path.of("/usr/include/libesmtp.h"))) {
            assertTrue(Smtp.isAvailable("libesmtp"), () -> "libesmtp engine unavailable: "
                    + (Smtp.engineNames().contains("libesmtp") ? Smtp.unavailableReason("libesmtp") : "not on the class path"));
        }
    }
}
