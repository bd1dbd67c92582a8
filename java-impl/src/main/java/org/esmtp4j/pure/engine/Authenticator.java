package org.esmtp4j.pure.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.SmtpError;
import org.esmtp4j.pure.protocol.Reply;
import org.esmtp4j.pure.sasl.CramMd5Mechanism;
import org.esmtp4j.pure.sasl.ExternalMechanism;
import org.esmtp4j.pure.sasl.LoginMechanism;
import org.esmtp4j.pure.sasl.OAuthBearerMechanism;
import org.esmtp4j.pure.sasl.PlainMechanism;
import org.esmtp4j.pure.sasl.SaslException;
import org.esmtp4j.pure.sasl.SaslMechanism;
import org.esmtp4j.pure.sasl.ScramSha256Mechanism;
import org.esmtp4j.pure.sasl.XOAuth2Mechanism;

/**
 * SMTP AUTH (RFC 4954) on one connection: libESMTP's {@code smtp-auth.c} (§5.2, §7.4) with the
 * hardening of hostile cases D1-D5.
 *
 * <ul>
 *   <li>Mechanisms are tried in the server's order, or in {@link AuthSettings#mechanisms()}
 *       order when set; one is skipped when the engine does not implement it, the settings do
 *       not allow its class, its credentials are missing, the interaction answers null, or it
 *       reveals a secret and TLS is off without {@link AuthSettings#allowCleartext()} (D1).</li>
 *   <li>{@code AUTH <mech> [<base64 initial response> | =]}; each 334 challenge is decoded and
 *       answered; a malformed or oversized challenge, a mechanism error or too many rounds is
 *       cancelled with {@code *} (D4).</li>
 *   <li>235 authenticates (SCRAM only after the server proved itself); 534 and 538 end the
 *       session (D3); any other 4xx/5xx moves to the next mechanism.</li>
 *   <li>Credentials never reach the monitor: the conversation sends them through
 *       {@link Wire#sendSecret} (D5).</li>
 * </ul>
 */
final class Authenticator {

    /** The most 334 challenges one mechanism may send. */
    static final int MAX_ROUNDS = org.esmtp4j.Limits.DEFAULT_AUTH_ROUNDS;
    /** The largest decoded challenge accepted. */
    static final int MAX_CHALLENGE_BYTES = 64 * 1024;

    /** How the exchange ended. */
    enum Result {
        /** A mechanism succeeded. */
        AUTHENTICATED,
        /** No mechanism could run, or every one failed. */
        FAILED,
        /** The server refused in a way that ends the session (534, 538), or misbehaved. */
        ABORTED
    }

    /** Sends AUTH lines and returns the reply to each. */
    interface Wire {
        /**
         * @param line a line without secrets
         * @return the reply
         */
        Reply send(String line) throws ProtocolAbort, IOException;

        /**
         * @param visible the part the monitor may see
         * @param secret the part it must not see
         * @return the reply
         */
        Reply sendSecret(String visible, String secret) throws ProtocolAbort, IOException;
    }

    private enum Attempt { SUCCESS, NEXT, ABORT }

    private final AuthSettings settings;
    private final boolean tlsActive;
    private final String clientCertificateName;
    private final String host;
    private final int port;
    private int maxRounds = MAX_ROUNDS;
    private final List<String> notes = new ArrayList<>();
    private String detail = "";

    /**
     * @param settings the AUTH settings
     * @param tlsActive whether the connection is inside TLS now
     * @param clientCertificateName the TLS client certificate's CN (libESMTP's automatic
     *     external id), or null
     * @param host the server host, for OAUTHBEARER
     * @param port the server port, for OAUTHBEARER
     */
    Authenticator(AuthSettings settings, boolean tlsActive, String clientCertificateName, String host, int port) {
        this.settings = settings;
        this.tlsActive = tlsActive;
        this.clientCertificateName = clientCertificateName;
        this.host = host;
        this.port = port;
    }

