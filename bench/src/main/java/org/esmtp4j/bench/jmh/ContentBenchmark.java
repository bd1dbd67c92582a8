package org.esmtp4j.bench.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.esmtp4j.LineEndings;
import org.esmtp4j.MessageSource;
import org.esmtp4j.bench.load.BenchContent;
import org.esmtp4j.pure.content.DotStuffer;
import org.esmtp4j.spi.CanonicalContent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The content path every message takes: the facade's canonicaliser ({@link CanonicalContent},
 * bare line ends to CRLF, line-length check) read into a 64 KiB buffer, and that plus the java
 * engine's {@link DotStuffer} into a discarding stream, over the benchmark message
 * ({@link BenchContent}) at 2,000 bytes and at 1 MiB, with CRLF line ends as given and with
 * bare LF line ends to convert. Times are per message: divide the size by them for bytes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContentBenchmark {

    /** Message size in bytes. */
    @Param({"2000", "1048576"})
    public int size;

    /** Line ends in the source: {@code crlf} or {@code lf}. */
    @Param({"crlf", "lf"})
    public String lineEnds;

    private byte[] message;
    private final byte[] buffer = new byte[64 * 1024];
    private final OutputStream discard = OutputStream.nullOutputStream();

    /** Builds the message. */
    @Setup
    public void setUp() {
        byte[] crlf = BenchContent.message(size);
        if (lineEnds.equals("crlf")) {
            message = crlf;
            return;
        }
        byte[] lf = new byte[crlf.length];
        int n = 0;
        for (byte b : crlf) {
            if (b != '\r') {
                lf[n++] = b;
            }
        }
        message = java.util.Arrays.copyOf(lf, n);
    }

    /**
     * @return the canonical size
     * @throws IOException never
     */
    @Benchmark
    public long canonicalise() throws IOException {
        CanonicalContent content = new CanonicalContent(MessageSource.of(message), LineEndings.CANONICALIZE, false, "bench");
        content.rewind();
        while (content.read(buffer, 0, buffer.length) >= 0) {
            // drain
        }
        return content.size();
    }

    /**
     * @return the content bytes stuffed
     * @throws IOException never
     */
    @Benchmark
    public long canonicaliseAndDotStuff() throws IOException {
        CanonicalContent content = new CanonicalContent(MessageSource.of(message), LineEndings.CANONICALIZE, false, "bench");
        DotStuffer stuffer = new DotStuffer(discard);
        content.rewind();
        int n;
        while ((n = content.read(buffer, 0, buffer.length)) >= 0) {
            stuffer.write(buffer, 0, n);
        }
        stuffer.finish();
        return stuffer.contentBytes();
    }
}
