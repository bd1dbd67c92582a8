package org.esmtp4j.pure.tls;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** The PEM fixtures of this package (see the README next to them). */
final class Fixtures {

    static final char[] PASSWORD = "fixture-password".toCharArray();

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String name) throws IOException {
        return PemFiles.readCertificates(path(name)).get(0);
    }
}
