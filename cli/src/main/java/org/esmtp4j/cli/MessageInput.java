package org.esmtp4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.esmtp4j.InvalidArgumentException;
import org.esmtp4j.MessageSource;

/**
 * The message content named by FILE.
 *
 * @param source the content, re-readable (the facade reads it once before connecting, then at
 *     every transfer)
 * @param size its size in bytes, for the progress line
 */
record MessageInput(MessageSource source, long size) {

    /**
     * Opens FILE, or reads standard input fully into memory for {@code -}: the facade rewinds
     * the source before every transfer, which a pipe cannot do.
     *
     * @param file the FILE operand
     * @param stdin standard input
     * @return the content
     * @throws InvalidArgumentException when the file cannot be read (exit status 2)
     */
    static MessageInput open(String file, InputStream stdin) {
        if ("-".equals(file)) {
            try {
                byte[] content = stdin.readAllBytes();
                return new MessageInput(MessageSource.of(content), content.length);
            } catch (IOException e) {
                throw new InvalidArgumentException("message on standard input", "cannot be read: " + e.getMessage());
            }
        }
        String what = "message file \"" + Printable.of(file) + "\"";
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InvalidArgumentException(what, "is not a valid file name: " + e.getReason());
        }
        if (!Files.exists(path)) {
            throw new InvalidArgumentException(what, "does not exist; give an RFC 5322 message file, or - for standard input");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidArgumentException(what, "is not a regular file; give an RFC 5322 message file, or - for standard input");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidArgumentException(what, "cannot be read: permission denied");
        }
        try {
            return new MessageInput(MessageSource.of(path), Files.size(path));
        } catch (IOException e) {
            throw new InvalidArgumentException(what, "cannot be read: " + e.getMessage());
        }
    }
}
