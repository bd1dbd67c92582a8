package org.esmtp4j.libesmtp;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.esmtp4j.AuthInteraction;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.StartTlsMode;

/**
 * One start's libESMTP SASL context ({@code auth_context_t}, spec §7) built from the facade's
 * {@link AuthSettings}, with the interact callback that asks {@link AuthInteraction}.
 *
 * <p>The rule that PLAIN and LOGIN never reveal the password outside TLS unless
 * {@link AuthSettings#allowCleartext()} (hostile case D1) is enforced here, since libESMTP sends
 * them in the clear once {@code AUTH_PLUGIN_PLAIN} is set:
 * <ul>
 *   <li>with STARTTLS disabled, {@code AUTH_PLUGIN_PLAIN} is not set, so libESMTP never selects
 *       PLAIN or LOGIN;</li>
 *   <li>otherwise, a mechanism whose requests include a password marked {@code AUTH_CLEARTEXT}
 *       is refused in the interact callback unless TLS is up on the connection. libESMTP then
 *       sends {@code AUTH PLAIN} (or {@code AUTH LOGIN}) without an initial response and cancels
 *       the server's challenge with {@code *} (RFC 4954 §4): the password never leaves.</li>
 * </ul>
 *
 * <p>NTLM is never given the application's credentials. In libESMTP 1.1.0 it cannot authenticate
 * (it sends the user name and domain empty, §8.3 #2) yet sends an NTLMv1 response computed from
 * the password, which an eavesdropper can crack; and refusing it is not safe either: the plugin
 * then still answers the server's Type 2 challenge and computes that response from a NULL
 * password ({@code strlen(NULL)} in {@code nt_hash_password}), which a server offering NTLM could
 * use to crash the process. So NTLM gets empty answers, fails at the server, and libESMTP moves
 * on to the next mechanism.
 *
 * <p>Answers are copied into native memory that stays allocated until {@link #close()} (NTLM keeps
 * the raw pointers for the whole exchange, §7.3) and is wiped by {@link #wipeAnswers()} as soon as
 * {@code smtp_start_session} returns. An answer longer than the request's {@code size} is never
 * passed (the PLAIN plugin copies into a fixed buffer, §8.3 #26): the mechanism is refused.
 */
final class NativeAuth implements AutoCloseable {

    private static final int PASSWORD_IN_CLEAR = AuthRequest.Flag.PASS.libesmtpBit() | AuthRequest.Flag.CLEARTEXT.libesmtpBit();
    /** The mechanism whose plugin must never be refused (see the class comment). */
    private static final String NTLM = "NTLM";

    private final AuthSettings settings;
    private final BooleanSupplier tlsUp;
    private final Pointer context;
    /** Referenced until {@code auth_destroy_context}: libESMTP calls it during the start. */
    private final AuthClient.InteractCallback interact = this::interact;
    private final List<Memory> answers = new ArrayList<>();
    /** An empty C string: NTLM's answers. */
    private final Memory empty = Secrets.nativeCString(new byte[0]);
    /** Mechanisms refused during this start: libESMTP asks again on the 334 after a refusal. */
    private final Set<String> refused = new HashSet<>();
    private final Consumer<Throwable> onFailure;
    private boolean failed;

