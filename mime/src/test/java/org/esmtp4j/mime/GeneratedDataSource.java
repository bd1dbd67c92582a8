package org.esmtp4j.mime;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An attachment of {@code size} bytes produced on the fly (never held in memory), byte i being
 * {@code (i * 31 + i / 997) & 0xff}; optionally failing after {@code failAfter} bytes.
 */
final class GeneratedDataSource implements DataSource {

    private final String name;
    private final long size;
    private final long failAfter;

    GeneratedDataSource(String name, long size) {
        this(name, size, Long.MAX_VALUE);
    }

    GeneratedDataSource(String name, long size, long failAfter) {
        this.name = name;
        this.size = size;
        this.failAfter = failAfter;
    }

    static int byteAt(long i) {
        return (int) ((i * 31 + i / 997) & 0xff);
    }

    @Override
    public InputStream getInputStream() {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= failAfter) {
                    throw new IOException("generated attachment failed at byte " + position);
                }
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, Math.min(size, failAfter) - position);
                for (int k = 0; k < n; k++) {
                    b[off + k] = (byte) byteAt(position + k);
                }
                position += n;
                return n;
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public String getContentType() {
        return "application/octet-stream";
    }

    @Override
    public String getName() {
        return name;
    }
}
