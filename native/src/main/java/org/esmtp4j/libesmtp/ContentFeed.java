package org.esmtp4j.libesmtp;

import com.sun.jna.Pointer;
import java.io.IOException;
import org.esmtp4j.Message;
import org.esmtp4j.spi.CanonicalContent;
import org.esmtp4j.spi.StartRequest;

/**
 * Puts the canonical content of the message libESMTP is reading into the shim's chunk buffer,
 * one chunk per call (the shim's message reader, {@code shim_read}, asks for them).
 *
 * <p>One chunk is read ahead, so that the answer says whether the content ends after the chunk:
 * the shim then returns the end (and any read after it, spec §4.1) without calling Java, and a
 * message that fits in one chunk costs one call per transfer. A failure met while reading ahead
 * is kept and raised on the next call, so the bytes before it are still sent and libESMTP sees
 * the failure at the same point of the stream as without the read-ahead. Each chunk is one read
 * of {@link StartRequest#CONTENT_READ_SIZE} bytes, as the java engine reads: BDAT frames them
 * identically (libESMTP §4.3).
 */
final class ContentFeed {

    /** ORed into a chunk's length: the content ends after this chunk. Alone: the end. */
    static final int LAST = 0x4000_0000;
    /** Fail the read: libESMTP drops the connection without the end of data (spec §4.1). */
    static final int ABORT = -1;
    /** No content is open for the message: reads return nothing and never reach the end. */
    static final int NOTHING = -2;

    /** {@link #aheadLength} when nothing is read ahead. */
    private static final int UNREAD = Integer.MIN_VALUE;

    private final StartRequest request;
    private final Pointer chunk;
    private final byte[] ahead = new byte[StartRequest.CONTENT_READ_SIZE];
    private CanonicalContent content;
    private int contentIndex = -1;
    private int aheadLength = UNREAD;
    private Throwable aheadFailure;

    /**
     * @param request the start whose messages are fed
     * @param chunk the shim's chunk buffer, {@link StartRequest#CONTENT_READ_SIZE} bytes
     */
    ContentFeed(StartRequest request, Pointer chunk) {
        this.request = request;
        this.chunk = chunk;
    }

    /**
     * Reopens the message's content (libESMTP rewinds before each transfer) and puts its first
     * chunk in the buffer.
     *
     * @param index the message's index in the request
     * @param message the message
     * @return the chunk's length with {@link #LAST}, 0 for "ask again", or {@link #NOTHING} when
     *     the content cannot be reopened (as before: the transfer then sees no bytes and no end)
     */
    int rewind(int index, Message message) {
        content = null;
        contentIndex = -1;
        aheadLength = UNREAD;
        aheadFailure = null;
        try {
            content = request.openContent(message);
        } catch (IOException e) {
            return NOTHING;
        }
        contentIndex = index;
        readAhead();
        return serveAhead();
    }

    /**
     * Puts the message's next chunk in the buffer.
     *
     * @param index the message's index in the request
     * @return the chunk's length with {@link #LAST}, {@link #LAST} alone at the end, or
     *     {@link #NOTHING} when another message's content is open
     * @throws IOException when the content cannot be read (also when found while reading ahead)
     */
    int next(int index) throws IOException {
        if (content == null || contentIndex != index) {
            return NOTHING;
        }
        if (aheadFailure != null) {
            Throwable failure = aheadFailure;
            aheadFailure = null;
            rethrow(failure);
        }
        if (aheadLength == UNREAD) {
            aheadLength = content.read(ahead, 0, ahead.length);
        }
        return serveAhead();
    }

    private int serveAhead() {
        if (aheadFailure != null) {
            return 0;
        }
        int n = aheadLength;
        if (n <= 0) {
            return LAST;
        }
        chunk.write(0, ahead, 0, n);
        readAhead();
        return aheadFailure == null && aheadLength <= 0 ? n | LAST : n;
    }

    private void readAhead() {
        try {
            aheadLength = content.read(ahead, 0, ahead.length);
        } catch (IOException | RuntimeException | Error e) {
            aheadLength = UNREAD;
            aheadFailure = e;
        }
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException) {
            throw (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        throw (Error) t;
    }
}
