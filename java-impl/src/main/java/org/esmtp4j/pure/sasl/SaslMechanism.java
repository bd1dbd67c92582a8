package org.esmtp4j.pure.sasl;

/**
 * The client side of one SASL authentication exchange: libESMTP's {@code auth_response}
 * ({@code challenge == NULL} for the initial response). One instance per exchange.
 */
public interface SaslMechanism {

    /** @return the mechanism name as sent in {@code AUTH}, upper case */
    String name();

    /**
     * @return the initial response sent with the {@code AUTH} command (RFC 4954 §4); an empty
     *     array for an empty one (sent as {@code =}); null for none
     * @throws SaslException when the mechanism cannot start
     */
    byte[] initialResponse() throws SaslException;

    /**
     * @param challenge the decoded server challenge of a 334 reply
     * @return the response to send (base64 encoded by the engine); may be empty
     * @throws SaslException when the challenge is unexpected or wrong; the engine cancels with
     *     {@code *}
     */
    byte[] evaluate(byte[] challenge) throws SaslException;

    /**
     * @return whether the exchange reached a state in which the client accepts the server's
     *     success reply; false for SCRAM until the server signature was verified (RFC 5802 §5)
     */
    default boolean isComplete() {
        return true;
    }

    /** Overwrites the credentials this instance holds. */
    default void dispose() {
    }
}
