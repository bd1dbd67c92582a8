/**
 * Jakarta Mail support, kept out of the core so that esmtp4j itself needs no MIME library
 * (libESMTP likewise leaves MIME to other libraries): {@link org.esmtp4j.mime.MimeMessageSource}
 * streams a {@code jakarta.mail.internet.MimeMessage} into a session.
 */
package org.esmtp4j.mime;
