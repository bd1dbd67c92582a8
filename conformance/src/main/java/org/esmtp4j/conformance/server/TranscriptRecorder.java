package org.esmtp4j.conformance.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The mutable record of one connection while its script runs. The connection thread writes;
 * any thread may take a {@link #snapshot()}.
 */
final class TranscriptRecorder {

    private final int connectionIndex;
    private final Script script;
    private ClientInput input;
    private ServerOutput output;
    private final List<int[]> sendMarks = new ArrayList<>();
    private final List<ReceivedMessage> messages = new ArrayList<>();
    private final List<BdatChunk> bdatChunks = new ArrayList<>();
    private final List<ScriptFailure> failures = new ArrayList<>();
    private TlsDetails tls;
    private String tlsRejection;
    private int currentStep;
    private int stepsCompleted;
    private boolean clientClosed;
    private boolean finished;
    private int bdatMessageStart = -1;
    private int bdatMessageOffset;

    TranscriptRecorder(int connectionIndex, Script script) {
        this.connectionIndex = connectionIndex;
        this.script = script;
    }

    synchronized void attach(ClientInput clientInput, ServerOutput serverOutput) {
        this.input = clientInput;
        this.output = serverOutput;
    }

    /**
     * Notes that the server is about to send: records how many client bytes had arrived, which
     * is what {@link Transcript#batches()} groups lines by.
     */
    synchronized void markServerSend(int clientBytesReceived, int serverOffset) {
        sendMarks.add(new int[] {clientBytesReceived, serverOffset});
    }

    synchronized void stepStarted(int index) {
        currentStep = index;
    }

    synchronized void stepCompleted() {
        stepsCompleted++;
    }

    synchronized void message(ReceivedMessage message) {
        messages.add(message);
    }

    /** Records a chunk; a LAST chunk also completes a BDAT message made of the chunks since the previous one. */
    synchronized void bdatChunk(BdatChunk chunk, int chunkOffset) {
        if (bdatMessageStart < 0) {
            bdatMessageStart = bdatChunks.size();
            bdatMessageOffset = chunkOffset;
        }
        bdatChunks.add(chunk);
        if (chunk.last()) {
            int total = 0;
            for (int i = bdatMessageStart; i < bdatChunks.size(); i++) {
                total += bdatChunks.get(i).size();
            }
            byte[] content = new byte[total];
            int at = 0;
            for (int i = bdatMessageStart; i < bdatChunks.size(); i++) {
                byte[] part = bdatChunks.get(i).bytes();
                System.arraycopy(part, 0, content, at, part.length);
                at += part.length;
            }
            messages.add(new ReceivedMessage(ReceivedMessage.Transfer.BDAT, content, content.clone(),
                    bdatMessageOffset));
            bdatMessageStart = -1;
        }
    }

    synchronized void tlsEstablished(TlsDetails details) {
        tls = details;
    }

    synchronized void tlsRejected(String reason) {
        tlsRejection = reason;
    }

    synchronized void failure(ScriptFailure failure) {
        failures.add(failure);
    }

    synchronized void clientClosed() {
        clientClosed = true;
    }

    synchronized void finished() {
        finished = true;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    synchronized String currentStepDescription() {
        return currentStep < script.size()
                ? "step " + currentStep + " (" + script.step(currentStep).describe() + ")"
                : "the end of the script";
    }

    synchronized Transcript snapshot() {
        byte[] client = input == null ? new byte[0] : input.snapshot();
        byte[] server = output == null ? new byte[0] : output.snapshot();
        return new Transcript(connectionIndex, client, server, List.copyOf(sendMarks), messages, bdatChunks,
                tls, tlsRejection, failures, stepsCompleted, script.size(), clientClosed, finished);
    }
}
