/**
 * TLS for the java engine: the client {@link javax.net.ssl.SSLContext} built from
 * {@link org.esmtp4j.TlsSettings} (PEM trust and client keys), a trust manager that records chain
 * problems instead of failing the handshake (libESMTP checks the peer after the handshake and asks
 * the application, §6.1), and the checks run after the handshake: chain, cipher strength, peer
 * certificate, host name against the configured name (RFC 2595 §2.4, RFC 6125).
 */
package org.esmtp4j.pure.tls;
