/**
 * Client sides of SASL mechanisms (RFC 4422) for SMTP AUTH (RFC 4954): small, pure classes with
 * no I/O. Each produces an optional initial response and answers server challenges; the engine
 * does the base64 and the wire. PLAIN (RFC 4616), LOGIN (libESMTP's wire form), CRAM-MD5
 * (RFC 2195), EXTERNAL (RFC 4422 appendix A), XOAUTH2 (Google), OAUTHBEARER (RFC 7628) and
 * SCRAM-SHA-256 (RFC 5802, RFC 7677, without channel binding).
 */
package org.esmtp4j.pure.sasl;
