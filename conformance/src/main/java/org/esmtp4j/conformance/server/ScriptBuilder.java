package org.esmtp4j.conformance.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Fluent writer of a {@link Script}. Methods append steps in call order.
 *
 * <p>Text arguments are wire text, one char per byte (see {@link WireText}). Reply methods follow
 * {@link WireText#replyLines}: CRLF is appended to each argument that does not already end with
 * LF. Expectation methods take lines without their CRLF and require the client to send CRLF.
 *
 * <p>After {@link #close()}, {@link #reset()} or their "after reading" forms nothing can follow:
 * the connection is over.
 */
public final class ScriptBuilder {

    /** Pause between the writes of {@link #splitReply(String, int...)}. */
    public static final Duration DEFAULT_SPLIT_PAUSE = Duration.ofMillis(20);

    private final List<Step> steps = new ArrayList<>();
    private boolean ended;

    ScriptBuilder() {
    }

    // ---- server sends ----

    /**
     * Sends the greeting; same wire rule as {@link #reply(String...)}.
     *
     * @param lines the lines, wire text one char per byte
     * @return this builder
     */
    public ScriptBuilder greet(String... lines) {
        return add(SendStep.whole("greet", WireText.replyLines(lines)));
    }

    /**
     * Sends reply lines in one write. Several arguments model a server answering a pipelined
     * group at once: {@code reply("250 ok", "550 no", "354 go")}.
     *
     * @param lines the lines, wire text one char per byte
     * @return this builder
     */
    public ScriptBuilder reply(String... lines) {
        return add(SendStep.whole("reply", WireText.replyLines(lines)));
    }

    /**
     * Sends exactly these bytes in one write; nothing is appended.
     *
     * @param bytes the bytes
     * @return this builder
     */
    public ScriptBuilder replyRaw(byte[] bytes) {
        return add(SendStep.whole("replyRaw", bytes));
    }

    /**
     * Sends exactly this text (one char per byte) in one write; nothing is appended.
     *
     * @param exactWireText the exact text to send, one char per byte
     * @return this builder
     */
    public ScriptBuilder replyRaw(String exactWireText) {
        return replyRaw(WireText.bytes(exactWireText));
    }

    /**
     * Sends lines the client did not ask for (same wire rule as {@link #reply(String...)}), e.g.
     * an extra {@code 250 ok} before the real reply (catalogue B9) or a reply right after the TLS
     * handshake (C9). On the wire this is a reply; the separate name documents intent.
     *
     * @param lines the lines, wire text one char per byte
     * @return this builder
     */
    public ScriptBuilder sendUnsolicited(String... lines) {
        return add(SendStep.whole("sendUnsolicited", WireText.replyLines(lines)));
    }

    /**
     * Sends the reply one byte per write, waiting {@code perByte} between bytes (a slow server).
     *
     * @param reply the reply, wire text; CRLF appended unless it ends with LF
     * @param perByte the pause after each byte
     * @return this builder
     */
    public ScriptBuilder drip(String reply, Duration perByte) {
        return add(SendStep.drip(WireText.replyLines(reply), positive(perByte)));
    }

    /**
     * Sends the reply (CRLF appended as by {@link #reply(String...)}) in several writes, cut
     * before each given byte offset, pausing {@link #DEFAULT_SPLIT_PAUSE} between writes so
     * the pieces arrive as separate reads.
     *
     * @param reply the reply, wire text; CRLF appended unless it ends with LF
     * @param cutPoints the byte offsets before which the reply is cut, ascending
     * @return this builder
     */
    public ScriptBuilder splitReply(String reply, int... cutPoints) {
        return splitReply(reply, DEFAULT_SPLIT_PAUSE, cutPoints);
    }

    /**
     * {@link #splitReply(String, int...)} with a chosen pause between writes.
     *
     * @param reply the reply, wire text; CRLF appended unless it ends with LF
     * @param pause the pause between writes
     * @param cutPoints the byte offsets before which the reply is cut, ascending
     * @return this builder
     */
    public ScriptBuilder splitReply(String reply, Duration pause, int... cutPoints) {
        return add(SendStep.inPieces(WireText.replyLines(reply), cutPoints, positive(pause)));
    }

    /**
     * Sends {@code unit} over and over until {@code totalBytes} are written (a reply that never
     * ends, catalogue F1/F2). The client closing or resetting the connection meanwhile is the
     * expected reaction, not a failure: the connection then ends. All sent bytes are recorded.
     *
     * @param unit the text sent repeatedly, one char per byte
     * @param totalBytes how many bytes to send in all
     * @return this builder
     */
    public ScriptBuilder flood(String unit, long totalBytes) {
        return add(new FloodStep(WireText.bytes(unit), totalBytes));
    }

    // ---- expectations ----

    /**
     * Expects exactly this line followed by CRLF.
     *
     * @param line the expected line, without its line ending
     * @return this builder
     */
    public ScriptBuilder expect(String line) {
        return add(ExpectLineStep.exact(line, false));
    }

    /**
     * Expects these lines in order before the next step runs, i.e. all of them are read before
     * the server replies. A client that waits for a reply after the first line makes this step
     * time out (with a hint saying so). Whether the lines arrived together is visible in
     * {@link Transcript#batches()}.
     *
     * @param lines the expected lines, each without its CRLF
     * @return this builder
     */
    public ScriptBuilder expectBatch(String... lines) {
        if (lines.length == 0) {
            throw new IllegalArgumentException("expectBatch needs at least one line");
        }
        for (int i = 0; i < lines.length; i++) {
            add(ExpectLineStep.exact(lines[i], i > 0));
        }
        return this;
    }

    /**
     * Expects a line (without its CRLF) that the pattern matches entirely, followed by CRLF.
     *
     * @param pattern the pattern the whole line must match
     * @return this builder
     */
    public ScriptBuilder expectMatching(Pattern pattern) {
        return add(ExpectLineStep.matching(Objects.requireNonNull(pattern, "pattern")));
    }

    /**
     * {@link #expectMatching(Pattern)} with a regular expression.
     *
     * @param regex the regular expression the whole line must match
     * @return this builder
     */
    public ScriptBuilder expectMatching(String regex) {
        return expectMatching(Pattern.compile(regex));
    }

    /**
     * Accepts any one line, whatever its ending (CRLF or bare LF).
     *
     * @return this builder
     */
    public ScriptBuilder expectAny() {
        return add(ExpectLineStep.any());
    }

    /**
     * Reads message data up to and including the {@code CRLF.CRLF} terminator and records it as
     * a {@link ReceivedMessage} (raw and un-stuffed). Place it after the 354 reply to DATA.
     *
     * @return this builder
     */
    public ScriptBuilder expectData() {
        return add(new ExpectDataStep());
    }

    /**
     * Reads one {@code BDAT <size> [LAST]} command and its chunk; records a {@link BdatChunk}.
     *
     * @return this builder
     */
    public ScriptBuilder expectBdat() {
        return add(ExpectBdatStep.oneChunk());
    }

    /**
     * Reads BDAT chunks, answering each with {@code replyToEachChunk} (wire rule of
     * {@link #reply(String...)}), until and including the chunk marked LAST.
     *
     * @param replyToEachChunk the reply sent after each chunk
     * @return this builder
     */
    public ScriptBuilder expectBdatUntilLast(String replyToEachChunk) {
        return add(ExpectBdatStep.untilLast(WireText.replyLines(replyToEachChunk)));
    }

    /**
     * Expects the client to send nothing for {@code quietPeriod}; the client closing the
     * connection meanwhile is fine.
     *
     * @param quietPeriod how long the client must stay silent
     * @return this builder
     */
    public ScriptBuilder expectNoMoreInput(Duration quietPeriod) {
        return add(ExpectSilenceStep.quietFor(positive(quietPeriod)));
    }

    /**
     * Expects the client to close the connection, sending nothing more, within the read timeout.
     *
     * @return this builder
     */
    public ScriptBuilder expectClientClose() {
        return add(ExpectSilenceStep.untilClientCloses());
    }

    // ---- faults and connection control ----

    /**
     * Neither reads nor replies for {@code duration}.
     *
     * @param duration how long to stall
     * @return this builder
     */
    public ScriptBuilder stall(Duration duration) {
        return add(new StallStep(positive(duration)));
    }

    /**
     * Closes the connection with a FIN. Whatever the client still sends until it closes its side
     * (bounded by the read timeout) is recorded.
     *
     * @return this builder
     */
    public ScriptBuilder close() {
        return end(new EndStep(false, 0));
    }

    /**
     * Aborts the connection with a RST.
     *
     * @return this builder
     */
    public ScriptBuilder reset() {
        return end(new EndStep(true, 0));
    }

    /**
     * Reads {@code count} more client bytes (e.g. part of the message data), then closes with a FIN.
     *
     * @param count how many client bytes to read first
     * @return this builder
     */
    public ScriptBuilder closeAfterReadingBytes(int count) {
        return end(new EndStep(false, count));
    }

    /**
     * Reads {@code count} more client bytes (e.g. part of the message data), then aborts with a RST.
     *
     * @param count how many client bytes to read first
     * @return this builder
     */
    public ScriptBuilder resetAfterReadingBytes(int count) {
        return end(new EndStep(true, count));
    }

    /**
     * Starts server-side TLS (RFC 3207) with {@code context}; put it right after the 220 reply to
     * STARTTLS. The handshake must succeed. Later steps run inside TLS, and the transcript's
     * {@link Transcript#tls()} says where TLS started.
     *
     * @param context the server-side TLS context
     * @return this builder
     */
    public ScriptBuilder startTls(SSLContext context) {
        return add(new StartTlsStep(context, false));
    }

    /**
     * Starts server-side TLS and requires the client to abort the handshake, e.g. because the
     * certificate is self-signed or names another host (catalogue C4, C5). The connection ends
     * here; {@link Transcript#tlsRejection()} holds the reason the server saw.
     *
     * @param context the server-side TLS context
     * @return this builder
     */
    public ScriptBuilder startTlsExpectingRejection(SSLContext context) {
        return end(new StartTlsStep(context, true));
    }

    /**
     * The finished script.
     *
     * @return the finished script
     */
    public Script build() {
        return new Script(steps);
    }

    private ScriptBuilder add(Step step) {
        if (ended) {
            throw new IllegalStateException("the script already ends the connection; cannot add " + step.describe());
        }
        steps.add(step);
        return this;
    }

    private ScriptBuilder end(Step step) {
        add(step);
        ended = true;
        return this;
    }

    private static Duration positive(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        return duration;
    }
}
