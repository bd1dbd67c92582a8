package org.esmtp4j;

/**
 * libESMTP's built-in header table ({@code header_actions[]} in {@code headers.c}, v1.1.0), in
 * table order. Names ending in {@code -} are prefixes, matched by the rule of
 * {@link HeaderSettings#lookup(String)}.
 */
enum BuiltInHeader {
    DATE("Date", HeaderPolicy.REQUIRE, HeaderKind.DATE, false, null),
    FROM("From", HeaderPolicy.REQUIRE, HeaderKind.ORIGINATOR, true, null),
    RETURN_PATH("Return-Path", HeaderPolicy.PROHIBIT, HeaderKind.FIXED, false,
            "is added by the delivering MTA (RFC 5321 §4.4) and is stripped from submitted messages"
                    + " (PROHIBIT); it cannot be set"),
    ORIGINAL_RECIPIENT("Original-Recipient", HeaderPolicy.PROHIBIT, HeaderKind.FIXED, false,
            "is added by the delivering MTA from the DSN ORCPT parameter (RFC 3798 §2.3) and is"
                    + " stripped from the message (PROHIBIT); set the recipient's DSN ORCPT instead"),
    CONTENT("Content-", HeaderPolicy.PRESERVE, HeaderKind.FIXED, false,
            "is a MIME header that libESMTP passes through unchanged (PRESERVE); set it in the"
                    + " message content"),
    MIME("MIME-", HeaderPolicy.PRESERVE, HeaderKind.FIXED, false,
            "is a MIME header that libESMTP passes through unchanged (PRESERVE); set it in the"
                    + " message content"),
    RESENT("Resent-", HeaderPolicy.PRESERVE, HeaderKind.FIXED, false,
            "is a Resent- header that libESMTP passes through unchanged (PRESERVE); set it in the"
                    + " message content"),
    RESENT_REPLY_TO("Resent-Reply-To", HeaderPolicy.PROHIBIT, HeaderKind.FIXED, false,
            "is not defined by RFC 5322 and is stripped from the message (PROHIBIT); it cannot be"
                    + " set"),
    RECEIVED("Received", HeaderPolicy.PRESERVE, HeaderKind.FIXED, false,
            "is a trace header that libESMTP passes through unchanged (PRESERVE); set it in the"
                    + " message content"),
    MESSAGE_ID("Message-Id", HeaderPolicy.SHOULD, HeaderKind.MESSAGE_ID, false, null),
    SENDER("Sender", HeaderPolicy.OPTIONAL, HeaderKind.SENDER, false, null),
    TO("To", HeaderPolicy.OPTIONAL, HeaderKind.TO, true, null),
    CC("Cc", HeaderPolicy.OPTIONAL, HeaderKind.ADDRESS_LIST, true, null),
    BCC("Bcc", HeaderPolicy.OPTIONAL, HeaderKind.ADDRESS_LIST, true, null),
    REPLY_TO("Reply-To", HeaderPolicy.OPTIONAL, HeaderKind.ADDRESS_LIST, true, null),
    DISPOSITION_NOTIFICATION_TO("Disposition-Notification-To", HeaderPolicy.OPTIONAL,
            HeaderKind.ORIGINATOR, false, null);

    final String headerName;
    final HeaderPolicy policy;
    final HeaderKind kind;
    final boolean listValue;
    /** Why no value or option can be set, for PROHIBIT and PRESERVE names; otherwise null. */
    final String refusal;

    BuiltInHeader(String headerName, HeaderPolicy policy, HeaderKind kind, boolean listValue,
            String refusal) {
        this.headerName = headerName;
        this.policy = policy;
        this.kind = kind;
        this.listValue = listValue;
        this.refusal = refusal;
    }
}
