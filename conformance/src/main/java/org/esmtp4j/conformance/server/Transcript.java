package org.esmtp4j.conformance.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happened on one connection: the exact bytes in each direction, how the client's lines
 * were grouped relative to the server's replies, the messages received, TLS details and any
 * deviation from the script. Immutable; obtained from {@link ScriptedSmtpServer}.
 *
 * <p>All text views decode one byte per char (ISO-8859-1), so they preserve every byte,
 * including bare CR, bare LF, NUL and bytes {@code >= 0x80}.
 */
public final class Transcript {

    private static final int DIALOGUE_LIMIT = 16 * 1024;

    private final int connectionIndex;
    private final byte[] clientBytes;
    private final byte[] serverBytes;
    private final List<int[]> sendMarks;
    private final List<ReceivedMessage> messages;
    private final List<BdatChunk> bdatChunks;
    private final TlsDetails tls;
    private final String tlsRejection;
    private final List<ScriptFailure> failures;
    private final int stepsCompleted;
    private final int stepCount;
    private final boolean clientClosed;
    private final boolean finished;

    Transcript(int connectionIndex, byte[] clientBytes, byte[] serverBytes, List<int[]> sendMarks,
            List<ReceivedMessage> messages, List<BdatChunk> bdatChunks, TlsDetails tls, String tlsRejection,
            List<ScriptFailure> failures, int stepsCompleted, int stepCount, boolean clientClosed,
            boolean finished) {
        this.connectionIndex = connectionIndex;
        this.clientBytes = clientBytes;
        this.serverBytes = serverBytes;
        this.sendMarks = sendMarks;
        this.messages = List.copyOf(messages);
        this.bdatChunks = List.copyOf(bdatChunks);
        this.tls = tls;
        this.tlsRejection = tlsRejection;
        this.failures = List.copyOf(failures);
        this.stepsCompleted = stepsCompleted;
        this.stepCount = stepCount;
        this.clientClosed = clientClosed;
        this.finished = finished;
    }

    /**
     * Zero-based index of the connection (and of the script it ran) in accept order.
     *
     * @return zero-based index of the connection (and of the script it ran) in accept order
     */
    public int connectionIndex() {
        return connectionIndex;
    }

    /**
     * Every byte the client sent, in order; after TLS started, the decrypted bytes.
     *
     * @return every byte the client sent, in order; after TLS started, the decrypted bytes
     */
    public byte[] clientBytes() {
        return clientBytes.clone();
    }

    /**
     * {@link #clientBytes()} one byte per char.
     *
     * @return {@link #clientBytes()} one byte per char
     */
    public String clientText() {
        return WireText.text(clientBytes);
    }

    /**
     * Every byte the server sent, in order; after TLS started, the bytes before encryption.
     *
     * @return every byte the server sent, in order; after TLS started, the bytes before encryption
     */
    public byte[] serverBytes() {
        return serverBytes.clone();
    }

    /**
     * {@link #serverBytes()} one byte per char.
     *
     * @return {@link #serverBytes()} one byte per char
     */
    public String serverText() {
        return WireText.text(serverBytes);
    }

    /**
     * The client's lines grouped by the server send they arrived before; batches without lines
     * are omitted. See {@link ClientBatch} for what a batch proves. Inside TLS only bytes
     * already decrypted count as arrived, so there a batch may be split where plaintext would
     * not be.
     *
     * @return the client batches, in order
     */
    public List<ClientBatch> batches() {
        List<ClientBatch> batches = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int send = 0;
        int lineStart = 0;
        while (lineStart < clientBytes.length) {
            int lineEnd = lineEnd(lineStart);
            while (send < sendMarks.size() && lineEnd > sendMarks.get(send)[0]) {
                if (!lines.isEmpty()) {
                    batches.add(new ClientBatch(lines, serverSendText(send)));
                    lines.clear();
                }
                send++;
            }
            lines.add(withoutLineEnding(lineStart, lineEnd));
            lineStart = lineEnd;
        }
        if (!lines.isEmpty()) {
            batches.add(new ClientBatch(lines, send < sendMarks.size() ? serverSendText(send) : ""));
        }
        return batches;
    }

    /**
     * The batch holding a line equal to {@code line} (without line ending).
     *
     * @param line the line to look for, without its line ending
     * @return the first batch holding that line
     * @throws AssertionError if no batch holds it
     */
    public ClientBatch batchContaining(String line) {
        for (ClientBatch batch : batches()) {
            if (batch.lines().contains(line)) {
                return batch;
            }
        }
        throw new AssertionError("connection " + connectionIndex + ": the client never sent the line \""
                + WireText.visible(line) + "\"\n" + dialogue());
    }

    /**
     * Messages received through DATA or BDAT, in order.
     *
     * @return messages received through DATA or BDAT, in order
     */
    public List<ReceivedMessage> messages() {
        return messages;
    }

    /**
     * Every BDAT chunk received, in order.
     *
     * @return every BDAT chunk received, in order
     */
    public List<BdatChunk> bdatChunks() {
        return bdatChunks;
    }

