/** Optional Jakarta Mail support for esmtp4j: a message source over a {@code MimeMessage}. */
module org.esmtp4j.mime {
    requires org.esmtp4j;
    requires transitive jakarta.mail;

    exports org.esmtp4j.mime;
}
