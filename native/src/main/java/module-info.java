/**
 * The libesmtp engine, {@code "libesmtp"}: a service for the esmtp4j facade that drives the system
 * libesmtp.so.6 through JNA. JNA reads the package reflectively (direct mapping, callbacks).
 */
module org.esmtp4j.libesmtp {
    requires org.esmtp4j;
    requires com.sun.jna;

    exports org.esmtp4j.libesmtp;
    opens org.esmtp4j.libesmtp to com.sun.jna;

    provides org.esmtp4j.spi.EngineProvider with org.esmtp4j.libesmtp.LibesmtpEngineProvider;
}
