package org.esmtp4j;

/** Per-header options, libESMTP's {@code enum header_option}. */
public enum HeaderOption {
    /** The API value replaces a header of the same name present in the message, in place ({@code Hdr_OVERRIDE}). */
    OVERRIDE,
    /** A header of this name is removed from the message and never generated ({@code Hdr_PROHIBIT}). */
    PROHIBIT
}
