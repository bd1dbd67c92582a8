package org.esmtp4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a message's content (RFC 5322 headers, blank line, body) comes from: libESMTP's
 * message callback ({@code smtp_set_messagecb}) with its rewind-then-read contract.
 *
 * <ul>
 *   <li>{@link #rewind()} is called before every transfer of the message (the facade also reads
 *       the content once before connecting, to refuse invalid content before anything is sent;
 *       see {@link Session#setContentPrescan(boolean)}). A source that cannot be read again must
 *       throw from {@code rewind}.</li>
 *   <li>{@link #read(byte[], int, int)} returns the number of bytes read, or -1 at the end; it may
 *       be called again after the end and must keep returning -1.</li>
 *   <li>An {@link IOException} aborts the transfer: the connection is dropped without
 *       terminating the data, so the server never sees a partial message as complete (libESMTP's
 *       {@code errno} rule).</li>
 * </ul>
 *
 * <p>Lines may end in CRLF, LF or CR: the facade canonicalises them to CRLF (except for a
 * {@link BodyType#BINARY_MIME} body, which is sent as exact bytes).
 */
public interface MessageSource extends AutoCloseable {

    /**
     * Positions the source at the start of the content.
     *
     * @throws IOException when the content cannot be (re)read
     */
    void rewind() throws IOException;

    /**
     * Reads the next bytes of the content.
     *
     * @param buffer where to put them
     * @param offset the first index to fill
     * @param length the most bytes to read, at least 1
     * @return how many bytes were read, at least 1, or -1 at the end
     * @throws IOException on a read error, which aborts the transfer
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Releases what the source holds; called when the session is closed. */
    @Override
    default void close() throws IOException {
    }

    /**
     * A source over bytes held in memory (libESMTP's {@code smtp_set_message_str}). The array is
     * not copied; do not change it while the session may send it.
     *
     * @param content the message
     * @return the source
     */
    static MessageSource of(byte[] content) {
        return new ByteArraySource(Objects.requireNonNull(content, "content"));
    }

    /**
     * A source over a string, encoded as UTF-8.
     *
     * @param content the message
     * @return the source
     */
    static MessageSource of(String content) {
        return of(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A source that reads a file, reopened at every rewind (libESMTP's
     * {@code smtp_set_message_fp}).
     *
     * @param file the message file
     * @return the source
     */
    static MessageSource of(Path file) {
        Objects.requireNonNull(file, "file");
        return ofStreams(() -> {
            try {
                return java.nio.file.Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open message file " + file, e);
            }
        });
    }

    /**
     * A source that asks the supplier for a fresh stream at every rewind and closes the previous
     * one. The supplier may throw {@link UncheckedIOException}.
     *
     * @param streams gives the content from the start each time it is called
     * @return the source
     */
    static MessageSource ofStreams(Supplier<? extends InputStream> streams) {
        return new StreamSupplierSource(Objects.requireNonNull(streams, "streams"));
    }
}
