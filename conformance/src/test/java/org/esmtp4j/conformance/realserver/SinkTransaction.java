package org.esmtp4j.conformance.realserver;

import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction as smtp-sink's {@code -D} dump records it: {@code X-Mail-Args:} and one
 * {@code X-Rcpt-Args:} per accepted recipient, then its own {@code Received:} header and the
 * content, dot-unstuffed, with LF line ends, followed by an empty line.
 *
 * @param mailArgs what followed {@code MAIL FROM:}, parameters included
 * @param rcptArgs what followed each {@code RCPT TO:}
 * @param content the message as stored, from smtp-sink's {@code Received:} header on
 */
record SinkTransaction(String mailArgs, List<String> rcptArgs, String content) {

    private static final String START = "X-Client-Addr: ";

    /**
     * @param dump the whole dump file
     * @return its transactions in the order received
     */
    static List<SinkTransaction> parse(String dump) {
        List<SinkTransaction> list = new ArrayList<>();
        int at = dump.startsWith(START) ? 0 : dump.indexOf("\n" + START);
        while (at >= 0) {
            int from = dump.startsWith(START, at) ? at : at + 1;
            int next = dump.indexOf("\n" + START, from);
            list.add(one(dump.substring(from, next < 0 ? dump.length() : next + 1)));
            at = next;
        }
        return list;
    }

    private static SinkTransaction one(String text) {
        String mail = "";
        List<String> rcpts = new ArrayList<>();
        int received = text.indexOf("\nReceived: ");
        for (String line : text.substring(0, received < 0 ? text.length() : received).split("\n")) {
            if (line.startsWith("X-Mail-Args: ")) {
                mail = line.substring("X-Mail-Args: ".length());
            } else if (line.startsWith("X-Rcpt-Args: ")) {
                rcpts.add(line.substring("X-Rcpt-Args: ".length()));
            }
        }
        return new SinkTransaction(mail, List.copyOf(rcpts), received < 0 ? "" : text.substring(received + 1));
    }

    /** @return the content after the header section's empty line (smtp-sink adds one more LF at the end) */
    String body() {
        int split = content.indexOf("\n\n");
        return split < 0 ? "" : content.substring(split + 2);
    }
}
