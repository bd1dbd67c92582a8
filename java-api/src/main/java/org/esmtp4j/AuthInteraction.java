package org.esmtp4j;

import java.util.List;

/**
 * Answers a SASL mechanism's requests: libESMTP's {@code auth_interact_t}. Called on the thread
 * running {@link Session#start()}.
 */
@FunctionalInterface
public interface AuthInteraction {

    /**
     * @param mechanism the mechanism asking, for example {@code "PLAIN"}
     * @param requests what it needs, in order
     * @return one answer per request, in the same order; or null to refuse this mechanism (the
     *     next acceptable one is tried)
     */
    List<char[]> answer(String mechanism, List<AuthRequest> requests);
}
