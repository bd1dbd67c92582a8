package org.esmtp4j.conformance;

import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;

/** Building blocks for scenario scripts: the usual greeting and EHLO, so scripts show what matters. */
public final class Scripts {

    /** The EHLO name every scenario session uses. */
    public static final String EHLO_NAME = "client.example";

    private Scripts() {
    }

    /**
     * A greeting and an EHLO reply advertising the given keywords.
     *
     * @param keywords EHLO keyword lines, for example {@code "PIPELINING"}, {@code "SIZE 1000"}
     * @return the builder, positioned after the EHLO reply
     */
    public static ScriptBuilder ehlo(String... keywords) {
        String[] lines = new String[keywords.length + 1];
        lines[0] = (keywords.length == 0 ? "250 " : "250-") + "test.example";
        for (int i = 0; i < keywords.length; i++) {
            lines[i + 1] = (i == keywords.length - 1 ? "250 " : "250-") + keywords[i];
        }
        return Script.builder().greet("220 test.example ESMTP").expect("EHLO " + EHLO_NAME).reply(lines);
    }

    /**
     * A greeting, EHLO refused with {@code code}, then HELO accepted.
     *
     * @param code the EHLO refusal, for example 502
     * @return the builder, positioned after the HELO reply
     */
    public static ScriptBuilder helo(int code) {
        return Script.builder().greet("220 test.example SMTP").expect("EHLO " + EHLO_NAME).reply(code + " no EHLO")
                .expect("HELO " + EHLO_NAME).reply("250 test.example");
    }

    /**
     * The usual end: QUIT answered 221.
     *
     * @param b a script builder
     * @return the built script
     */
    public static Script quit(ScriptBuilder b) {
        return b.expect("QUIT").reply("221 bye").build();
    }
}
