package org.esmtp4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.esmtp4j.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code smtp_set_server}'s {@code host[:service]} form (libESMTP §1.3), plus {@code [IPv6]:port}. */
class ServerAddressTest {

    @Test
    void hostAloneUsesTheSubmissionPort() {
        ServerAddress a = ServerAddress.parse("mail.example.org");
        assertEquals("mail.example.org", a.host());
        assertEquals("587", a.service());
        assertEquals(587, a.port());
        assertFalse(a.ipv6Literal());
    }

    @Test
    void decimalPort() {
        ServerAddress a = ServerAddress.parse("mail.example.org:25");
        assertEquals("mail.example.org", a.host());
        assertEquals(25, a.port());
    }

    @Test
    void serviceNames() {
        assertEquals(25, ServerAddress.parse("mail.example.org:smtp").port());
        assertEquals(587, ServerAddress.parse("mail.example.org:submission").port());
        assertEquals(465, ServerAddress.parse("mail.example.org:submissions").port());
        assertEquals(25, ServerAddress.parse("mail.example.org:SMTP").port());
    }

    @Test
    void emptyServiceMeansTheDefault() {
        assertEquals(587, ServerAddress.parse("mail.example.org:").port());
    }

    @Test
    void bracketedIpv6LiteralWithPort() {
        ServerAddress a = ServerAddress.parse("[::1]:2525");
        assertEquals("::1", a.host());
        assertEquals(2525, a.port());
        assertTrue(a.ipv6Literal());
        assertEquals("[::1]:2525", a.toString());
    }

    @Test
    void bracketedIpv6LiteralAloneUsesTheSubmissionPort() {
        ServerAddress a = ServerAddress.parse("[::1]");
        assertEquals("::1", a.host());
        assertEquals(587, a.port());
        assertTrue(a.ipv6Literal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.org:nosuchservice", "mail.example.org:0", "mail.example.org:65536",
            "mail.example.org:123456", "mail.example.org:-1"})
    void unknownOrOutOfRangeServiceHasNoPort(String server) {
        // libESMTP fails such a server only at start, with EAI_SERVICE.
        assertEquals(-1, ServerAddress.parse(server).port());
    }

    @Test
    void libesmtpSplitsAtTheFirstColon() {
        ServerAddress a = ServerAddress.parse("mail.example.org:25:26");
        assertEquals("mail.example.org", a.host());
        assertEquals("25:26", a.service());
        assertEquals(-1, a.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":2525", "[::1", "[]:25", "[::1]25", "mail.example.org\r\n:25",
            "mail.example.org:25\r\nRSET", "mail.example.org\n", "mail example.org:25"})
    void malformedServersAreRefused(String server) {
        assertThrows(InvalidArgumentException.class, () -> ServerAddress.parse(server));
    }

    @Test
    void nullIsRefused() {
        assertThrows(NullPointerException.class, () -> ServerAddress.parse(null));
    }
}