    /**
     * @param settings the AUTH settings, with an interaction
     * @param startTls the session's STARTTLS mode
     * @param tlsUp whether TLS is up on the current connection
     * @param onFailure receives what the application's interaction threw (C must not see it)
     */
    NativeAuth(AuthSettings settings, StartTlsMode startTls, BooleanSupplier tlsUp, Consumer<Throwable> onFailure) {
        this.settings = settings;
        this.tlsUp = tlsUp;
        this.onFailure = onFailure;
        this.context = AuthClient.auth_create_context();
        if (context == null) {
            throw new OutOfMemoryError("auth_create_context failed");
        }
        int allowed = 0;
        if (settings.mechanismClasses().contains(AuthSettings.MechanismClass.ANONYMOUS)) {
            allowed |= AuthClient.PLUGIN_ANONYMOUS;
        }
        if (settings.mechanismClasses().contains(AuthSettings.MechanismClass.PLAIN)
                && (settings.allowCleartext() || startTls != StartTlsMode.DISABLED)) {
            allowed |= AuthClient.PLUGIN_PLAIN;
        }
        // EXTERNAL is not a flag libESMTP lets the application set: auth_set_external_id does it.
        AuthClient.auth_set_mechanism_flags(context, allowed, ~allowed & (AuthClient.PLUGIN_ANONYMOUS | AuthClient.PLUGIN_PLAIN));
        AuthClient.auth_set_mechanism_ssf(context, settings.minimumSsf());
        if (settings.externalId() != null) {
            AuthClient.auth_set_external_id(context, settings.externalId());
        }
        AuthClient.auth_set_interact_cb(context, interact, null);
    }

    /** @return the {@code auth_context_t} for {@code smtp_auth_set_context} */
    Pointer context() {
        return context;
    }

    private int interact(Pointer request, Pointer result, int fields, Pointer arg) {
        try {
            String mechanism = AuthClient.auth_mechanism_name(context);
            mechanism = mechanism == null ? "" : mechanism;
            if (NTLM.equalsIgnoreCase(mechanism)) {
                for (int i = 0; i < fields; i++) {
                    result.setPointer((long) i * Native.POINTER_SIZE, empty);
                }
                return 1;
            }
            if (failed || refused.contains(mechanism)) {
                return 0;
            }
            List<AuthRequest> requests = AuthRequests.read(request, fields);
            if (!settings.allowCleartext() && !tlsUp.getAsBoolean() && revealsPassword(request, fields)) {
                refused.add(mechanism);
                return 0;
            }
            List<char[]> given = settings.interaction().answer(mechanism, requests);
            if (given == null || !store(given, requests, result)) {
                refused.add(mechanism);
                return 0;
            }
            return 1;
        } catch (RuntimeException | Error e) {
            failed = true;
            onFailure.accept(e);
            return 0;
        }
    }

    private static boolean revealsPassword(Pointer request, int fields) {
        for (int i = 0; i < fields; i++) {
            int flags = request.getInt((long) i * AuthRequests.STRIDE + 8);
            if ((flags & PASSWORD_IN_CLEAR) == PASSWORD_IN_CLEAR) {
                return true;
            }
        }
        return false;
    }

    /** Copies the answers into native strings and {@code result[]}; false when one cannot be passed. */
    private boolean store(List<char[]> given, List<AuthRequest> requests, Pointer result) {
        if (given.size() != requests.size()) {
            throw new IllegalStateException("the AuthInteraction gave " + given.size() + " answers to "
                    + requests.size() + " requests");
        }
        List<Memory> stored = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            char[] answer = given.get(i);
            if (answer == null) {
                throw new IllegalStateException("the AuthInteraction gave a null answer to \"" + requests.get(i).name() + "\"");
            }
            byte[] bytes = Secrets.utf8(answer);
            try {
                int max = requests.get(i).maxLength();
                if (Secrets.containsNul(bytes) || (max > 0 && bytes.length > max)) {
                    stored.forEach(Secrets::wipe);
                    return false;
                }
                stored.add(Secrets.nativeCString(bytes));
            } finally {
                Secrets.wipe(bytes);
            }
        }
        for (int i = 0; i < stored.size(); i++) {
            result.setPointer((long) i * Native.POINTER_SIZE, stored.get(i));
        }
        answers.addAll(stored);
        return true;
    }

    /** Wipes every answer given so far; call when {@code smtp_start_session} has returned. */
    void wipeAnswers() {
        answers.forEach(Secrets::wipe);
    }

    /** Destroys the context; call after {@code smtp_destroy_session}. */
    @Override
    public void close() {
        AuthClient.auth_destroy_context(context);
        wipeAnswers();
        answers.clear();
    }
}
