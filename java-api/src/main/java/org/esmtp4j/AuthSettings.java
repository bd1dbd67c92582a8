package org.esmtp4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * SMTP AUTH (RFC 4954): libESMTP's {@code auth_context_t} ({@code auth-client.h}) as immutable
 * settings. Secure by default, like libESMTP and stricter:
 * <ul>
 *   <li>mechanisms that reveal the password (PLAIN, LOGIN) are used only when
 *       {@link Builder#allowPlainMechanisms(boolean)} is set (libESMTP's {@code AUTH_PLUGIN_PLAIN})
 *       <em>and</em> TLS is up, unless {@link Builder#allowCleartext(boolean)} is set;</li>
 *   <li>after every offered mechanism failed, no MAIL is sent unless
 *       {@link Builder#continueUnauthenticated(boolean)} is set (libESMTP always continues);</li>
 *   <li>534 and 538 end the session (RFC 4954), as in libESMTP.</li>
 * </ul>
 */
public final class AuthSettings {

    /** libESMTP's mechanism class flags ({@code AUTH_PLUGIN_*}). */
    public enum MechanismClass {
        /** {@code AUTH_PLUGIN_ANONYMOUS} (0x01). */
        ANONYMOUS(0x01),
        /** {@code AUTH_PLUGIN_PLAIN} (0x02): mechanisms that send the password itself (PLAIN, LOGIN). */
        PLAIN(0x02),
        /** {@code AUTH_PLUGIN_EXTERNAL} (0x04): SASL EXTERNAL, set by {@link Builder#externalId(String)}. */
        EXTERNAL(0x04);

        private final int libesmtpBit;

        MechanismClass(int libesmtpBit) {
            this.libesmtpBit = libesmtpBit;
        }

        /** @return libESMTP's bit */
        public int libesmtpBit() {
            return libesmtpBit;
        }
    }

    private final AuthInteraction interaction;
    private final Set<MechanismClass> classes;
    private final int minimumSsf;
    private final String externalId;
    private final List<String> mechanisms;
    private final boolean allowCleartext;
    private final boolean continueUnauthenticated;
    private final Supplier<String> oauthToken;
    private final String oauthUser;

    private AuthSettings(Builder b) {
        this.interaction = b.interaction;
        this.classes = Collections.unmodifiableSet(EnumSet.copyOf(b.classes));
        this.minimumSsf = b.minimumSsf;
        this.externalId = b.externalId;
        this.mechanisms = List.copyOf(b.mechanisms);
        this.allowCleartext = b.allowCleartext;
        this.continueUnauthenticated = b.continueUnauthenticated;
        this.oauthToken = b.oauthToken;
        this.oauthUser = b.oauthUser;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for a user name and password (an {@link AuthInteraction} that answers every
     * request with one of them), with PLAIN and LOGIN allowed under TLS.
     *
     * @param user the user name
     * @param password the password; the caller may clear the array after the session
     * @return the settings
     */
    public static AuthSettings password(String user, char[] password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        org.esmtp4j.internal.Validation.checkNoControls("AUTH user", user, false);
        return builder().interaction((mechanism, requests) -> {
            List<char[]> answers = new ArrayList<>();
            for (AuthRequest r : requests) {
                answers.add(r.flags().contains(AuthRequest.Flag.PASS) ? password.clone() : user.toCharArray());
            }
            return answers;
        }).allowPlainMechanisms(true).build();
    }

    /** @return the interaction callback, or null (then AUTH is skipped, as in libESMTP) */
    public AuthInteraction interaction() {
        return interaction;
    }

    /** @return the allowed mechanism classes ({@code auth_set_mechanism_flags}) */
    public Set<MechanismClass> mechanismClasses() {
        return classes;
    }

    /** @return the minimum security strength factor ({@code auth_set_mechanism_ssf}) */
    public int minimumSsf() {
        return minimumSsf;
    }

    /** @return the SASL EXTERNAL identity ({@code auth_set_external_id}), or null */
    public String externalId() {
        return externalId;
    }

    /** @return the mechanisms to consider, upper case, in preference order; empty for the server's order */
    public List<String> mechanisms() {
        return mechanisms;
    }

    /** @return whether password-revealing mechanisms may run without TLS */
    public boolean allowCleartext() {
        return allowCleartext;
    }

    /** @return whether MAIL is sent after every mechanism failed */
    public boolean continueUnauthenticated() {
        return continueUnauthenticated;
    }

    /** @return the OAuth 2.0 bearer token source for XOAUTH2/OAUTHBEARER (java engine), or null */
    public Supplier<String> oauthToken() {
        return oauthToken;
    }

    /** @return the user for XOAUTH2/OAUTHBEARER, or null */
    public String oauthUser() {
        return oauthUser;
    }

    /** Builds {@link AuthSettings}. */
    public static final class Builder {
        private AuthInteraction interaction;
        private final Set<MechanismClass> classes = EnumSet.noneOf(MechanismClass.class);
        private int minimumSsf;
        private String externalId;
        private final List<String> mechanisms = new ArrayList<>();
        private boolean allowCleartext;
        private boolean continueUnauthenticated;
        private Supplier<String> oauthToken;
        private String oauthUser;

        private Builder() {
        }

        /**
         * @param callback answers the mechanisms' requests ({@code auth_set_interact_cb})
         * @return this
         */
        public Builder interaction(AuthInteraction callback) {
            interaction = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * Allows PLAIN and LOGIN (libESMTP's {@code AUTH_PLUGIN_PLAIN}; off by default, as in libESMTP).
         *
         * @param allow whether to allow them
         * @return this
         */
        public Builder allowPlainMechanisms(boolean allow) {
            if (allow) {
                classes.add(MechanismClass.PLAIN);
            } else {
                classes.remove(MechanismClass.PLAIN);
            }
            return this;
        }

        /**
         * Allows ANONYMOUS mechanisms ({@code AUTH_PLUGIN_ANONYMOUS}).
         *
         * @param allow whether to allow them
         * @return this
         */
        public Builder allowAnonymous(boolean allow) {
            if (allow) {
                classes.add(MechanismClass.ANONYMOUS);
            } else {
                classes.remove(MechanismClass.ANONYMOUS);
            }
            return this;
        }

        /**
         * @param ssf mechanisms with a lower security strength factor are not used
         * @return this
         */
        public Builder minimumSsf(int ssf) {
            if (ssf < 0) {
                throw new InvalidArgumentException("minimum SSF", "must not be negative: " + ssf);
            }
            minimumSsf = ssf;
            return this;
        }

        /**
         * Enables SASL EXTERNAL with this identity ({@code auth_set_external_id}).
         *
         * @param identity the authorisation identity, or null to disable EXTERNAL
         * @return this
         */
        public Builder externalId(String identity) {
            if (identity != null) {
                org.esmtp4j.internal.Validation.checkNoControls("external id", identity, false);
                classes.add(MechanismClass.EXTERNAL);
            } else {
                classes.remove(MechanismClass.EXTERNAL);
            }
            externalId = identity;
            return this;
        }

        /**
         * Restricts AUTH to these mechanisms, tried in this order among those the server offers.
         *
         * @param names mechanism names, for example {@code "SCRAM-SHA-256"}, {@code "PLAIN"}
         * @return this
         */
        public Builder mechanisms(String... names) {
            mechanisms.clear();
            for (String n : names) {
                org.esmtp4j.internal.Validation.checkNoControls("AUTH mechanism", n, false);
                mechanisms.add(n.toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Allows password-revealing mechanisms without TLS (hostile case D1: off by default).
         *
         * @param allow whether to allow it
         * @return this
         */
        public Builder allowCleartext(boolean allow) {
            allowCleartext = allow;
            return this;
        }

        /**
         * Sends mail even when authentication failed, as libESMTP always does (hostile case D2:
         * off by default).
         *
         * @param allow whether to continue
         * @return this
         */
        public Builder continueUnauthenticated(boolean allow) {
            continueUnauthenticated = allow;
            return this;
        }

        /**
         * An OAuth 2.0 bearer token for XOAUTH2 and OAUTHBEARER (java engine).
         *
         * @param user the user the token is for
         * @param token gives a current token when asked
         * @return this
         */
        public Builder oauth(String user, Supplier<String> token) {
            org.esmtp4j.internal.Validation.checkNoControls("OAuth user", user, false);
            oauthUser = user;
            oauthToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /** @return the settings */
        public AuthSettings build() {
            return new AuthSettings(this);
        }
    }
}
