package org.esmtp4j.pure.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Checks a server certificate against the reference identity: the host name the caller
 * configured, never one derived from DNS (RFC 2595 §2.4, RFC 7817; libESMTP uses the canonical
 * name from {@code getaddrinfo}, hostile case C6).
 *
 * <p>Rules (RFC 6125 §6.4, libESMTP §6.2 where it is right):
 * <ul>
 *   <li>When the certificate has DNS subjectAltNames only those count; otherwise the last CN of
 *       the subject (libESMTP's choice).</li>
 *   <li>An IP-literal reference is compared with the iPAddress subjectAltNames (libESMTP has no
 *       IP support and compares the literal text with DNS names).</li>
 *   <li>A wildcard is accepted only as the whole left-most label, {@code *.example.org}, and
 *       matches exactly one label of letters, digits and hyphens (hostile case C7: libESMTP
 *       accepts {@code *} in any label). {@code *} alone and a wildcard directly above a
 *       public suffix ({@code *.com}, {@code *.co.uk}) never match; without a public suffix list
 *       this uses a short built-in list of such suffixes and treats every two-letter label as a
 *       country code.</li>
 *   <li>Comparison is ASCII case-insensitive; one trailing dot is ignored. Names with other
 *       characters (NUL included, CVE-2010-1192) never match.</li>
 * </ul>
 */
public final class HostnameMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    /** Single labels that are public suffixes a wildcard must not sit directly above. */
    private static final Set<String> GENERIC_SUFFIXES = Set.of("com", "net", "org", "edu", "gov", "mil", "int",
            "info", "biz", "name", "pro", "mobi", "aero", "asia", "coop", "jobs", "museum", "tel", "travel", "arpa",
            "app", "dev", "cloud", "online", "site", "xyz", "top", "shop", "email", "mail");

    /** Second-level labels that, under a country code, form a public suffix ({@code co.uk}). */
    private static final Set<String> SECOND_LEVEL_SUFFIXES = Set.of("co", "com", "net", "org", "gov", "edu", "ac",
            "or", "ne", "go", "gob", "mil", "nic", "sch", "ltd", "plc", "gv", "nom");

    private HostnameMatcher() {
    }

    /**
     * The outcome of a check.
     *
     * @param matches whether the certificate is valid for the reference name
     * @param nameInCertificate when it is not, the name to report (the first DNS subjectAltName,
     *     else the CN, else the first IP subjectAltName), or {@code ""}
     */
    public record Result(boolean matches, String nameInCertificate) {
    }

    /**
     * @param reference the configured host name or IP literal
     * @param certificate the server's end-entity certificate
     * @return whether it matches, and which name it carries otherwise
     */
    public static Result check(String reference, X509Certificate certificate) {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipNames = new ArrayList<>();
        subjectAltNames(certificate, dnsNames, ipNames);
        String cn = lastCommonName(certificate);
        String shown = !dnsNames.isEmpty() ? dnsNames.get(0) : cn != null ? cn : !ipNames.isEmpty() ? ipNames.get(0) : "";
        if (isIpLiteral(reference)) {
            InetAddress wanted = literal(reference);
            for (String ip : ipNames) {
                if (wanted != null && wanted.equals(literal(ip))) {
                    return new Result(true, "");
                }
            }
            return new Result(false, shown);
        }
        List<String> candidates = dnsNames.isEmpty() && cn != null ? List.of(cn) : dnsNames;
        for (String name : candidates) {
            if (matches(name, reference)) {
                return new Result(true, "");
            }
        }
        return new Result(false, shown);
    }

    /**
     * @param presented a name from the certificate, possibly with a left-most wildcard
     * @param host the reference host name
     * @return whether the presented name covers the host
     */
    public static boolean matches(String presented, String host) {
        String p = normalise(presented);
        String h = normalise(host);
        if (p == null || h == null || h.indexOf('*') >= 0) {
            return false;
        }
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(h);
        }
        if (star != 0 || p.length() < 3 || p.charAt(1) != '.' || p.indexOf('*', 1) >= 0) {
            return false;
        }
        String suffix = p.substring(2);
        if (isPublicSuffixLike(suffix)) {
            return false;
        }
        int dot = h.indexOf('.');
        // The wildcard stands for exactly one non-empty label.
        return dot > 0 && h.substring(dot + 1).equals(suffix);
    }

    /**
     * @param host a host name or address
     * @return true for an IPv4 dotted quad or an IPv6 literal (with or without brackets)
     */
    public static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPublicSuffixLike(String suffix) {
        String[] labels = suffix.split("\\.", -1);
        if (labels.length == 1) {
            return labels[0].length() == 2 || GENERIC_SUFFIXES.contains(labels[0]);
        }
        return labels.length == 2 && labels[1].length() == 2 && SECOND_LEVEL_SUFFIXES.contains(labels[0]);
    }

    /** Lower-cases and drops one trailing dot; null when the name has characters no DNS name has. */
    private static String normalise(String name) {
        if (name == null) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(n.length());
        boolean labelStart = true;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '.') {
                if (labelStart) {
                    return null;
                }
                labelStart = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '*') {
                labelStart = false;
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
                labelStart = false;
            } else {
                return null;
            }
            b.append(c);
        }
        return labelStart ? null : b.toString();
    }

    private static void subjectAltNames(X509Certificate certificate, List<String> dns, List<String> ips) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return;
        }
        if (names == null) {
            return;
        }
        for (List<?> entry : names) {
            if (entry.size() < 2 || !(entry.get(0) instanceof Integer type) || !(entry.get(1) instanceof String value)) {
                continue;
            }
            if (type == SAN_DNS) {
                dns.add(value);
            } else if (type == SAN_IP) {
                ips.add(value);
            }
        }
    }

    /**
     * @param certificate a certificate
     * @return the last CN of its subject in DER order (libESMTP's choice), or null
     */
    static String lastCommonName(X509Certificate certificate) {
        String cn = null;
        try {
            LdapName dn = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
            // LdapName lists RDNs from the right; libESMTP takes the last CN of the printed order.
            for (Rdn rdn : dn.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String value) {
                    cn = value;
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return cn;
    }

    /** Parses an IP literal without any name lookup; null when it is not one. */
    private static InetAddress literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!isIpLiteral(t)) {
            return null;
        }
        try {
            // Both forms are literals here, so getByName does not consult DNS.
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