    /**
     * @param rounds the most 334 challenges one mechanism may send ({@link org.esmtp4j.Limits#maxAuthRounds()})
     * @return this
     */
    Authenticator maxRounds(int rounds) {
        this.maxRounds = rounds;
        return this;
    }

    /** @return what happened, for {@link org.esmtp4j.StartResult#detail()}; never a credential */
    String detail() {
        return detail;
    }

    /**
     * @param advertised the mechanisms from EHLO, in the server's order
     * @param wire the connection
     * @return how AUTH ended
     */
    Result run(List<String> advertised, Wire wire) throws ProtocolAbort, IOException {
        for (String name : order(advertised)) {
            SaslCatalog kind = SaslCatalog.byName(name);
            if (kind == null) {
                continue;
            }
            String refusal = refusal(kind);
            if (refusal != null) {
                notes.add(name + ": " + refusal);
                continue;
            }
            SaslMechanism mechanism = create(kind, true);
            if (mechanism == null) {
                notes.add(name + ": the interaction gave no credentials");
                continue;
            }
            Attempt a;
            try {
                a = exchange(mechanism, wire, kind == SaslCatalog.LOGIN);
            } finally {
                mechanism.dispose();
            }
            if (a == Attempt.SUCCESS) {
                detail = "authenticated with " + name;
                return Result.AUTHENTICATED;
            }
            if (a == Attempt.ABORT) {
                detail = notes.get(notes.size() - 1);
                return Result.ABORTED;
            }
        }
        detail = notes.isEmpty() ? "no AUTH mechanism the server offers " + advertised + " is implemented"
                : "authentication failed: " + String.join("; ", notes);
        return Result.FAILED;
    }

    private List<String> order(List<String> advertised) {
        if (settings.mechanisms().isEmpty()) {
            return advertised;
        }
        List<String> ordered = new ArrayList<>();
        for (String wanted : settings.mechanisms()) {
            if (advertised.contains(wanted)) {
                ordered.add(wanted);
            }
        }
        return ordered;
    }

    /** @return why the settings or the connection rule the mechanism out, or null */
    private String refusal(SaslCatalog kind) {
        if (settings.minimumSsf() > 0) {
            return "no security layer (SSF 0 below the minimum " + settings.minimumSsf() + ")";
        }
        if (!kind.classAllowed(settings.mechanismClasses())) {
            return "not allowed (allowPlainMechanisms is off)";
        }
        switch (kind.need()) {
            case INTERACTION:
                if (settings.interaction() == null) {
                    return "no interaction callback";
                }
                break;
            case EXTERNAL_ID:
                if (settings.externalId() == null && clientCertificateName == null) {
                    return "no external identity";
                }
                break;
            default:
                if (settings.oauthToken() == null) {
                    return "no OAuth token";
                }
                break;
        }
        if (kind.revealsSecret() && !tlsActive && !settings.allowCleartext()) {
            return "would reveal the credentials without TLS (allowCleartext is off)";
        }
        return null;
    }

    private SaslMechanism create(SaslCatalog kind, boolean loginInitialResponse) {
        switch (kind.need()) {
            case EXTERNAL_ID:
                return new ExternalMechanism(settings.externalId() != null ? settings.externalId() : clientCertificateName);
            case OAUTH_TOKEN:
                String token = settings.oauthToken().get();
                if (token == null) {
                    return null;
                }
                return kind == SaslCatalog.XOAUTH2 ? new XOAuth2Mechanism(settings.oauthUser(), token)
                        : new OAuthBearerMechanism(settings.oauthUser(), host, port, token);
            default:
                return withAnswers(kind, loginInitialResponse);
        }
    }

