package org.esmtp4j.pure.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.util.List;
import org.esmtp4j.BodyType;
import org.esmtp4j.Message;
import org.esmtp4j.Monitor;
import org.esmtp4j.Recipient;
import org.esmtp4j.Status;
import org.esmtp4j.pure.content.DotStuffer;
import org.esmtp4j.pure.content.FieldResult;
import org.esmtp4j.pure.content.HeaderProcessor;
import org.esmtp4j.pure.content.HeaderSectionReader;
import org.esmtp4j.pure.io.SmtpChannel;
import org.esmtp4j.pure.protocol.Capabilities;
import org.esmtp4j.pure.protocol.EhloKeyword;
import org.esmtp4j.spi.CanonicalContent;
import org.esmtp4j.spi.SessionCallbacks;
import org.esmtp4j.spi.StartRequest;

/**
 * Everything about one message that is not the command dialogue: the checks before MAIL, the
 * MAIL parameters, and writing the content, either as DATA (headers processed per libESMTP §3,
 * dot-stuffed, terminated) or as BDAT chunks (§4.3). Message content is never traced.
 */
final class MessageTransfer {

    /** The read size for content; with BDAT every read becomes one chunk (libESMTP §4.3). */
    static final int CHUNK = StartRequest.CONTENT_READ_SIZE;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final long PID = ProcessHandle.current().pid();

    /** Called after each BDAT chunk is written. */
    @FunctionalInterface
    interface ChunkSink {
        /**
         * @param last whether the chunk was {@code BDAT n LAST}
         * @return false to stop sending further chunks (a chunk was refused)
         */
        boolean chunkWritten(boolean last) throws ProtocolAbort, IOException;
    }

    private final StartRequest request;
    private final SessionCallbacks callbacks;
    private final SmtpChannel channel;
    private final byte[] buffer = new byte[CHUNK];
    /** The channel as the dot-stuffer's output, for every message of the connection. */
    private final ChannelStream wire;

    MessageTransfer(StartRequest request, SmtpChannel channel) {
        this.request = request;
        this.callbacks = request.callbacks();
        this.channel = channel;
        this.wire = new ChannelStream(channel);
    }

    /**
     * The client's own reasons not to send a message to this server, checked before MAIL.
     *
     * @return a local status, or null to send the message
     */
    Status localRefusal(Message m, Capabilities caps) {
        long size = request.contentSize(m) >= 0 ? request.contentSize(m) : m.sizeEstimate();
        long limit = caps.has(EhloKeyword.SIZE) ? caps.sizeLimit() : 0;
        if (limit > 0 && size > limit) {
            // RFC 1870 §6.1: do not send a message larger than the server's declared maximum
            // (libESMTP never consults it: hostile case E13).
            return Status.ofClient(552, "5.3.4", "message size " + size + " exceeds the server's limit of " + limit + " bytes");
        }
        if (needsSmtpUtf8(m) && !caps.has(EhloKeyword.SMTPUTF8)) {
            return Status.ofClient(553, "5.6.7", "non-ASCII addresses need SMTPUTF8, which the server does not offer");
        }
        if (request.contentHasEightBit(m) && m.bodyType() == null && !caps.has(EhloKeyword.EIGHTBITMIME)) {
            // RFC 6152 §3: 8-bit content only to a server that offers 8BITMIME (hostile case E11).
            return Status.ofClient(554, "5.6.3", "8-bit content needs 8BITMIME, which the server does not offer");
        }
        return null;
    }

