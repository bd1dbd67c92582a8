package org.esmtp4j;

/**
 * How libESMTP treats a header name (the flags of its built-in header table, {@code headers.c}).
 * Names that are not built in are {@link #OPTIONAL}.
 */
public enum HeaderPolicy {
    /** Emitted only when set through the API and absent from the message. */
    OPTIONAL,
    /** Generated when absent from the message unless prohibited: Message-Id. */
    SHOULD,
    /** Always generated when absent from the message; cannot be prohibited: Date and From. */
    REQUIRE,
    /**
     * Stripped from the message and cannot be set: Return-Path, Original-Recipient,
     * Resent-Reply-To.
     */
    PROHIBIT,
    /**
     * Passed through unchanged, duplicates included, and cannot be set or given options:
     * {@code Content-*}, {@code MIME-*}, {@code Resent-*} and Received.
     */
    PRESERVE
}
