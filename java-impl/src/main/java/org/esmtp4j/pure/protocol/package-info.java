/**
 * Pure (no I/O) SMTP protocol pieces of the Java engine: the incremental reply parser
 * ({@link org.esmtp4j.pure.protocol.ReplyParser}), the parsed {@link org.esmtp4j.pure.protocol.Reply}
 * with its RFC 3463 enhanced status code handling, and the EHLO capability parser
 * ({@link org.esmtp4j.pure.protocol.Capabilities}).
 *
 * <p>Nothing here touches a socket; the engine feeds received bytes in and acts on what comes out.
 */
package org.esmtp4j.pure.protocol;
