package org.esmtp4j.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.esmtp4j.EtrnNode;
import org.esmtp4j.Extension;
import org.esmtp4j.Message;
import org.esmtp4j.Recipient;
import org.esmtp4j.SmtpEvents;

/**
 * Records every session event for the {@code "events"} array of {@code --json}, in order, under
 * libESMTP's {@code SMTP_EV_} names, and answers every question as libESMTP does when no
 * callback is registered (the answer is recorded as {@code ok}, {@code quitNow} or
 * {@code adjust}). {@code MESSAGEDATA} is not recorded (it fires once per line); it is passed to
 * the progress counter instead.
 */
final class EventLog implements SmtpEvents {

    /**
     * One event as it appears in the JSON output.
     *
     * @param name libESMTP's event name without {@code SMTP_EV_}
     * @param arguments the event's arguments in libESMTP's order, then the tool's answer
     */
    record Event(String name, Map<String, Object> arguments) {
    }

    private final List<Event> events = new ArrayList<>();
    private final IntConsumer messageData;
    private boolean connected;

    /**
     * @param messageData receives the length of every MESSAGEDATA event (for the progress meter)
     */
    EventLog(IntConsumer messageData) {
        this.messageData = messageData;
    }

    /** @return the events so far, in order */
    List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** @return whether a CONNECT event occurred: a TCP connection was made */
    boolean sawConnect() {
        return connected;
    }

    private Map<String, Object> record(String name) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        events.add(new Event(name, arguments));
        return arguments;
    }

    @Override
    public void connected() {
        connected = true;
        record("CONNECT");
    }

    @Override
    public void disconnected() {
        record("DISCONNECT");
    }

    @Override
    public void mailStatus(Message message) {
        // libESMTP passes NULL when the reverse path was never set, "" when it was set empty.
        record("MAILSTATUS").put("mailbox", message.hasReversePath() ? message.reversePath() : null);
    }

    @Override
    public void recipientStatus(Recipient recipient) {
        record("RCPTSTATUS").put("mailbox", recipient.mailbox());
    }

    @Override
    public void messageData(Message message, int length) {
        messageData.accept(length);
    }

    @Override
    public void messageSent(Message message) {
        record("MESSAGESENT");
    }

    @Override
    public void etrnStatus(EtrnNode node) {
        Map<String, Object> a = record("ETRNSTATUS");
        a.put("option", node.option().libesmtpOption());
        a.put("domain", node.domain());
    }

    @Override
    public boolean syntaxWarning() {
        boolean quitNow = SmtpEvents.super.syntaxWarning();
        record("SYNTAXWARNING").put("quitNow", quitNow);
        return quitNow;
    }

    @Override
    public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
        boolean quitNow = SmtpEvents.super.extensionNotAvailable(extension, libesmtpDefault);
        Map<String, Object> a = record("EXTNA_" + extensionName(extension));
        // libESMTP passes no quit_now for the always-fatal extensions (8BITMIME, STARTTLS, BINARYMIME).
        if (!extension.alwaysFatal()) {
            a.put("quitNow", quitNow);
        }
        return quitNow;
    }

    @Override
    public long deliverByExpired(Message message, long shortfall) {
        long adjust = SmtpEvents.super.deliverByExpired(message, shortfall);
        Map<String, Object> a = record("DELIVERBY_EXPIRED");
        a.put("shortfall", shortfall);
        a.put("adjust", adjust);
        return adjust;
    }

    @Override
    public boolean acceptWeakCipher(int bits) {
        boolean ok = SmtpEvents.super.acceptWeakCipher(bits);
        Map<String, Object> a = record("WEAK_CIPHER");
        a.put("bits", bits);
        a.put("ok", ok);
        return ok;
    }

    @Override
    public void startTlsOk(String protocol, String cipher, int bits) {
        Map<String, Object> a = record("STARTTLS_OK");
        a.put("cipher", cipher);
        a.put("bits", bits);
    }

    @Override
    public boolean acceptInvalidPeerCertificate(long verifyResult, String reason) {
        boolean ok = SmtpEvents.super.acceptInvalidPeerCertificate(verifyResult, reason);
        Map<String, Object> a = record("INVALID_PEER_CERTIFICATE");
        a.put("verifyResult", verifyResult);
        a.put("ok", ok);
        return ok;
    }

    @Override
    public boolean acceptNoPeerCertificate() {
        boolean ok = SmtpEvents.super.acceptNoPeerCertificate();
        record("NO_PEER_CERTIFICATE").put("ok", ok);
        return ok;
    }

    @Override
    public boolean acceptWrongPeerCertificate(String nameInCertificate) {
        boolean ok = SmtpEvents.super.acceptWrongPeerCertificate(nameInCertificate);
        Map<String, Object> a = record("WRONG_PEER_CERTIFICATE");
        a.put("name", nameInCertificate);
        a.put("ok", ok);
        return ok;
    }

    @Override
    public boolean continueWithoutClientCertificate() {
        boolean ok = SmtpEvents.super.continueWithoutClientCertificate();
        record("NO_CLIENT_CERTIFICATE").put("ok", ok);
        return ok;
    }

    @Override
    public void unusableClientCertificate() {
        record("UNUSABLE_CLIENT_CERTIFICATE");
    }

    @Override
    public void unusableCaList() {
        record("UNUSABLE_CA_LIST");
    }

    private static String extensionName(Extension extension) {
        return switch (extension) {
            case DSN -> "DSN";
            case EIGHT_BIT_MIME -> "8BITMIME";
            case STARTTLS -> "STARTTLS";
            case ETRN -> "ETRN";
            case CHUNKING -> "CHUNKING";
            case BINARY_MIME -> "BINARYMIME";
        };
    }
}
