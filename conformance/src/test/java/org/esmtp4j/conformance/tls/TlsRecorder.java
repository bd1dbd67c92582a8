package org.esmtp4j.conformance.tls;

import java.util.ArrayList;
import java.util.List;
import org.esmtp4j.Extension;
import org.esmtp4j.SmtpEvents;

/**
 * Records the TLS events as lines of text in arrival order ({@code invalid 18 self-signed ...},
 * {@code wrong other.example}, {@code tlsOk TLSv1.3}, {@code extna STARTTLS}) and answers the
 * certificate questions as told (libESMTP's default, refusal, unless set).
 */
final class TlsRecorder implements SmtpEvents {

    private final List<String> events = new ArrayList<>();
    private boolean acceptInvalid;
    private boolean acceptWrong;

    TlsRecorder acceptInvalid(boolean yes) {
        acceptInvalid = yes;
        return this;
    }

    TlsRecorder acceptWrong(boolean yes) {
        acceptWrong = yes;
        return this;
    }

    List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public boolean acceptInvalidPeerCertificate(long verifyResult, String reason) {
        events.add("invalid " + verifyResult + " " + reason);
        return acceptInvalid;
    }

    @Override
    public boolean acceptWrongPeerCertificate(String nameInCertificate) {
        events.add("wrong " + nameInCertificate);
        return acceptWrong;
    }

    @Override
    public boolean acceptNoPeerCertificate() {
        events.add("noPeerCertificate");
        return false;
    }

    @Override
    public boolean acceptWeakCipher(int bits) {
        events.add("weak " + bits);
        return false;
    }

    @Override
    public void startTlsOk(String protocol, String cipher, int bits) {
        events.add("tlsOk " + protocol + " bits>=128:" + (bits >= 128) + " cipher:" + !cipher.isEmpty());
    }

    @Override
    public boolean extensionNotAvailable(Extension extension, boolean libesmtpDefault) {
        events.add("extna " + extension);
        return libesmtpDefault;
    }
}
