package org.esmtp4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** {@link MessageSource#ofStreams(Supplier)} and {@link MessageSource#of(java.nio.file.Path)}. */
final class StreamSupplierSource implements MessageSource {

    private final Supplier<? extends InputStream> streams;
    private InputStream current;

    StreamSupplierSource(Supplier<? extends InputStream> streams) {
        this.streams = streams;
    }

    @Override
    public void rewind() throws IOException {
        close();
        try {
            current = streams.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (current == null) {
            throw new IOException("the stream supplier returned null");
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (current == null) {
            throw new IOException("read before rewind");
        }
        return current.read(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
        InputStream s = current;
        current = null;
        if (s != null) {
            s.close();
        }
    }
}
