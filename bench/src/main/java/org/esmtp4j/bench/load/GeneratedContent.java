package org.esmtp4j.bench.load;

import java.io.InputStream;

/**
 * A {@link BenchContent} message of any size, generated while it is read: the header section,
 * then the body block over and over, cut at exactly the requested size (always at a line end).
 * Nothing is held but the header bytes and one 64 KiB block, so a 1 GiB message costs no heap.
 */
public final class GeneratedContent extends InputStream {

    private static final byte[] BLOCK = BenchContent.bodyBlock();

    private final long total;
    private final byte[] headers;
    private long position;

    /**
     * @param total the content size in octets
     */
    public GeneratedContent(long total) {
        this.total = total;
        this.headers = BenchContent.headerSection(total);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= total) {
            return -1;
        }
        int want = (int) Math.min(length, total - position);
        int done = 0;
        while (done < want) {
            int n;
            if (position < headers.length) {
                int from = (int) position;
                n = Math.min(want - done, headers.length - from);
                System.arraycopy(headers, from, buffer, offset + done, n);
            } else {
                int from = (int) ((position - headers.length) % BLOCK.length);
                n = Math.min(want - done, BLOCK.length - from);
                System.arraycopy(BLOCK, from, buffer, offset + done, n);
            }
            done += n;
            position += n;
        }
        return done;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, total - position);
    }

    @Override
    public void close() {
        position = total;
    }
}
