package org.esmtp4j.pure.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthRequest.Flag;
import org.esmtp4j.AuthSettings;

/**
 * The SASL mechanisms the java engine knows, with libESMTP's policy for each (§7.2, §7.3): the
 * mechanism class it belongs to, what it asks the application through
 * {@link org.esmtp4j.AuthInteraction}, and whether it reveals a reusable secret to whoever reads
 * the connection (then it runs without TLS only with {@link AuthSettings#allowCleartext()},
 * hostile case D1).
 */
enum SaslCatalog {
    /** RFC 4616; libESMTP's {@code sasl-plain.so}. */
    PLAIN("PLAIN", true, Need.INTERACTION,
            List.of(new AuthRequest("user", EnumSet.of(Flag.USER, Flag.CLEARTEXT), "User Name", 255),
                    new AuthRequest("passphrase", EnumSet.of(Flag.PASS, Flag.CLEARTEXT), "Pass Phrase", 255))),
    /** libESMTP's {@code sasl-login.so}. */
    LOGIN("LOGIN", true, Need.INTERACTION,
            List.of(new AuthRequest("user", EnumSet.of(Flag.USER, Flag.CLEARTEXT), "User Name", 0),
                    new AuthRequest("passphrase", EnumSet.of(Flag.PASS, Flag.CLEARTEXT), "Password", 0))),
    /** RFC 2195; libESMTP's {@code sasl-crammd5.so}. */
    CRAM_MD5("CRAM-MD5", false, Need.INTERACTION,
            List.of(new AuthRequest("user", EnumSet.of(Flag.USER, Flag.CLEARTEXT), "User Name", 0),
                    new AuthRequest("passphrase", EnumSet.of(Flag.PASS), "Pass Phrase", 0))),
    /** RFC 7677 (not in libESMTP); asks what CRAM-MD5 asks. */
    SCRAM_SHA_256("SCRAM-SHA-256", false, Need.INTERACTION,
            List.of(new AuthRequest("user", EnumSet.of(Flag.USER, Flag.CLEARTEXT), "User Name", 0),
                    new AuthRequest("passphrase", EnumSet.of(Flag.PASS), "Pass Phrase", 0))),
    /** RFC 4422; libESMTP's built-in EXTERNAL. */
    EXTERNAL("EXTERNAL", false, Need.EXTERNAL_ID, List.of()),
    /** OAuth 2.0 bearer token, Google/Microsoft form. A bearer token is a reusable secret. */
    XOAUTH2("XOAUTH2", true, Need.OAUTH_TOKEN, List.of()),
    /** RFC 7628. A bearer token is a reusable secret. */
    OAUTHBEARER("OAUTHBEARER", true, Need.OAUTH_TOKEN, List.of());

    /** Where a mechanism's credentials come from. */
    enum Need {
        /** {@link AuthSettings#interaction()}. */
        INTERACTION,
        /** {@link AuthSettings#externalId()} or the TLS client certificate. */
        EXTERNAL_ID,
        /** {@link AuthSettings#oauthToken()}. */
        OAUTH_TOKEN
    }

    private final String wireName;
    private final boolean revealsSecret;
    private final Need need;
    private final List<AuthRequest> requests;

    SaslCatalog(String wireName, boolean revealsSecret, Need need, List<AuthRequest> requests) {
        this.wireName = wireName;
        this.revealsSecret = revealsSecret;
        this.need = need;
        this.requests = requests;
    }

    /** @return the name in {@code AUTH} */
    String wireName() {
        return wireName;
    }

    /** @return whether a reader of the connection learns a reusable secret */
    boolean revealsSecret() {
        return revealsSecret;
    }

    /** @return where the credentials come from */
    Need need() {
        return need;
    }

    /** @return what {@link org.esmtp4j.AuthInteraction} is asked, in order */
    List<AuthRequest> requests() {
        return requests;
    }

    /**
     * libESMTP's class rule: PLAIN and LOGIN need {@code AUTH_PLUGIN_PLAIN}; EXTERNAL needs an
     * identity.
     *
     * @param classes the allowed classes
     * @return whether the settings allow this mechanism's class
     */
    boolean classAllowed(Set<AuthSettings.MechanismClass> classes) {
        return switch (this) {
            case PLAIN, LOGIN -> classes.contains(AuthSettings.MechanismClass.PLAIN);
            default -> true;
        };
    }

    /**
     * @param name a mechanism name as advertised, upper case
     * @return the mechanism, or null when the engine does not implement it
     */
    static SaslCatalog byName(String name) {
        for (SaslCatalog m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
