/** The pure-Java engine, {@code "java"}: a service for the esmtp4j facade. */
module org.esmtp4j.pure {
    requires org.esmtp4j;
    requires java.naming;

    exports org.esmtp4j.pure;

    provides org.esmtp4j.spi.EngineProvider with org.esmtp4j.pure.JavaEngineProvider;
}
