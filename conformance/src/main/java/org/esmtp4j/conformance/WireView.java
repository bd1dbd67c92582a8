package org.esmtp4j.conformance;

/** Renders wire text with CR and LF visible, for failure messages. */
final class WireView {

    private WireView() {
    }

    static String show(String wire) {
        return wire.replace("\r", "\\r").replace("\n", "\\n");
    }
}