    private SaslMechanism withAnswers(SaslCatalog kind, boolean loginInitialResponse) {
        List<char[]> answers = settings.interaction().answer(kind.wireName(), kind.requests());
        if (answers == null || answers.size() != kind.requests().size()) {
            return null;
        }
        for (char[] a : answers) {
            if (a == null) {
                return null;
            }
        }
        try {
            String user = new String(answers.get(0));
            char[] password = answers.get(1);
            return switch (kind) {
                case PLAIN -> new PlainMechanism(user, password);
                case LOGIN -> new LoginMechanism(user, password, loginInitialResponse);
                case CRAM_MD5 -> new CramMd5Mechanism(user, password);
                default -> new ScramSha256Mechanism(user, password);
            };
        } finally {
            for (char[] a : answers) {
                Arrays.fill(a, '\0');
            }
        }
    }

    private Attempt exchange(SaslMechanism mechanism, Wire wire, boolean mayRetryLogin) throws ProtocolAbort, IOException {
        String name = mechanism.name();
        byte[] initial;
        try {
            initial = mechanism.initialResponse();
        } catch (SaslException e) {
            notes.add(name + ": " + e.getMessage());
            return Attempt.NEXT;
        }
        Reply reply;
        if (initial == null) {
            reply = wire.send("AUTH " + name);
        } else if (initial.length == 0) {
            reply = wire.send("AUTH " + name + " =");
        } else {
            reply = wire.sendSecret("AUTH " + name + " ", encode(initial));
        }
        if (mayRetryLogin && initial != null && (reply.code() == 500 || reply.code() == 501)) {
            // libESMTP sends LOGIN's user name as an initial response; servers that do not
            // take one (GreenMail among them) answer 500/501. Try the classic form once.
            notes.add(name + ": initial response refused with " + reply.code() + ", retried without");
            SaslMechanism classic = create(SaslCatalog.LOGIN, false);
            if (classic == null) {
                return Attempt.NEXT;
            }
            try {
                return exchange(classic, wire, false);
            } finally {
                classic.dispose();
            }
        }
        boolean cancelled = false;
        int rounds = 0;
        String problem = null;
        while (reply.code() == 334) {
            if (cancelled) {
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_STATUS,
                        "AUTH " + name + ": the server sent another challenge after the client cancelled", true, null);
            }
            byte[] response = null;
            if (++rounds > maxRounds) {
                problem = "more than " + maxRounds + " challenges";
            } else {
                byte[] challenge = decode(reply.firstLine());
                if (challenge == null) {
                    problem = "a challenge that is not base64 or larger than " + MAX_CHALLENGE_BYTES + " bytes";
                } else {
                    try {
                        response = mechanism.evaluate(challenge);
                    } catch (SaslException e) {
                        problem = e.getMessage();
                    }
                }
            }
            if (response == null) {
                cancelled = true;
                reply = wire.send("*");
            } else {
                reply = wire.sendSecret("", encode(response));
            }
        }
        String outcome = name + ": " + (problem != null ? "cancelled (" + problem + "), " : "") + reply.code()
                + " " + reply.firstLine();
        if (reply.isPositive()) {
            if (cancelled) {
                throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_STATUS,
                        "AUTH " + name + ": the server accepted a cancelled exchange", true, null);
            }
            if (!mechanism.isComplete()) {
                notes.add(name + ": the server replied " + reply.code() + " without proving it knows the password");
                return Attempt.ABORT;
            }
            return Attempt.SUCCESS;
        }
        notes.add(outcome);
        if (reply.code() == 534 || reply.code() == 538) {
            // RFC 4954 §6: mechanism too weak / encryption required; libESMTP quits too.
            return Attempt.ABORT;
        }
        if (reply.codeClass() == 4 || reply.codeClass() == 5) {
            return Attempt.NEXT;
        }
        throw new ProtocolAbort(SmtpError.INVALID_RESPONSE_STATUS, "AUTH " + name + " answered " + reply.code(), true, null);
    }

    private static String encode(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** @return the decoded challenge, or null when it is not strict base64 or too large */
    private static byte[] decode(String text) {
        String t = text.strip();
        if (t.length() > (MAX_CHALLENGE_BYTES / 3 + 1) * 4) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
