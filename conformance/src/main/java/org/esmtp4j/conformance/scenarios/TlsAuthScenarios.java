package org.esmtp4j.conformance.scenarios;

import static org.esmtp4j.Outcome.DELIVERED;
import static org.esmtp4j.Outcome.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import org.esmtp4j.AuthRequest;
import org.esmtp4j.AuthSettings;
import org.esmtp4j.BodyType;
import org.esmtp4j.Session;
import org.esmtp4j.StartTlsMode;
import org.esmtp4j.TlsSettings;
import org.esmtp4j.conformance.Clients;
import org.esmtp4j.conformance.Expect;
import org.esmtp4j.conformance.Scenario;
import org.esmtp4j.conformance.ScenarioSource;
import org.esmtp4j.conformance.Scripts;
import org.esmtp4j.conformance.server.CertificateAuthority;
import org.esmtp4j.conformance.server.IssuedCertificate;
import org.esmtp4j.conformance.server.Script;
import org.esmtp4j.conformance.server.ScriptBuilder;
import org.esmtp4j.conformance.server.ThrowAwayPki;

/**
 * STARTTLS (RFC 3207, libESMTP spec §6) in every mode against a good certificate, a self-signed
 * one, one from an unknown CA, one for another name and a 454; implicit TLS; and SMTP AUTH
 * (RFC 4954, spec §7) with each mechanism both engines have, answered 235, 535, 534/538 and a
 * malformed 334. The certificates come from a {@link ThrowAwayPki}, made when the scenarios are listed.
 */
public final class TlsAuthScenarios implements ScenarioSource {

    private static final String EHLO = "EHLO client.example\r\n";
    private static final String STARTTLS = "STARTTLS\r\n";
    private static final String MAIL = "MAIL FROM:<sender@example.org>\r\n";
    private static final String TRANSACTION = MAIL + "RCPT TO:<a@example.org>\r\nDATA\r\n"
            + "Date: <date>\r\nMessage-Id: <message-id>\r\nSubject: test\r\n"
            + "From: sender@example.org\r\n\r\nHello.\r\n.\r\n";
    private static final String QUIT = "QUIT\r\n";
    /** The name every good certificate carries and every client expects (the server is 127.0.0.1). */
    private static final String SERVER_NAME = "mail.example";

    /** {@code \0user\0secret} in base64. */
    private static final String PLAIN_IR = "AHVzZXIAc2VjcmV0";
    private static final String B64_USER = "dXNlcg==";
    private static final String B64_SECRET = "c2VjcmV0";
    private static final String B64_PASSWORD_PROMPT = "UGFzc3dvcmQ6";
    private static final String CRAM_CHALLENGE = "<1896.697170952@mail.example>";
    private static final String CRAM_RESPONSE = cramResponse("user", "secret", CRAM_CHALLENGE);
    /** libESMTP's NTLM Type 1 message: no domain, no workstation. */
    private static final String NTLM_TYPE1_EMPTY = "TlRMTVNTUAABAAAAAoIAAAAAAAAgAAAAAAAAACAAAAA=";
    private static final String LONG_PASSWORD = "p".repeat(300);
    /** What each engine's monitor traced, by scenario id and engine name (each scenario runs once per engine). */
    private static final Map<String, StringBuilder> TRACES = new ConcurrentHashMap<>();

    @Override
    public List<Scenario> scenarios() {
        Certificates certs = Certificates.get();
        List<Scenario> list = new ArrayList<>(startTlsNotUsed());
        for (StartTlsMode mode : List.of(StartTlsMode.ENABLED, StartTlsMode.REQUIRED)) {
            list.addAll(startTlsOffered(mode, certs));
        }
        list.addAll(startTlsHostile(certs));
        list.addAll(implicitTls(certs));
        list.addAll(authMechanisms());
        list.addAll(authFailures(certs));
        return list;
    }

    // ---------------------------------------------------------------- helpers

    /** MAIL, RCPT, DATA and the message accepted, then QUIT. */
    private static ScriptBuilder deliver(ScriptBuilder b) {
        return b.expect("MAIL FROM:<sender@example.org>").reply("250 ok")
                .expect("RCPT TO:<a@example.org>").reply("250 ok")
                .expect("DATA").reply("354 go")
                .expectData().reply("250 queued")
                .expect("QUIT").reply("221 bye");
    }

