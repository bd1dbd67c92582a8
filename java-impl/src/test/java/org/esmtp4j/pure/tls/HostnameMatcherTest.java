package org.esmtp4j.pure.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host-name matching (RFC 6125, hostile case C7). */
class HostnameMatcherTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "mail.example, mail.example, true",
        "MAIL.Example, mail.EXAMPLE, true",
        "mail.example., mail.example, true",
        "mail.example, mail.example., true",
        "mail.example, other.example, false",
        "*.example, mail.example, true",
        "*.example.org, a.example.org, true",
        "*.example.org, example.org, false",
        "*.example.org, a.b.example.org, false",
        // C7: the wildcard only as the whole left-most label
        "mail.*.example, mail.x.example, false",
        "*.example, mail.x.example, false",
        "*, mail, false",
        "*, mail.x.example, false",
        "f*.example.org, foo.example.org, false",
        "*.*.example, a.b.example, false",
        "*., a., false",
        // never directly above a public suffix
        "*.com, example.com, false",
        "*.uk, example.uk, false",
        "*.co.uk, example.co.uk, false",
        "*.example.co.uk, mail.example.co.uk, true",
        // a wildcard in the host name matches nothing
        "*.example, *.example, false",
    })
    void matchesPattern(String presented, String host, boolean expected) {
        assertEquals(expected, HostnameMatcher.matches(presented, host));
    }

    @Test
    void namesWithNulOrOtherBytesNeverMatch() {
        // CVE-2010-1192: a NUL inside a certificate name
        assertFalse(HostnameMatcher.matches("mail.example\0.evil.example", "mail.example"));
        assertFalse(HostnameMatcher.matches("mail .example", "mail .example"));
        assertFalse(HostnameMatcher.matches("", ""));
        assertFalse(HostnameMatcher.matches("a..example", "a..example"));
    }

    @Test
    void ipLiterals() {
        assertTrue(HostnameMatcher.isIpLiteral("127.0.0.1"));
        assertTrue(HostnameMatcher.isIpLiteral("::1"));
        assertFalse(HostnameMatcher.isIpLiteral("256.0.0.1"));
        assertFalse(HostnameMatcher.isIpLiteral("mail.example"));
        assertFalse(HostnameMatcher.isIpLiteral("1.2.3"));
    }

    @Test
    void dnsSubjectAltNamesWinOverTheCommonName() throws IOException {
        var cert = Fixtures.certificate("san-cert.pem");
        assertTrue(HostnameMatcher.check("mail.example", cert).matches());
        assertTrue(HostnameMatcher.check("smtp.mail.example", cert).matches());
        HostnameMatcher.Result wrong = HostnameMatcher.check("other.example", cert);
        assertFalse(wrong.matches());
        assertEquals("mail.example", wrong.nameInCertificate(), "the first DNS name is reported");
    }

    @Test
    void ipReferenceIsComparedWithIpSubjectAltNamesOnly() throws IOException {
        var cert = Fixtures.certificate("san-cert.pem");
        assertTrue(HostnameMatcher.check("127.0.0.1", cert).matches());
        assertFalse(HostnameMatcher.check("127.0.0.2", cert).matches());
        assertFalse(HostnameMatcher.check("::1", cert).matches());
    }

    @Test
    void withoutSubjectAltNamesTheLastCommonNameCounts() throws IOException {
        var cert = Fixtures.certificate("cn-only-cert.pem");
        assertTrue(HostnameMatcher.check("cn-only.example", cert).matches());
        HostnameMatcher.Result first = HostnameMatcher.check("first.example", cert);
        assertFalse(first.matches(), "libESMTP checks only the last CN");
        assertEquals("cn-only.example", first.nameInCertificate());
    }
}
