package org.esmtp4j.mime;

import java.io.IOException;
import java.io.OutputStream;

/** The writer's end of a {@link BoundedPipe}, as the stream {@code MimeMessage.writeTo} wants. */
final class PipeOutputStream extends OutputStream {

    private final BoundedPipe pipe;
    private final byte[] one = new byte[1];

    PipeOutputStream(BoundedPipe pipe) {
        this.pipe = pipe;
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        pipe.write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        pipe.write(b, off, len);
    }
}