    /**
     * Where TLS started and what was negotiated, if a TLS handshake completed.
     *
     * @return where TLS started and what was negotiated, if a TLS handshake completed
     */
    public Optional<TlsDetails> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Why the handshake failed, for a {@link ScriptBuilder#startTlsExpectingRejection} step whose
     * client did reject it.
     *
     * @return why the handshake failed; empty if it did not fail
     */
    public Optional<String> tlsRejection() {
        return Optional.ofNullable(tlsRejection);
    }

    /**
     * The client bytes sent inside TLS (decrypted), or all client bytes after the last plaintext
     * byte; empty if TLS never started.
     *
     * @return the client text after TLS started, one char per byte
     */
    public String clientTextAfterTls() {
        return tls == null ? "" : WireText.text(clientBytes, tls.clientOffset(), clientBytes.length - tls.clientOffset());
    }

    /**
     * Deviations from the script, in the order they happened (at most one per script run).
     *
     * @return deviations from the script, in the order they happened (at most one per script run)
     */
    public List<ScriptFailure> failures() {
        return failures;
    }

    /**
     * Whether the client closed or reset the connection while the server was reading.
     *
     * @return {@code true} if the client closed or reset the connection while the server was reading
     */
    public boolean clientClosed() {
        return clientClosed;
    }

    /**
     * Whether the connection's script has stopped running (completed, failed or stopped).
     *
     * @return {@code true} if the connection's script has stopped running (completed, failed or stopped)
     */
    public boolean finished() {
        return finished;
    }

    /**
     * Whether every step ran as written.
     *
     * @return {@code true} if every step ran as written
     */
    public boolean scriptCompleted() {
        return finished && failures.isEmpty() && stepsCompleted == stepCount;
    }

    /**
     * Asserts that every step ran as written.
     *
     * @throws AssertionError naming the failing step, the expected and the received bytes
     */
    public void assertScriptCompleted() {
        if (scriptCompleted()) {
            return;
        }
        StringBuilder report = new StringBuilder("connection " + connectionIndex + ": script did not complete ("
                + stepsCompleted + " of " + stepCount + " steps)");
        if (!finished) {
            report.append(", still running");
        }
        for (ScriptFailure failure : failures) {
            report.append('\n').append(failure);
        }
        report.append('\n').append(dialogue());
        throw new AssertionError(report.toString());
    }

    /**
     * Asserts that the client sent exactly {@code expectedWireText} (one char per byte, line
     * endings written out, e.g. {@code "EHLO a\r\nQUIT\r\n"}).
     *
     * @param expectedWireText the expected text, one char per byte, line endings included
     * @throws AssertionError showing the first difference with CR and LF made visible
     */
    public void assertClientSent(String expectedWireText) {
        String difference = WireText.difference("connection " + connectionIndex + ": client bytes",
                WireText.bytes(expectedWireText), clientBytes);
        if (difference != null) {
            throw new AssertionError(difference);
        }
    }

    /**
     * Asserts that the client sent exactly these lines, each terminated by CRLF unless it already
     * ends with LF (the same rule as {@link WireText#replyLines}).
     *
     * @param lines the expected lines, wire text one char per byte
     */
    public void assertClientSentLines(String... lines) {
        assertClientSent(WireText.text(WireText.replyLines(lines)));
    }

    /**
     * The conversation as {@code C:} and {@code S:} lines, bytes rendered with
     * {@link WireText#visible}; clipped after about 16 KiB.
     *
     * @return the rendered conversation
     */
    public String dialogue() {
        StringBuilder out = new StringBuilder("--- connection " + connectionIndex + " ---\n");
        int send = 0;
        int lineStart = 0;
        while (lineStart < clientBytes.length || send < sendMarks.size()) {
            if (out.length() > DIALOGUE_LIMIT) {
                out.append("[... dialogue clipped ...]\n");
                break;
            }
            int lineEnd = lineStart < clientBytes.length ? lineEnd(lineStart) : Integer.MAX_VALUE;
            if (send < sendMarks.size() && lineEnd > sendMarks.get(send)[0]) {
                appendLines(out, "S: ", serverBytes, sendMarks.get(send)[1], serverSendEnd(send));
                send++;
            } else {
                appendLines(out, "C: ", clientBytes, lineStart, lineEnd);
                lineStart = lineEnd;
            }
        }
        if (tls != null) {
            out.append("(TLS from client offset ").append(tls.clientOffset()).append(")\n");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return dialogue();
    }

    private int lineEnd(int from) {
        for (int i = from; i < clientBytes.length; i++) {
            if (clientBytes[i] == '\n') {
                return i + 1;
            }
        }
        return clientBytes.length;
    }

    private String withoutLineEnding(int start, int end) {
        if (end > start && clientBytes[end - 1] == '\n') {
            end--;
            if (end > start && clientBytes[end - 1] == '\r') {
                end--;
            }
        }
        return WireText.text(clientBytes, start, end - start);
    }

    private int serverSendEnd(int send) {
        return send + 1 < sendMarks.size() ? sendMarks.get(send + 1)[1] : serverBytes.length;
    }

    private String serverSendText(int send) {
        int start = sendMarks.get(send)[1];
        return WireText.text(serverBytes, start, serverSendEnd(send) - start);
    }

    private static void appendLines(StringBuilder out, String prefix, byte[] bytes, int from, int to) {
        for (String line : WireText.visible(bytes, from, to - from).split("\n")) {
            out.append(prefix).append(line).append('\n');
        }
    }
}
