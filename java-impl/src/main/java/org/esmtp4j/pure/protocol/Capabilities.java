package org.esmtp4j.pure.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a server advertised in its EHLO reply (libESMTP's {@code cb_ehlo} / {@code set_auth_mechanisms}).
 * Immutable.
 *
 * <p>The first line of the reply (the server's domain and greeting) is ignored. For every other
 * line the first atom, up to the first SP (or {@code '='} for the non-standard {@code AUTH=} form
 * that old Microsoft and Sendmail servers send), is matched case-insensitively against
 * {@link EhloKeyword}. Unknown keywords, keywords with characters outside the RFC 5321
 * {@code ehlo-keyword} set (letters, digits, {@code '-'}) and lines with control or non-ASCII
 * bytes in the keyword are ignored (hostile case B8). When a keyword with a parameter repeats, the
 * last line wins.
 */
public final class Capabilities {

    private static final Capabilities NONE = new Capabilities(EnumSet.noneOf(EhloKeyword.class), List.of(), 0, 0);

    private final Set<EhloKeyword> keywords;
    private final List<String> authMechanisms;
    private final long sizeLimit;
    private final long deliverByMinimum;

    private Capabilities(EnumSet<EhloKeyword> keywords, List<String> authMechanisms, long sizeLimit,
                         long deliverByMinimum) {
        this.keywords = Collections.unmodifiableSet(EnumSet.copyOf(keywords));
        this.authMechanisms = List.copyOf(authMechanisms);
        this.sizeLimit = sizeLimit;
        this.deliverByMinimum = deliverByMinimum;
    }

    /** @return no extensions at all: what a session that fell back to HELO knows */
    public static Capabilities none() {
        return NONE;
    }

    /**
     * Parses a positive EHLO reply. Linear in the reply size, however many AUTH lines it has
     * (hostile case F3: libESMTP's duplicate scan is quadratic).
     *
     * @param ehloReply the 2xx reply to EHLO
     * @return the advertised capabilities
     * @throws IllegalArgumentException when the reply is not 2xx
     */
    public static Capabilities parse(Reply ehloReply) {
        Objects.requireNonNull(ehloReply, "ehloReply");
        if (!ehloReply.isPositive()) {
            throw new IllegalArgumentException("EHLO capabilities come from a 2xx reply, got " + ehloReply.code());
        }
        EnumSet<EhloKeyword> keywords = EnumSet.noneOf(EhloKeyword.class);
        LinkedHashSet<String> mechanisms = new LinkedHashSet<>();
        long sizeLimit = 0;
        long deliverByMinimum = 0;
        List<String> lines = ehloReply.lines();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int keywordEnd = keywordEnd(line);
            if (keywordEnd <= 0) {
                continue;
            }
            boolean equalsForm = keywordEnd < line.length() && line.charAt(keywordEnd) == '=';
            EhloKeyword keyword = EhloKeyword.lookup(line.substring(0, keywordEnd));
            if (keyword == null || (equalsForm && keyword != EhloKeyword.AUTH)) {
                continue;
            }
            String parameters = keywordEnd < line.length() ? line.substring(keywordEnd + 1) : "";
            switch (keyword) {
                case AUTH -> addMechanisms(parameters, mechanisms);
                case SIZE -> sizeLimit = decimalOrZero(firstToken(parameters));
                case DELIVERBY -> deliverByMinimum = decimalOrZero(firstToken(parameters));
                default -> {
                }
            }
            keywords.add(keyword);
        }
        return new Capabilities(keywords, new ArrayList<>(mechanisms), sizeLimit, deliverByMinimum);
    }

    /**
     * @param keyword an EHLO keyword
     * @return true when the server advertised it
     */
    public boolean has(EhloKeyword keyword) {
        return keywords.contains(keyword);
    }

    /** @return every advertised keyword this engine knows */
    public Set<EhloKeyword> keywords() {
        return keywords;
    }

    /**
     * @return the SASL mechanisms from all AUTH lines, upper case, in advertised order, each once
     *         (so {@code AUTH=LOGIN} then {@code AUTH PLAIN LOGIN} gives {@code [LOGIN, PLAIN]})
     */
    public List<String> authMechanisms() {
        return authMechanisms;
    }

    /**
     * @return the SIZE limit in bytes, or 0 for none (SIZE absent, without a number, with 0, or
     *         with something that is not a decimal number); capped at {@link Long#MAX_VALUE}
     */
    public long sizeLimit() {
        return sizeLimit;
    }

    /** @return the DELIVERBY minimum in seconds, or 0 when absent or not a decimal number */
    public long deliverByMinimum() {
        return deliverByMinimum;
    }

    @Override
    public String toString() {
        return "Capabilities" + keywords + " auth=" + authMechanisms + " size=" + sizeLimit
                + " deliverBy=" + deliverByMinimum;
    }

    /**
     * @return the index where the keyword ends (at SP, '=' or the line end), or -1 when the line
     *         has no keyword or the keyword runs into any other character
     */
    private static int keywordEnd(String line) {
        int n = line.length();
        int i = 0;
        while (i < n && isKeywordChar(line.charAt(i))) {
            i++;
        }
        if (i == n) {
            return i;
        }
        char stop = line.charAt(i);
        return stop == ' ' || stop == '=' ? i : -1;
    }

    private static boolean isKeywordChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    /** RFC 4422 §3.1 mechanism names: upper-case letters, digits, '-' and '_'. */
    private static boolean isMechanismChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static void addMechanisms(String parameters, Set<String> mechanisms) {
        int n = parameters.length();
        int i = 0;
        while (i < n) {
            while (i < n && parameters.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            boolean valid = true;
            while (i < n && parameters.charAt(i) != ' ') {
                valid &= isMechanismChar(parameters.charAt(i));
                i++;
            }
            if (i > start && valid) {
                mechanisms.add(parameters.substring(start, i).toUpperCase(Locale.ROOT));
            }
        }
    }

    private static String firstToken(String parameters) {
        int n = parameters.length();
        int start = 0;
        while (start < n && parameters.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < n && parameters.charAt(end) != ' ') {
            end++;
        }
        return parameters.substring(start, end);
    }

    /** @return the decimal value of an all-digit token (saturating at Long.MAX_VALUE), else 0 */
    private static long decimalOrZero(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            int digit = c - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return value;
    }
}
