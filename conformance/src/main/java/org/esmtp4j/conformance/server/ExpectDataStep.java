package org.esmtp4j.conformance.server;

/** Reads message data through the {@code .CRLF} terminator and records it as a message. */
final class ExpectDataStep implements Step {

    @Override
    public String describe() {
        return "expectData";
    }

    @Override
    public void run(Connection connection) throws ScriptFailedException {
        ClientInput input = connection.input();
        int start = input.readPos();
        int end = input.readData(connection.deadline());
        byte[] content = ReceivedMessage.unstuff(input.buffer(), start, end - 3);
        connection.recorder().message(new ReceivedMessage(ReceivedMessage.Transfer.DATA,
                input.copy(start, end), content, start));
    }
}