    private boolean needsSmtpUtf8(Message m) {
        if (!m.smtpUtf8Requested()) {
            return false;
        }
        if (!isAscii(m.reversePath())) {
            return true;
        }
        for (Recipient r : request.recipientsToSend(m)) {
            if (!isAscii(r.mailbox())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The MAIL parameters for this message and server (libESMTP §1.7), DELIVERBY event included. */
    CommandFormatter.MailParameters mailParameters(Message m, Capabilities caps, boolean dsnUsable) {
        long size = caps.has(EhloKeyword.SIZE) ? m.sizeEstimate() : 0;
        BodyType body = m.bodyType();
        if (body == BodyType.BINARY_MIME ? !caps.has(EhloKeyword.BINARYMIME) : !caps.has(EhloKeyword.EIGHTBITMIME)) {
            body = null;
        }
        if (body == null && request.contentHasEightBit(m) && m.bodyType() == null && caps.has(EhloKeyword.EIGHTBITMIME)) {
            // Declare what is sent (RFC 6152): the facade found 8-bit bytes in the content.
            body = BodyType.EIGHT_BIT_MIME;
        }
        long byTime = m.deliverByTime();
        org.esmtp4j.ByMode byMode = caps.has(EhloKeyword.DELIVERBY) ? m.deliverByMode() : null;
        if (byMode != null && caps.deliverByMinimum() > 0 && byTime < caps.deliverByMinimum()) {
            long adjust = callbacks.deliverByExpired(m, caps.deliverByMinimum() - byTime);
            if (adjust > 0) {
                byTime = caps.deliverByMinimum() + adjust;
            }
        }
        boolean smtpUtf8 = m.smtpUtf8Requested() && caps.has(EhloKeyword.SMTPUTF8);
        return new CommandFormatter.MailParameters(size, dsnUsable ? m.dsnReturn() : null,
                dsnUsable ? m.dsnEnvelopeId() : null, body, byTime, byMode, m.deliverByTrace(), smtpUtf8);
    }

    /**
     * Writes the DATA payload and the terminating dot. With no accepted recipient only the dot is
     * sent (RFC 2920 §3.1).
     *
     * @param flush whether to send it now; under {@code Pipelining.FULL} the tail stays buffered
     *     and goes out with the next group
     */
    void writeData(Message m, boolean anyAccepted, boolean flush) throws IOException {
        channel.traceWrites(false);
        channel.traceReads(false);
        DotStuffer stuffer = new DotStuffer(wire);
        if (anyAccepted) {
            writeContent(m, stuffer);
        }
        stuffer.finish();
        if (flush) {
            channel.flush();
        }
    }

    private void writeContent(Message m, DotStuffer stuffer) throws IOException {
        CanonicalContent content = request.openContent(m);
        HeaderProcessor processor = newProcessor(m);
        HeaderSectionReader reader = new HeaderSectionReader();
        HeaderSectionReader.FieldSink sink = (b, off, len) -> emitField(m, processor.processField(b, off, len), b, off, len, stuffer);
        int bodyStart = -1;
        int n = 0;
        while (bodyStart < 0 && (n = content.read(buffer, 0, buffer.length)) > 0) {
            bodyStart = reader.feed(buffer, 0, n, sink);
        }
        if (bodyStart < 0) {
            reader.finish(sink);
        }
        for (byte[] h : processor.missingHeaders()) {
            emitHeader(m, h, 0, h.length, stuffer);
        }
        stuffer.write(CRLF, 0, 2);
        if (bodyStart < 0) {
            return;
        }
        LineEvents lines = callbacks.wantsMessageData() ? new LineEvents(m) : null;
        writeBody(buffer, bodyStart, n - bodyStart, stuffer, lines);
        while ((n = content.read(buffer, 0, buffer.length)) > 0) {
            writeBody(buffer, 0, n, stuffer, lines);
        }
        if (lines != null) {
            lines.finish();
        }
    }

    private static void writeBody(byte[] b, int off, int len, DotStuffer stuffer, LineEvents lines) throws IOException {
        if (len <= 0) {
            return;
        }
        stuffer.write(b, off, len);
        if (lines != null) {
            lines.scan(b, off, len);
        }
    }

    /**
     * SMTP_EV_MESSAGEDATA once per whole body line, its length counted before stuffing
     * (libESMTP §2), also when a line spans two content reads.
     */
    private final class LineEvents {
        private final Message message;
        private int carried;

        LineEvents(Message message) {
            this.message = message;
        }

        void scan(byte[] b, int off, int len) {
            int lineStart = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    callbacks.messageData(message, carried + i + 1 - lineStart);
                    carried = 0;
                    lineStart = i + 1;
                }
            }
            carried += end - lineStart;
        }

        void finish() {
            if (carried > 0) {
                callbacks.messageData(message, carried);
                carried = 0;
            }
        }
    }

    private void emitField(Message m, FieldResult result, byte[] b, int off, int len, DotStuffer stuffer) throws IOException {
        switch (result.action()) {
            case PASS:
                emitHeader(m, b, off, len, stuffer);
                break;
            case REPLACE:
                byte[] r = result.replacement();
                emitHeader(m, r, 0, r.length, stuffer);
                break;
            default:
                break;
        }
    }

    private void emitHeader(Message m, byte[] b, int off, int len, DotStuffer stuffer) throws IOException {
        if (callbacks.tracingHeaders()) {
            callbacks.trace(b, off, len, Monitor.Direction.HEADERS);
        }
        stuffer.write(b, off, len);
        callbacks.messageData(m, len);
    }

    private HeaderProcessor newProcessor(Message m) {
        List<Recipient> recipients = m.recipients();
        String[] all = new String[recipients.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = recipients.get(i).mailbox();
        }
        return new HeaderProcessor(m.headers(), m.hasReversePath() ? m.reversePath() : null, List.of(all),
                request.localHostname(), ZonedDateTime::now, PID);
    }

    /**
     * Writes the message as BDAT chunks (libESMTP §4.3): the processed headers and blank line as
     * one chunk, then every content read as one chunk, then {@code BDAT 0 LAST} (or, when the
     * server advertised XEXCH50, {@code BDAT 2 LAST} with an extra CRLF, as libESMTP does).
     */
    void writeBdat(Message m, boolean xexch50, ChunkSink sink) throws IOException, ProtocolAbort {
        channel.traceWrites(false);
        channel.traceReads(false);
        CanonicalContent content = request.openContent(m);
        HeaderProcessor processor = newProcessor(m);
        HeaderSectionReader reader = new HeaderSectionReader();
        ByteCollector headers = new ByteCollector();
        HeaderSectionReader.FieldSink fieldSink = (b, off, len) -> {
            FieldResult result = processor.processField(b, off, len);
            if (result.action() == FieldResult.Action.PASS) {
                collectHeader(m, b, off, len, headers);
            } else if (result.action() == FieldResult.Action.REPLACE) {
                byte[] r = result.replacement();
                collectHeader(m, r, 0, r.length, headers);
            }
        };
        int bodyStart = -1;
        int n = 0;
        while (bodyStart < 0 && (n = content.read(buffer, 0, buffer.length)) > 0) {
            bodyStart = reader.feed(buffer, 0, n, fieldSink);
        }
        if (bodyStart < 0) {
            reader.finish(fieldSink);
        }
        for (byte[] h : processor.missingHeaders()) {
            collectHeader(m, h, 0, h.length, headers);
        }
        headers.write(CRLF, 0, 2);
        // libESMTP (smtp-bdat.c) reports each header, not the header chunk, as message data.
        if (!chunk(m, headers.array(), 0, headers.size(), false, sink, false)) {
            return;
        }
        if (bodyStart >= 0) {
            if (n - bodyStart > 0 && !chunk(m, buffer, bodyStart, n - bodyStart, false, sink, true)) {
                return;
            }
            while ((n = content.read(buffer, 0, buffer.length)) > 0) {
                if (!chunk(m, buffer, 0, n, false, sink, true)) {
                    return;
                }
            }
        }
        if (xexch50) {
            channel.writeLine(CommandFormatter.bdat(2, true));
            channel.write(CRLF, 0, 2);
        } else {
            channel.writeLine(CommandFormatter.bdat(0, true));
        }
        sink.chunkWritten(true);
    }

    private void collectHeader(Message m, byte[] b, int off, int len, ByteCollector headers) {
        if (callbacks.tracingHeaders()) {
            callbacks.trace(b, off, len, Monitor.Direction.HEADERS);
        }
        headers.write(b, off, len);
        callbacks.messageData(m, len);
    }

    private boolean chunk(Message m, byte[] b, int off, int len, boolean last, ChunkSink sink, boolean report)
            throws IOException, ProtocolAbort {
        channel.writeLine(CommandFormatter.bdat(len, last));
        channel.write(b, off, len);
        if (report) {
            callbacks.messageData(m, len);
        }
        return sink.chunkWritten(last);
    }

    /** An OutputStream over the channel's write buffer. */
    private static final class ChannelStream extends OutputStream {
        private final SmtpChannel channel;

        ChannelStream(SmtpChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            channel.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            channel.write(b, off, len);
        }
    }

    /** A growable byte array that exposes its buffer (for the BDAT header chunk). */
    private static final class ByteCollector extends java.io.ByteArrayOutputStream {
        byte[] array() {
            return buf;
        }
    }
}
