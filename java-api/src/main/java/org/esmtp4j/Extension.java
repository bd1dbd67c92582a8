package org.esmtp4j;

/**
 * Extensions that a message or session can require; the subject of libESMTP's
 * {@code SMTP_EV_EXTNA_*} events.
 */
public enum Extension {
    /** DSN ({@code SMTP_EV_EXTNA_DSN}, 2000); by default the session continues without DSN parameters. */
    DSN(2000, false, false),
    /** 8BITMIME ({@code SMTP_EV_EXTNA_8BITMIME}, 2001); always fatal. */
    EIGHT_BIT_MIME(2001, true, true),
    /** STARTTLS ({@code SMTP_EV_EXTNA_STARTTLS}, 2002); always fatal. */
    STARTTLS(2002, true, true),
    /** ETRN ({@code SMTP_EV_EXTNA_ETRN}, 2003); by default the session quits. */
    ETRN(2003, false, true),
    /** CHUNKING ({@code SMTP_EV_EXTNA_CHUNKING}, 2004); by default the session continues. */
    CHUNKING(2004, false, false),
    /** BINARYMIME ({@code SMTP_EV_EXTNA_BINARYMIME}, 2005); always fatal. */
    BINARY_MIME(2005, true, true);

    private final int libesmtpEvent;
    private final boolean alwaysFatal;
    private final boolean quitByDefault;

    Extension(int libesmtpEvent, boolean alwaysFatal, boolean quitByDefault) {
        this.libesmtpEvent = libesmtpEvent;
        this.alwaysFatal = alwaysFatal;
        this.quitByDefault = quitByDefault;
    }

    /** @return libESMTP's event number */
    public int libesmtpEvent() {
        return libesmtpEvent;
    }

    /** @return true when the listener's answer is ignored and the session always quits */
    public boolean alwaysFatal() {
        return alwaysFatal;
    }

    /** @return libESMTP's initial value of {@code *quit_now} for this event */
    public boolean quitByDefault() {
        return quitByDefault;
    }
}
