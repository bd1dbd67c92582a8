package org.esmtp4j.pure.engine;

import java.util.Set;
import org.esmtp4j.BodyType;
import org.esmtp4j.ByMode;
import org.esmtp4j.DsnReturn;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Notify;
import org.esmtp4j.spi.XText;

/**
 * Formats SMTP command lines (without CRLF): pure, no I/O. Parameter order and spelling follow
 * libESMTP 1.1.0 ({@code protocol.c}) except where COMPATIBILITY.md records a correction.
 */
public final class CommandFormatter {

    private CommandFormatter() {
    }

    /**
     * @param name the EHLO name
     * @return {@code EHLO name}
     */
    public static String ehlo(String name) {
        return "EHLO " + name;
    }

    /**
     * @param name the HELO name
     * @return {@code HELO name}
     */
    public static String helo(String name) {
        return "HELO " + name;
    }

    /** The MAIL parameters that apply, already filtered by what the server offers. */
    public record MailParameters(long size, DsnReturn ret, String envid, BodyType body,
                                 long byTime, ByMode byMode, boolean byTrace, boolean smtpUtf8) {
    }

    /**
     * {@code MAIL FROM:<rp>} with {@code SIZE=}, {@code RET=}, {@code ENVID=}, {@code BODY=},
     * {@code BY=} in libESMTP's order, then {@code SMTPUTF8} (RFC 6531 §3.4).
     *
     * @param reversePath the reverse path ("" for the null path)
     * @param p the parameters; zero/null fields are omitted
     * @return the command
     */
    public static String mail(String reversePath, MailParameters p) {
        StringBuilder b = new StringBuilder(64).append("MAIL FROM:<").append(reversePath).append('>');
        if (p.size() > 0) {
            b.append(" SIZE=").append(p.size());
        }
        if (p.ret() != null) {
            b.append(" RET=").append(p.ret().keyword());
        }
        if (p.envid() != null) {
            b.append(" ENVID=").append(XText.encode(p.envid()));
        }
        if (p.body() != null) {
            b.append(" BODY=").append(p.body().keyword());
        }
        if (p.byMode() != null) {
            // RFC 2852 §4: BY=<seconds><N|R>[T]. libESMTP 1.1.0 sends the letter off by one
            // (§8.3 #6); the java engine sends the right one.
            b.append(" BY=").append(p.byTime()).append(p.byMode().letter());
            if (p.byTrace()) {
                b.append('T');
            }
        }
        if (p.smtpUtf8()) {
            b.append(" SMTPUTF8");
        }
        return b.toString();
    }

    /**
     * {@code RCPT TO:<mbox>} with {@code NOTIFY=} and {@code ORCPT=} when DSN applies.
     *
     * @param mailbox the recipient
     * @param notify the NOTIFY set, or null/empty for none
     * @param orcptType the ORCPT address type, or null
     * @param orcptAddress the ORCPT address
     * @return the command
     */
    public static String rcpt(String mailbox, Set<Notify> notify, String orcptType, String orcptAddress) {
        StringBuilder b = new StringBuilder(48).append("RCPT TO:<").append(mailbox).append('>');
        if (notify != null && !notify.isEmpty()) {
            b.append(" NOTIFY=");
            if (notify.contains(Notify.NEVER)) {
                b.append("NEVER");
            } else {
                // libESMTP's fixed order: SUCCESS, FAILURE, DELAY
                boolean first = true;
                for (Notify n : new Notify[] {Notify.SUCCESS, Notify.FAILURE, Notify.DELAY}) {
                    if (notify.contains(n)) {
                        b.append(first ? "" : ",").append(n.name());
                        first = false;
                    }
                }
            }
        }
        if (orcptType != null) {
            b.append(" ORCPT=").append(orcptType).append(';').append(XText.encode(orcptAddress));
        }
        return b.toString();
    }

    /**
     * {@code ETRN domain} or {@code ETRN @domain}. libESMTP 1.1.0 writes two spaces for option 0
     * (§8.3 #7); RFC 1985 has one.
     *
     * @param node the node
     * @return the command
     */
    public static String etrn(EtrnNode node) {
        return node.option() == EtrnNode.Option.SUBDOMAINS ? "ETRN @" + node.domain() : "ETRN " + node.domain();
    }

    /**
     * @param length the chunk size
     * @param last whether this is the last chunk
     * @return {@code BDAT n} or {@code BDAT n LAST}
     */
    public static String bdat(long length, boolean last) {
        return last ? "BDAT " + length + " LAST" : "BDAT " + length;
    }
}