    /** Greeting, EHLO offering STARTTLS, STARTTLS answered 220, and the server's switch to TLS. */
    private static ScriptBuilder upToTls(SSLContext serverContext) {
        return Scripts.ehlo("STARTTLS").expect("STARTTLS").reply("220 2.0.0 go ahead").startTls(serverContext);
    }

    /** A client in {@code mode} trusting the throw-away CA and expecting {@link #SERVER_NAME}. */
    private static Consumer<Session> tlsClient(StartTlsMode mode) {
        return s -> {
            s.setStartTls(mode);
            s.setTls(trustingTheCa());
            Clients.message(s, "a@example.org");
        };
    }

    private static TlsSettings trustingTheCa() {
        return TlsSettings.builder().trustedCertificates(Certificates.get().caPem())
                .expectedHostName(SERVER_NAME).build();
    }

    private static String id(StartTlsMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Answers every request with {@code user}, or {@code secret} where a password is asked. */
    private static List<char[]> userSecret(String mechanism, List<AuthRequest> requests) {
        List<char[]> answers = new ArrayList<>();
        for (AuthRequest r : requests) {
            answers.add((r.flags().contains(AuthRequest.Flag.PASS) ? "secret" : "user").toCharArray());
        }
        return answers;
    }

    /** user/secret, password mechanisms allowed in cleartext (the scripts need no TLS). */
    private static Consumer<Session> authClient() {
        return s -> {
            s.setAuth(AuthSettings.builder().interaction(TlsAuthScenarios::userSecret)
                    .allowPlainMechanisms(true).allowCleartext(true).build());
            Clients.message(s, "a@example.org");
        };
    }

    // ---------------------------------------------------------------- STARTTLS

    private static List<Scenario> startTlsNotUsed() {
        return List.of(
            Scenario.named("starttls/disabled-offered")
                .about("STARTTLS DISABLED: an offered STARTTLS is never used, the message goes in cleartext")
                .server(Scripts.quit(deliver(Scripts.ehlo("STARTTLS"))))
                .client(s -> {
                    s.setStartTls(StartTlsMode.DISABLED);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    Expect.clientSent(o, EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("starttls/disabled-not-offered")
                .about("STARTTLS DISABLED and not offered: an ordinary cleartext session")
                .server(Scripts.quit(deliver(Scripts.ehlo("8BITMIME"))))
                .client(s -> {
                    s.setStartTls(StartTlsMode.DISABLED);
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    Expect.clientSent(o, EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("starttls/enabled-not-offered")
                .about("STARTTLS ENABLED but not offered: the session goes on in cleartext")
                .server(Scripts.quit(deliver(Scripts.ehlo("8BITMIME"))))
                .client(tlsClient(StartTlsMode.ENABLED))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                })
                .build(),
            Scenario.named("starttls/required-not-offered")
                .about("STARTTLS REQUIRED but not offered: extensionNotAvailable, QUIT, nothing sent in cleartext")
                .server(Scripts.quit(Scripts.ehlo("8BITMIME")))
                .client(tlsClient(StartTlsMode.REQUIRED))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                })
                .build(),
            Scenario.named("starttls/required-helo-only")
                .about("STARTTLS REQUIRED and EHLO refused: HELO cannot offer STARTTLS, so QUIT before MAIL")
                .server(Scripts.quit(Scripts.helo(502)))
                .client(tlsClient(StartTlsMode.REQUIRED))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + "HELO client.example\r\n" + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                })
                .build());
    }

    private static List<Scenario> startTlsOffered(StartTlsMode mode, Certificates certs) {
        String m = id(mode);
        return List.of(
            Scenario.named("starttls/" + m + "-trusted-ca")
                .about("STARTTLS " + mode + " with a certificate for the expected name from the trusted CA: "
                        + "EHLO again inside TLS, then the transaction")
                .server(Scripts.quit(deliver(upToTls(certs.mailExample())
                        .expect("EHLO client.example").reply("250-mail.example", "250 8BITMIME"))))
                .client(tlsClient(mode))
                .covers("L10", "L12")
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                    assertEquals(List.of(SERVER_NAME), o.transcripts().get(0).tls().orElseThrow().requestedServerNames(),
                            "SNI names the expected host");
                })
                .build(),
            Scenario.named("starttls/" + m + "-self-signed")
                .about("STARTTLS " + mode + " and a self-signed certificate: refused, QUIT inside TLS, nothing sent")
                .server(Scripts.quit(upToTls(certs.selfSigned())))
                .client(tlsClient(mode))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                    Expect.clientNeverSent(o, "MAIL");
                })
                .build(),
            Scenario.named("starttls/" + m + "-unknown-ca")
                .about("STARTTLS " + mode + " and a certificate for the right name from an untrusted CA: refused, QUIT inside TLS")
                .server(Scripts.quit(upToTls(certs.rogueMailExample())))
                .client(tlsClient(mode))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("starttls/" + m + "-wrong-name")
                .about("STARTTLS " + mode + " and a trusted certificate for another name: refused, QUIT inside TLS")
                .server(Scripts.quit(upToTls(certs.otherExample())))
                .client(tlsClient(mode))
                .covers("L12")
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("starttls/" + m + "-454")
                .about("STARTTLS " + mode + " answered 454: QUIT, even when TLS is only enabled (libESMTP §6.1)")
                .server(Scripts.quit(Scripts.ehlo("STARTTLS").expect("STARTTLS").reply("454 4.7.0 TLS not available")))
                .client(tlsClient(mode))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + QUIT);
                    Expect.outcomes(o, TRANSIENT);
                })
                .build());
    }

    private static List<Scenario> startTlsHostile(Certificates certs) {
        return List.of(
            Scenario.named("starttls/capabilities-forgotten")
                .about("capabilities from before TLS are forgotten (hostile case C10): AUTH offered only in cleartext is not used inside TLS")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN", "STARTTLS").expect("STARTTLS").reply("220 go")
                        .startTls(certs.mailExample()).expect("EHLO client.example").reply("250-mail.example", "250 8BITMIME"))))
                .client(s -> {
                    tlsClient(StartTlsMode.REQUIRED).accept(s);
                    s.setAuth(AuthSettings.password("user", "secret".toCharArray()));
                })
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("starttls/response-injection")
                .about("bytes after the 220 to STARTTLS in the same read (hostile case C1) are never taken as a reply inside TLS")
                .server(Scripts.ehlo("STARTTLS").expect("STARTTLS").replyRaw("220 go\r\n250-injected\r\n")
                        .startTls(certs.mailExample()).expect("EHLO client.example").reply("250 mail.example")
                        .expect("QUIT").reply("221 bye").build())
                .client(tlsClient(StartTlsMode.REQUIRED))
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS);
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T11", "java", o -> {
                    Expect.clientSent(o, EHLO + STARTTLS);
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T11", "libesmtp", o -> {
                    // timing decides: the injected line reaches OpenSSL (the handshake fails) or
                    // stays in libESMTP's buffer and is read as the start of the EHLO reply inside TLS
                    assertTrue(o.clientText().equals(EHLO + STARTTLS)
                            || o.clientText().equals(EHLO + STARTTLS + EHLO + QUIT), o.clientText());
                    Expect.results(o, "true DROPPED_CONNECTION");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("starttls/early-data-inside-tls")
                .about("two replies inside TLS before the client's EHLO (hostile case C9): taken for replies to later commands?")
                .server(upToTls(certs.mailExample()).sendUnsolicited("250 early", "250 early again")
                        .expect("EHLO client.example").reply("250 mail.example").expect("QUIT").reply("221 bye").build())
                .client(tlsClient(StartTlsMode.REQUIRED))
                .divergence("T11", "java", o -> {
                    Expect.clientNeverSent(o, "MAIL");
                    Expect.results(o, "true INVALID_RESPONSE_SYNTAX");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T11", "libesmtp", o -> {
                    // the early replies answer EHLO and MAIL, the EHLO reply answers RCPT
                    Expect.clientSentContaining(o, STARTTLS + EHLO + MAIL);
                    assertTrue(o.events().contains("mailStatus m1 250 early again"), o.events().toString());
                    assertTrue(o.events().contains("recipientStatus m1 <a@example.org> 250 mail.example"), o.events().toString());
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("starttls/unusable-trust-file")
                .about("STARTTLS ENABLED with a trust file that holds no certificate (§8.3 #21): never cleartext")
                .server(Scripts.quit(Scripts.ehlo("STARTTLS")))
                .client(s -> {
                    s.setStartTls(StartTlsMode.ENABLED);
                    s.setTls(TlsSettings.builder().trustedCertificates(Certificates.get().notPem()).build());
                    Clients.message(s, "a@example.org");
                })
                .covers("L15")
                .divergence("T10", "java", o -> {
                    Expect.clientSent(o, EHLO + QUIT);
                    Expect.results(o, "true CLIENT_ERROR");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T10", "libesmtp", o -> {
                    Expect.connections(o, 0);
                    Expect.results(o, "false CLIENT_ERROR");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build(),
            Scenario.named("starttls/caller-ssl-context")
                .about("the caller's own SSLContext (trusting the CA) for STARTTLS: the java engine uses it, libESMTP needs an OpenSSL context")
                .server(Scripts.quit(deliver(upToTls(certs.mailExample())
                        .expect("EHLO client.example").reply("250 mail.example"))))
                .client(s -> {
                    s.setStartTls(StartTlsMode.REQUIRED);
                    s.setTls(TlsSettings.builder().sslContext(Certificates.get().trustingClientContext())
                            .expectedHostName(SERVER_NAME).build());
                    Clients.message(s, "a@example.org");
                })
                .covers("L9")
                .divergence("T13", "java", o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .divergence("T13", "libesmtp", o -> {
                    Expect.refused(o, "SSLContext");
                    Expect.clientSent(o, "");
                })
                .build(),
            Scenario.named("starttls/protocol-version")
                .about("the TLS version negotiated with a server offering TLS 1.2 and 1.3")
                .server(Scripts.quit(deliver(upToTls(certs.mailExample())
                        .expect("EHLO client.example").reply("250 mail.example"))))
                .client(tlsClient(StartTlsMode.REQUIRED))
                .covers("L11")
                .divergence("T12", "java", o -> {
                    Expect.outcomes(o, DELIVERED);
                    assertEquals("TLSv1.3", o.transcripts().get(0).tls().orElseThrow().protocol());
                })
                .divergence("T12", "libesmtp", o -> {
                    Expect.outcomes(o, DELIVERED);
                    assertEquals("TLSv1.2", o.transcripts().get(0).tls().orElseThrow().protocol());
                })
                .build(),
            Scenario.named("starttls/client-certificate")
                .about("a client certificate and key from PEM files, several TLS sessions in one process: delivered, nothing crashes")
                .server(Scripts.quit(deliver(upToTls(certs.mailExample())
                        .expect("EHLO client.example").reply("250 mail.example"))))
                .client(s -> {
                    s.setStartTls(StartTlsMode.REQUIRED);
                    Certificates c = Certificates.get();
                    s.setTls(TlsSettings.builder().trustedCertificates(c.caPem()).expectedHostName(SERVER_NAME)
                            .clientCertificate(c.clientChainPem(), c.clientKeyPem(), null).build());
                    Clients.message(s, "a@example.org");
                })
                .covers("L22", "L10")
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    private static List<Scenario> implicitTls(Certificates certs) {
        return List.of(
            Scenario.named("implicit-tls/trusted-ca")
                .about("implicit TLS (RFC 8314): the handshake before the greeting, STARTTLS never sent")
                .server(Scripts.quit(deliver(Script.builder().startTls(certs.mailExample())
                        .greet("220 mail.example ESMTP").expect("EHLO client.example").reply("250-mail.example", "250 STARTTLS"))))
                .client(s -> {
                    tlsClient(StartTlsMode.REQUIRED).accept(s);
                    s.setImplicitTls(true);
                })
                .covers("L8")
                .divergence("T9", "java", o -> {
                    Expect.clientSent(o, EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                    assertEquals(0, o.transcripts().get(0).tls().orElseThrow().clientOffset(), "TLS from the first byte");
                })
                .divergence("T9", "libesmtp", o -> {
                    Expect.refused(o, "implicit TLS");
                    Expect.clientSent(o, "");
                })
                .build());
    }

    // ---------------------------------------------------------------- AUTH

    private static List<Scenario> authMechanisms() {
        return List.of(
            Scenario.named("auth/plain-235")
                .about("AUTH PLAIN with the initial response, 235, then the transaction")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_IR).reply("235 2.7.0 ok"))))
                .client(authClient())
                .expect(o -> {
                    Expect.clientSent(o, EHLO + "AUTH PLAIN " + PLAIN_IR + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                    Expect.results(o, "true NONE");
                })
                .build(),
            Scenario.named("auth/login-235")
                .about("AUTH LOGIN: the user name as initial response, the password after 334 Password:, 235")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH LOGIN").expect("AUTH LOGIN " + B64_USER)
                        .reply("334 " + B64_PASSWORD_PROMPT).expect(B64_SECRET).reply("235 2.7.0 ok"))))
                .client(authClient())
                .expect(o -> {
                    Expect.clientSent(o, EHLO + "AUTH LOGIN " + B64_USER + "\r\n" + B64_SECRET + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("auth/monitor-redacted")
                .about("the monitor never sees credentials (hostile case D5): AUTH LOGIN traced as <redacted> on both engines")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH LOGIN").expect("AUTH LOGIN " + B64_USER)
                        .reply("334 " + B64_PASSWORD_PROMPT).expect(B64_SECRET).reply("235 2.7.0 ok"))))
                .client(s -> {
                    authClient().accept(s);
                    StringBuilder trace = new StringBuilder();
                    TRACES.put("auth/monitor-redacted " + s.engine().name(), trace);
                    s.setMonitor((buffer, offset, length, direction) -> trace.append(
                            new String(buffer, offset, length, StandardCharsets.ISO_8859_1)), false);
                })
                .covers("L21")
                .expect(o -> {
                    Expect.outcomes(o, DELIVERED);
                    String trace = TRACES.get("auth/monitor-redacted " + o.engine()).toString();
                    assertTrue(trace.contains("AUTH LOGIN <redacted>\r\n334 <redacted>\r\n<redacted>\r\n235 2.7.0 ok\r\n"), trace);
                    for (String secret : List.of(B64_USER, B64_SECRET, B64_PASSWORD_PROMPT)) {
                        assertFalse(trace.contains(secret), secret + " in " + trace);
                    }
                })
                .build(),
            Scenario.named("auth/cram-md5-only")
                .about("only CRAM-MD5 offered: libESMTP 1.1.0 never loads it (§8.3 #1), the java engine answers the challenge")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH CRAM-MD5").expect("AUTH CRAM-MD5")
                        .reply("334 " + b64(CRAM_CHALLENGE)).expect(CRAM_RESPONSE).reply("235 2.7.0 ok"))))
                .client(authClient())
                .divergence("T6", "java", o -> {
                    Expect.clientSent(o, EHLO + "AUTH CRAM-MD5\r\n" + CRAM_RESPONSE + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .divergence("T6", "libesmtp", o -> {
                    Expect.clientNeverSent(o, "AUTH");
                    Expect.clientSentContaining(o, EHLO + MAIL);
                })
                .build(),
            Scenario.named("auth/scram-sha-256-only")
                .about("only SCRAM-SHA-256 offered: the java engine starts it (RFC 7677), libESMTP has no such mechanism")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH SCRAM-SHA-256"))))
                .client(authClient())
                .divergence("T7", "java", o -> {
                    // the client nonce is random: only the GS2 header and user name are fixed (RFC 5802 §7)
                    Expect.clientSentContaining(o, EHLO + "AUTH SCRAM-SHA-256 " + b64("n,,n=user,r=").substring(0, 16));
                    Expect.clientNeverSent(o, "MAIL");
                })
                .divergence("T7", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("auth/ntlm-only")
                .about("only NTLM offered (§8.3 #2): the application's credentials never go to NTLM")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH NTLM").expect("AUTH NTLM " + NTLM_TYPE1_EMPTY)
                        .reply("535 5.7.8 no"))))
                .client(authClient())
                .covers("L19")
                .divergence("T8", "java", o -> {
                    Expect.clientSent(o, EHLO + QUIT);
                    Expect.results(o, "true AUTH_FAILED");
                })
                .divergence("T8", "libesmtp", o -> {
                    // a Type 1 message with empty domain and workstation; then MAIL as after any failure (T1)
                    Expect.clientSent(o, EHLO + "AUTH NTLM " + NTLM_TYPE1_EMPTY + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("auth/mechanisms-restricted")
                .about("AuthSettings.mechanisms(\"LOGIN\") with PLAIN offered first: only LOGIN is tried")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN LOGIN").expect("AUTH LOGIN " + B64_USER)
                        .reply("334 " + B64_PASSWORD_PROMPT).expect(B64_SECRET).reply("235 2.7.0 ok"))))
                .client(s -> {
                    s.setAuth(AuthSettings.builder().interaction(TlsAuthScenarios::userSecret).mechanisms("LOGIN")
                            .allowPlainMechanisms(true).allowCleartext(true).build());
                    Clients.message(s, "a@example.org");
                })
                .covers("L18")
                .divergence("T14", "java", o -> {
                    Expect.clientSent(o, EHLO + "AUTH LOGIN " + B64_USER + "\r\n" + B64_SECRET + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .divergence("T14", "libesmtp", o -> {
                    Expect.refused(o, "mechanisms");
                    Expect.clientSent(o, "");
                })
                .build(),
            Scenario.named("auth/plain-answer-over-255")
                .about("AUTH PLAIN with a 300-character password (§8.3 #26: libESMTP's 513-byte buffer)")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN").reply("334 ")
                        .expect("*").reply("501 5.7.0 cancelled"))))
                .client(s -> {
                    s.setAuth(AuthSettings.builder().interaction((m, r) -> List.of("user".toCharArray(), LONG_PASSWORD.toCharArray()))
                            .allowPlainMechanisms(true).allowCleartext(true).build());
                    Clients.message(s, "a@example.org");
                })
                .covers("L20")
                .divergence("T15", "java", o -> Expect.clientSentContaining(o,
                        EHLO + "AUTH PLAIN " + b64("\0user\0" + LONG_PASSWORD) + "\r\n"))
                .divergence("T15", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + "AUTH PLAIN\r\n*\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("auth/cleartext-refused")
                .about("password mechanisms without TLS and without allowCleartext (hostile case D1): no credentials on the wire")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN LOGIN"))))
                .client(s -> {
                    s.setAuth(AuthSettings.password("user", "secret".toCharArray()));
                    Clients.message(s, "a@example.org");
                })
                .covers("L17")
                .divergence("T4", "java", o -> {
                    Expect.clientSent(o, EHLO + QUIT);
                    Expect.results(o, "true AUTH_FAILED");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T4", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + TRANSACTION + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build());
    }

    private static List<Scenario> authFailures(Certificates certs) {
        return List.of(
            authFailure("auth/plain-535", "AUTH PLAIN answered 535 and no other mechanism (hostile case D2)",
                    Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_IR).reply("535 5.7.8 Authentication credentials invalid"),
                    "AUTH PLAIN " + PLAIN_IR + "\r\n"),
            authFailure("auth/login-535", "AUTH LOGIN answered 535 after the password (hostile case D2)",
                    Scripts.ehlo("AUTH LOGIN").expect("AUTH LOGIN " + B64_USER).reply("334 " + B64_PASSWORD_PROMPT)
                            .expect(B64_SECRET).reply("535 5.7.8 no"),
                    "AUTH LOGIN " + B64_USER + "\r\n" + B64_SECRET + "\r\n"),
            Scenario.named("auth/plain-535-continue-unauthenticated")
                .about("AUTH PLAIN answered 535 with continueUnauthenticated: MAIL follows on both engines, as libESMTP does")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_IR).reply("535 5.7.8 no"))))
                .client(s -> {
                    s.setAuth(AuthSettings.builder().interaction(TlsAuthScenarios::userSecret).allowPlainMechanisms(true)
                            .allowCleartext(true).continueUnauthenticated(true).build());
                    Clients.message(s, "a@example.org");
                })
                .expect(o -> {
                    Expect.clientSent(o, EHLO + "AUTH PLAIN " + PLAIN_IR + "\r\n" + TRANSACTION + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            authEnds("auth/plain-534", "AUTH PLAIN answered 534 (mechanism too weak, hostile case D3): the session ends",
                    Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_IR).reply("534 5.7.9 Authentication mechanism is too weak"),
                    "AUTH PLAIN " + PLAIN_IR + "\r\n"),
            authEnds("auth/login-538", "AUTH LOGIN answered 538 (encryption required, hostile case D3): the session ends",
                    Scripts.ehlo("AUTH LOGIN").expect("AUTH LOGIN " + B64_USER).reply("538 5.7.11 Encryption required"),
                    "AUTH LOGIN " + B64_USER + "\r\n"),
            authCancelled("auth/login-malformed-334", "a 334 whose text is not base64 (hostile case D4): cancelled with *",
                    Scripts.ehlo("AUTH LOGIN").expect("AUTH LOGIN " + B64_USER).reply("334 !!not base64!!"),
                    "AUTH LOGIN " + B64_USER + "\r\n"),
            authCancelled("auth/plain-extra-334", "AUTH PLAIN's initial response answered by another 334 (hostile case D4): cancelled with *",
                    Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_IR).reply("334 bW9yZT8="),
                    "AUTH PLAIN " + PLAIN_IR + "\r\n"),
            Scenario.named("auth/required-extension-after-auth")
                .about("8BITMIME required but not offered, after a successful AUTH (§8.3 #27): is the requirement still checked?")
                .server(Scripts.quit(deliver(Scripts.ehlo("AUTH PLAIN").expect("AUTH PLAIN " + PLAIN_IR).reply("235 ok"))))
                .client(s -> {
                    authClient().accept(s);
                    s.messages().get(0).setBodyType(BodyType.EIGHT_BIT_MIME);
                })
                .divergence("T5", "java", o -> {
                    Expect.clientSent(o, EHLO + "AUTH PLAIN " + PLAIN_IR + "\r\n" + QUIT);
                    Expect.results(o, "true EXTENSION_NOT_AVAILABLE");
                    assertTrue(o.events().contains("extensionNotAvailable EIGHT_BIT_MIME -> true"), o.events().toString());
                })
                .divergence("T5", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + "AUTH PLAIN " + PLAIN_IR + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("auth/external-after-client-certificate")
                .about("SASL EXTERNAL inside TLS with a client certificate for client.example and externalId alice: which identity is sent?")
                .server(Scripts.quit(deliver(upToTls(certs.mailExample()).expect("EHLO client.example")
                        .reply("250-mail.example", "250 AUTH EXTERNAL").expectMatching("AUTH EXTERNAL.*").reply("235 ok"))))
                .client(s -> {
                    s.setStartTls(StartTlsMode.REQUIRED);
                    Certificates c = Certificates.get();
                    s.setTls(TlsSettings.builder().trustedCertificates(c.caPem()).expectedHostName(SERVER_NAME)
                            .clientCertificate(c.clientChainPem(), c.clientKeyPem(), null).build());
                    s.setAuth(AuthSettings.builder().interaction(TlsAuthScenarios::userSecret).externalId("alice").build());
                    Clients.message(s, "a@example.org");
                })
                .covers("L14")
                .divergence("T16", "java", o -> {
                    Expect.clientSentContaining(o, "AUTH EXTERNAL " + b64("alice") + "\r\n" + MAIL);
                    Expect.outcomes(o, DELIVERED);
                })
                .divergence("T16", "libesmtp", o -> {
                    Expect.clientSentContaining(o, "AUTH EXTERNAL " + b64("client.example") + "\r\n" + MAIL);
                    Expect.outcomes(o, DELIVERED);
                })
                .build(),
            Scenario.named("auth/plain-inside-tls")
                .about("STARTTLS REQUIRED, then AUTH PLAIN offered only inside TLS: the password goes inside TLS")
                .server(Scripts.quit(deliver(upToTls(certs.mailExample()).expect("EHLO client.example")
                        .reply("250-mail.example", "250 AUTH PLAIN LOGIN").expect("AUTH PLAIN " + PLAIN_IR).reply("235 ok"))))
                .client(s -> {
                    tlsClient(StartTlsMode.REQUIRED).accept(s);
                    s.setAuth(AuthSettings.password("user", "secret".toCharArray()));
                })
                .expect(o -> {
                    Expect.clientSent(o, EHLO + STARTTLS + EHLO + "AUTH PLAIN " + PLAIN_IR + "\r\n" + TRANSACTION + QUIT);
                    Expect.outcomes(o, DELIVERED);
                    int tlsAt = o.transcripts().get(0).tls().orElseThrow().clientOffset();
                    assertTrue(o.clientText().indexOf(PLAIN_IR) > tlsAt, "the credentials only after the handshake");
                })
                .build());
    }

    /** Every mechanism failed (D2): libESMTP goes on to MAIL (L16); the java engine quits with AUTH_FAILED. */
    private static Scenario authFailure(String id, String about, ScriptBuilder upToFailure, String authWire) {
        return Scenario.named(id).about(about)
                .server(Scripts.quit(deliver(upToFailure)))
                .client(authClient())
                .covers("L16")
                .divergence("T1", "java", o -> {
                    Expect.clientSent(o, EHLO + authWire + QUIT);
                    Expect.results(o, "true AUTH_FAILED");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T1", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + authWire + TRANSACTION + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build();
    }

    /** 534 or 538 (D3): both engines QUIT at once; only the java engine reports AUTH_FAILED. */
    private static Scenario authEnds(String id, String about, ScriptBuilder upToFailure, String authWire) {
        return Scenario.named(id).about(about)
                .server(Scripts.quit(upToFailure))
                .client(authClient())
                .divergence("T2", "java", o -> {
                    Expect.clientSent(o, EHLO + authWire + QUIT);
                    Expect.results(o, "true AUTH_FAILED");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T2", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + authWire + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, TRANSIENT);
                })
                .build();
    }

    /** A 334 the client cannot answer (D4): cancelled with "*"; then libESMTP sends MAIL, the java engine QUIT. */
    private static Scenario authCancelled(String id, String about, ScriptBuilder upToChallenge, String authWire) {
        return Scenario.named(id).about(about)
                .server(Scripts.quit(deliver(upToChallenge.expect("*").reply("501 5.7.0 cancelled"))))
                .client(authClient())
                .divergence("T3", "java", o -> {
                    Expect.clientSent(o, EHLO + authWire + "*\r\n" + QUIT);
                    Expect.results(o, "true AUTH_FAILED");
                    Expect.outcomes(o, TRANSIENT);
                })
                .divergence("T3", "libesmtp", o -> {
                    Expect.clientSent(o, EHLO + authWire + "*\r\n" + TRANSACTION + QUIT);
                    Expect.results(o, "true NONE");
                    Expect.outcomes(o, DELIVERED);
                })
                .build();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** RFC 2195: the user name, a space, and HMAC-MD5 of the challenge keyed with the password, in hex, base64-encoded. */
    private static String cramResponse(String user, String password, String challenge) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.US_ASCII), "HmacMD5"));
            return b64(user + " " + HexFormat.of().formatHex(mac.doFinal(challenge.getBytes(StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is a required JDK algorithm", e);
        }
    }

    /**
     * The certificates the TLS scenarios use, made once per JVM at first use: a throw-away CA
     * whose PEM the clients trust, server contexts it signed for {@code mail.example} and
     * {@code other.example}, one for {@code mail.example} signed by a second CA nobody trusts, a
     * self-signed one, a client certificate for {@code client.example}, and a file that is not
     * PEM. Each server context is one object shared by every scenario that uses it.
     */
    private record Certificates(Path caPem, Path notPem, SSLContext mailExample, SSLContext otherExample,
            SSLContext rogueMailExample, SSLContext selfSigned, Path clientChainPem, Path clientKeyPem,
            SSLContext trustingClientContext) {

        private static Certificates made;

        /**
         * @return the certificates, made at the first call (every later call returns the same ones)
         * @throws UncheckedIOException if keytool is missing, fails or takes too long
         */
        static synchronized Certificates get() {
            if (made == null) {
                try {
                    made = make(ThrowAwayPki.create());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot make the TLS scenarios' certificates", e);
                }
            }
            return made;
        }

        private static Certificates make(ThrowAwayPki pki) throws IOException {
            CertificateAuthority ca = pki.newAuthority("esmtp4j throw-away ca CA");
            CertificateAuthority rogue = pki.newAuthority("esmtp4j throw-away rogue CA");
            IssuedCertificate client = ca.issue("client.example", "dns:client.example");
            Path notPem = Files.createTempFile("esmtp4j-not-a-ca", ".pem");
            notPem.toFile().deleteOnExit();
            Files.writeString(notPem, "this file holds no certificate\n", StandardCharsets.US_ASCII);
            return new Certificates(ca.certificatePem(), notPem,
                    ca.issue(SERVER_NAME, "dns:" + SERVER_NAME).serverContext(),
                    ca.issue("other.example", "dns:other.example").serverContext(),
                    rogue.issue(SERVER_NAME, "dns:" + SERVER_NAME).serverContext(),
                    pki.selfSigned(SERVER_NAME, "dns:" + SERVER_NAME, "ip:127.0.0.1").serverContext(),
                    client.chainPem(), client.keyPem(), ca.clientContextTrustingOnlyThis());
        }
    }
}
