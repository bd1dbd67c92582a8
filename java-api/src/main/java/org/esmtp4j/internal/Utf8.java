package org.esmtp4j.internal;

/**
 * UTF-8 octet arithmetic on Java strings without encoding them. RFC 5321 and RFC 3461 state
 * their limits in octets, so lengths are measured on the UTF-8 form, never in UTF-16 chars.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of octets {@code value} takes in UTF-8. Call {@link #firstUnpairedSurrogate}
     * first: an unpaired surrogate has no UTF-8 form and is counted here as 3 octets.
     *
     * @param value any string
     * @return its UTF-8 length in octets
     */
    public static int length(CharSequence value) {
        int octets = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                octets++;
            } else if (c < 0x800) {
                octets += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                octets += 4;
                i++;
            } else {
                octets += 3;
            }
        }
        return octets;
    }

    /**
     * Finds a surrogate that is not part of a pair, which no charset can encode (a lossy
     * encoder would turn it into {@code '?'}).
     *
     * @param value any string
     * @return the index of the first unpaired surrogate, or -1 when there is none
     */
    public static int firstUnpairedSurrogate(CharSequence value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
