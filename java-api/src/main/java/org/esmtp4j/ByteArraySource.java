package org.esmtp4j;

/** {@link MessageSource#of(byte[])}. */
final class ByteArraySource implements MessageSource {

    private final byte[] content;
    private int position;

    ByteArraySource(byte[] content) {
        this.content = content;
    }

    @Override
    public void rewind() {
        position = 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        int n = Math.min(length, content.length - position);
        if (n <= 0) {
            return -1;
        }
        System.arraycopy(content, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public String toString() {
        return "bytes[" + content.length + "]";
    }
}
