package org.esmtp4j.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.internal.Validation;

/**
 * The server a session connects to, parsed from libESMTP's {@code host[:service]} form, plus the
 * {@code [IPv6]:port} form that libESMTP lacks.
 *
 * @param host the host name or address literal (without brackets)
 * @param service the port or service name as given ({@code "587"} by default)
 * @param ipv6Literal true when the host was written in brackets
 */
public record ServerAddress(String host, String service, boolean ipv6Literal) {

    /** libESMTP's default service: the submission port (RFC 6409). */
    public static final String DEFAULT_SERVICE = "587";

    private static final Map<String, Integer> SERVICES = Map.of(
            "smtp", 25, "submission", 587, "submissions", 465, "smtps", 465, "urd", 465);

    /**
     * Checks that host and service are present.
     *
     * @param host the host name or address literal (without brackets); not null
     * @param service the port or service name as given; not null
     * @param ipv6Literal true when the host was written in brackets
     * @throws NullPointerException when {@code host} or {@code service} is null
     */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(service, "service");
    }

    /**
     * Parses {@code host[:service]} as libESMTP does (splitting at the first colon), and
     * {@code [address]:service} for IPv6 literals.
     *
     * @param hostPort the server
     * @return the address
     */
    public static ServerAddress parse(String hostPort) {
        Objects.requireNonNull(hostPort, "server");
        Validation.checkNoControls("server", hostPort, false);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidArgumentException("server \"" + hostPort + "\"", "missing ']' after the IPv6 literal");
            }
            String host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (host.isEmpty()) {
                throw new InvalidArgumentException("server \"" + hostPort + "\"", "empty address in brackets");
            }
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new InvalidArgumentException("server \"" + hostPort + "\"", "expected ':port' after ']'");
            }
            String service = rest.isEmpty() ? DEFAULT_SERVICE : rest.substring(1);
            return new ServerAddress(host, service.isEmpty() ? DEFAULT_SERVICE : service, true);
        }
        int colon = hostPort.indexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String service = colon < 0 ? DEFAULT_SERVICE : hostPort.substring(colon + 1);
        if (host.isEmpty()) {
            throw new InvalidArgumentException("server \"" + hostPort + "\"", "no host name");
        }
        if (host.indexOf(' ') >= 0 || service.indexOf(' ') >= 0) {
            throw new InvalidArgumentException("server \"" + hostPort + "\"", "contains a space");
        }
        return new ServerAddress(host, service.isEmpty() ? DEFAULT_SERVICE : service, false);
    }

    /**
     * @return the TCP port: the decimal service, or a well-known SMTP service name; -1 when the
     *     service is unknown (libESMTP then fails with EAI_SERVICE at start)
     */
    public int port() {
        if (!service.isEmpty() && service.chars().allMatch(c -> c >= '0' && c <= '9') && service.length() <= 5) {
            int p = Integer.parseInt(service);
            return p >= 1 && p <= 65535 ? p : -1;
        }
        Integer known = SERVICES.get(service.toLowerCase(Locale.ROOT));
        return known == null ? -1 : known;
    }

    @Override
    public String toString() {
        return (ipv6Literal ? "[" + host + "]" : host) + ":" + service;
    }
}
