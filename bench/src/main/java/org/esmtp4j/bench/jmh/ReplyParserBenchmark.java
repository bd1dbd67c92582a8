package org.esmtp4j.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.esmtp4j.pure.protocol.Reply;
import org.esmtp4j.pure.protocol.ReplyException;
import org.esmtp4j.pure.protocol.ReplyParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The java engine's reply parser on the replies a bulk session reads: smtp-sink's ten-line EHLO
 * reply (a fresh parser each time, as per connection), and the steady state of a pipelined
 * session, one read holding the replies to MAIL, RCPT and DATA (and the same with ten RCPTs),
 * fed to one long-lived parser whole and split in the middle of a line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyParserBenchmark {

    private static final byte[] EHLO = ascii("250-smtp-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n"
            + "250-XCLIENT NAME HELO\r\n250-XFORWARD NAME ADDR PROTO HELO\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n"
            + "250-SIZE 0\r\n250 \r\n");
    private static final byte[] ENVELOPE_1 = ascii("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
    private static final byte[] ENVELOPE_10 = ascii("250 2.1.0 Ok\r\n" + "250 2.1.5 Ok\r\n".repeat(10)
            + "354 End data with <CR><LF>.<CR><LF>\r\n");

    private ReplyParser session;

    /** A parser that lives for the whole trial, as for one long session. */
    @Setup
    public void setUp() {
        session = new ReplyParser();
    }

    /**
     * @return the parsed EHLO reply
     * @throws ReplyException never, for this input
     */
    @Benchmark
    public Reply ehloReply() throws ReplyException {
        ReplyParser parser = new ReplyParser();
        parser.feed(EHLO);
        return parser.next();
    }

    /**
     * @param sink consumes the replies
     * @throws ReplyException never, for this input
     */
    @Benchmark
    public void envelopeOneRecipient(Blackhole sink) throws ReplyException {
        drain(ENVELOPE_1, sink);
    }

    /**
     * @param sink consumes the replies
     * @throws ReplyException never, for this input
     */
    @Benchmark
    public void envelopeTenRecipients(Blackhole sink) throws ReplyException {
        drain(ENVELOPE_10, sink);
    }

    /**
     * @param sink consumes the replies
     * @throws ReplyException never, for this input
     */
    @Benchmark
    public void envelopeSplitMidLine(Blackhole sink) throws ReplyException {
        int half = ENVELOPE_1.length / 2;
        session.feed(ENVELOPE_1, 0, half);
        session.feed(ENVELOPE_1, half, ENVELOPE_1.length - half);
        Reply r;
        while ((r = session.next()) != null) {
            sink.consume(r);
        }
    }

    private void drain(byte[] bytes, Blackhole sink) throws ReplyException {
        session.feed(bytes);
        Reply r;
        while ((r = session.next()) != null) {
            sink.consume(r);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
