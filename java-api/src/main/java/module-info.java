/**
 * The esmtp4j facade ({@code org.esmtp4j}) and the engine SPI ({@code org.esmtp4j.spi}). Engines
 * are services: a module that provides {@link org.esmtp4j.spi.EngineProvider} is found by
 * {@link org.esmtp4j.Smtp}.
 */
module org.esmtp4j {
    exports org.esmtp4j;
    exports org.esmtp4j.spi;

    uses org.esmtp4j.spi.EngineProvider;
}
