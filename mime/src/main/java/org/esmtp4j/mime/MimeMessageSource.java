package org.esmtp4j.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.esmtp4j.Message;
import org.esmtp4j.MessageSource;

/**
 * A {@link MessageSource} over a Jakarta Mail {@link MimeMessage}, streamed rather than
 * buffered: each {@link #rewind()} starts a writer thread that runs
 * {@code message.writeTo(out, {"Bcc", "Content-Length"})} into a bounded ring buffer
 * ({@value #DEFAULT_BUFFER_BYTES} bytes unless told otherwise), and {@link #read} drains it. A
 * message with a 50 MB attachment is therefore never held in memory as a whole.
 *
 * <p>Why a thread: {@code writeTo} pushes the content into an {@code OutputStream} while
 * libESMTP's callback contract pulls it, and Jakarta Mail offers no pull form of the encoded
 * message; the only thread-free alternative is to buffer all of it, which this class exists to
 * avoid.
 *
 * <ul>
 *   <li>The {@code Bcc} header is never written (the ignore list above, the same one Jakarta
 *       Mail's own SMTP transport passes); its addresses still reach the envelope through
 *       {@link #applyEnvelope(Message, MimeMessage)}. {@code Content-Length} is dropped as
 *       there, too.</li>
 *   <li>{@code writeTo} calls {@code saveChanges()} the first time on a message not yet saved,
 *       which sets {@code Message-ID}, {@code MIME-Version} and the transfer encodings.</li>
 *   <li>Jakarta Mail writes CRLF line ends; the facade canonicalises any others anyway.</li>
 *   <li>An exception from {@code writeTo} (a {@link MessagingException}, an I/O error of an
 *       attachment's data source, a runtime exception) surfaces from {@link #read} as an
 *       {@link IOException}, so the transfer is aborted and the server never sees the
 *       terminating dot.</li>
 *   <li>The writer thread ends when the source is rewound again or closed. Every wait is
 *       bounded: a side that sees no progress from the other for the stall timeout fails.</li>
 *   <li>The message must not be changed while a session may read it; it is read from the
 *       writer thread.</li>
 *   <li>Every rewind is a full {@code writeTo} pass, encoding included; with the facade's
 *       content prescan on (the default) a message is therefore encoded twice per send. For
 *       large messages consider {@code Session.setContentPrescan(false)}.</li>
 * </ul>
 */
public final class MimeMessageSource implements MessageSource {

    /** The ring buffer's default size: 128 KiB. */
    public static final int DEFAULT_BUFFER_BYTES = 128 * 1024;

    /** The default stall timeout: how long one side waits for the other to make progress. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(5);

    private final MimeMessage message;
    private final int bufferBytes;
    private final long stallNanos;
    private MessageWriter writer;
    private boolean closed;

    private MimeMessageSource(MimeMessage message, int bufferBytes, Duration stallTimeout) {
        this.message = message;
        this.bufferBytes = bufferBytes;
        this.stallNanos = stallTimeout.toNanos();
    }

    /**
     * A source over the message with the default buffer size and stall timeout.
     *
     * @param message the message; not copied, so do not change it while a session may send it
     * @return the source
     */
    public static MimeMessageSource of(MimeMessage message) {
        return of(message, DEFAULT_BUFFER_BYTES, DEFAULT_STALL_TIMEOUT);
    }

    /**
     * A source over the message.
     *
     * @param message      the message; not copied
     * @param bufferBytes  the ring buffer's size, at least 1024
     * @param stallTimeout how long the reader waits for the writer thread (and the writer for the
     *                     reader) to make progress before failing; positive
     * @return the source
     */
    public static MimeMessageSource of(MimeMessage message, int bufferBytes, Duration stallTimeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (bufferBytes < 1024) {
            throw new IllegalArgumentException("bufferBytes must be at least 1024: " + bufferBytes);
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        }
        return new MimeMessageSource(message, bufferBytes, stallTimeout);
    }

    /**
     * Sets the envelope from the message's headers, as Jakarta Mail's {@code Transport.send}
     * would: the reverse path is the first {@code From} address (or {@code Sender} when there is
     * no {@code From}), and one recipient is added for each distinct address of
     * {@code getAllRecipients()} ({@code To}, {@code Cc} and {@code Bcc}; groups expanded,
     * newsgroups skipped).
     *
     * @param m  the esmtp4j message to fill
     * @param mm where the addresses come from
     * @throws MessagingException when a header cannot be parsed
     * @throws IllegalArgumentException when the message has no From (nor Sender) address or no
     *                                  recipient
     */
    public static void applyEnvelope(Message m, MimeMessage mm) throws MessagingException {
        EnvelopeAddresses addresses = EnvelopeAddresses.of(mm);
        m.setReversePath(addresses.reversePath());
        for (String recipient : addresses.recipients()) {
            m.addRecipient(recipient);
        }
    }

    /** Stops any writer from a previous pass and starts a fresh one at the message's start. */
    @Override
    public synchronized void rewind() throws IOException {
        if (closed) {
            throw new IOException("the message source is closed");
        }
        stopWriter();
        writer = MessageWriter.start(message, new BoundedPipe(bufferBytes, stallNanos));
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        MessageWriter current;
        synchronized (this) {
            current = writer;
        }
        if (current == null) {
            throw new IOException(closed ? "the message source is closed" : "read before rewind");
        }
        return current.pipe().read(buffer, offset, length);
    }

    /** Stops the writer thread, if any; later rewinds fail. */
    @Override
    public synchronized void close() {
        closed = true;
        stopWriter();
    }

    private void stopWriter() {
        MessageWriter w = writer;
        writer = null;
        if (w != null) {
            w.stop();
        }
    }
}
