package org.esmtp4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.Session;
import org.esmtp4j.TlsSettings;

/**
 * The TLS and AUTH options of esmtp-send (cli.md: {@code -t}, {@code -T}, {@code --smtps},
 * {@code --cafile}, {@code --insecure}, {@code -u}, {@code --password-file}, {@code --mechanisms},
 * {@code --allow-plaintext-auth}): their combinations are checked with the rest of the command
 * line, and they are mapped onto the facade's {@link TlsSettings} and {@link AuthSettings}.
 */
final class TlsAuthOptions {

    /** What {@code --insecure} prints on standard error. */
    static final String INSECURE_WARNING = "warning: --insecure: the server's certificate and name are not checked;"
            + " anyone on the path can read and change the mail. Use it for tests only.";

    /** SASL mechanism names (RFC 4422 §3.1): upper-case letters, digits, hyphen and underscore, 1 to 20 characters. */
    private static final String MECHANISM = "[A-Z0-9_-]{1,20}";

    private TlsAuthOptions() {
    }

    /**
     * @param value the {@code -u} value
     * @return the user name
     * @throws IllegalArgumentException when it is empty or holds a control character
     */
    static String user(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("the user name holds a control character");
            }
        }
        return value;
    }

    /**
     * @param value the {@code --mechanisms} value, a comma list
     * @return the mechanism names, upper case, in order
     * @throws IllegalArgumentException when an item is not a SASL mechanism name
     */
    static List<String> mechanisms(String value) {
        List<String> names = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String name = item.trim().toUpperCase(Locale.ROOT);
            if (!name.matches(MECHANISM)) {
                throw new IllegalArgumentException("expected a comma list of SASL mechanism names, for example SCRAM-SHA-256,PLAIN");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Checks the combinations of TLS and AUTH options.
     *
     * @param o the options read so far
     * @param errors where each problem is added
     */
    static void check(SendOptions o, List<String> errors) {
        if (o.caFile != null && o.insecure) {
            errors.add("--cafile and --insecure cannot be combined: --insecure checks no certificate at all");
        }
        if ((o.caFile != null || o.insecure) && !o.wantsTls()) {
            errors.add((o.insecure ? "--insecure" : "--cafile") + " needs TLS: add -t, -T or --smtps");
        }
        if (o.caFile != null && !Files.isReadable(Path.of(o.caFile))) {
            errors.add("--cafile " + SendOptionsParser.quote(o.caFile) + ": the file cannot be read");
        }
        if (o.user != null && o.passwordFile == null) {
            errors.add("-u needs --password-file FILE (the password is never taken from the command line)");
        }
        if (o.user == null && (o.passwordFile != null || !o.mechanisms.isEmpty() || o.allowPlaintextAuth)) {
            errors.add("--password-file, --mechanisms and --allow-plaintext-auth need -u NAME");
        }
    }

    /**
     * Sets STARTTLS, implicit TLS, the TLS trust and AUTH on the session.
     *
     * @param o the options
     * @param session the session
     * @throws InvalidArgumentException when the engine cannot honour an option (implicit TLS or
     *     a mechanism list on the libesmtp engine) or the password file cannot be read
     */
    static void apply(SendOptions o, Session session) {
        if (o.startTls != null) {
            session.setStartTls(o.startTls);                              // smtp_starttls_enable
        }
        if (o.implicitTls) {
            session.setImplicitTls(true);                                 // no libESMTP counterpart: refused there
        }
        if (o.caFile != null) {
            session.setTls(TlsSettings.builder().trustedCertificates(Path.of(o.caFile)).build());
        } else if (o.insecure) {
            session.setTls(TlsSettings.builder().trustAnyCertificateInsecurely().build());
        }
        if (o.user != null) {
            session.setAuth(authSettings(o, readPassword(o.passwordFile))); // smtp_auth_set_context
        }
    }

    private static AuthSettings authSettings(SendOptions o, char[] password) {
        AuthSettings.Builder b = AuthSettings.builder()
                .interaction((mechanism, requests) -> answers(o.user, password, requests))
                .allowPlainMechanisms(true)
                .allowCleartext(o.allowPlaintextAuth);
        if (!o.mechanisms.isEmpty()) {
            b.mechanisms(o.mechanisms.toArray(new String[0]));
        }
        return b.build();
    }

    /** The user for every request that is not a password, a copy of the password for each that is. */
    private static List<char[]> answers(String user, char[] password, List<AuthRequest> requests) {
        List<char[]> answers = new ArrayList<>(requests.size());
        for (AuthRequest r : requests) {
            answers.add(r.flags().contains(AuthRequest.Flag.PASS) ? password.clone() : user.toCharArray());
        }
        return answers;
    }

    /**
     * The first line of the file, without its line end, decoded as UTF-8.
     *
     * @throws InvalidArgumentException when the file cannot be read, is not UTF-8 or the password is empty
     */
    static char[] readPassword(String file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new InvalidArgumentException("--password-file", "cannot read " + Printable.of(file) + ": " + e.getMessage());
        }
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            CharBuffer chars;
            try {
                chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
            } catch (CharacterCodingException e) {
                throw new InvalidArgumentException("--password-file", Printable.of(file) + " is not UTF-8");
            }
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            if (password.length == 0) {
                throw new InvalidArgumentException("--password-file", "the first line of " + Printable.of(file) + " is empty");
            }
            return password;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
