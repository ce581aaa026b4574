package screening.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import screening.core.DialledNumberNormaliser;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.SyntheticSnapshot;

/**
 * The whole per-call path without the network: the bytes of one pipelined
 * {@code GET /v1/screen} request in, through the query port's pipeline on an
 * {@link EmbeddedChannel} (HTTP decode, normalise from the cache, decide, JSON, HTTP encode), the
 * response bytes out. Goal: at most 1 us per call.
 *
 * <p>The pipeline is the query port's own, from {@link QueryPathUnderTest}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryPathBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// a long warm-up: C2 takes many seconds to finish compiling this path (Netty's pipeline, the
// decoder, the handler), and a shorter one measures a half-compiled path (docs/performance.md)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = "-Xmx12g")
public class QueryPathBenchmark {

    static final int ROTATION = 1024;
    private static final int MASK = ROTATION - 1;

    /** EXACT entries in the snapshot. */
    @Param({"1000000"})
    public int size;

    private QueryPathUnderTest path;
    private EmbeddedChannel channel;
    private final ByteBuf[] allowed = new ByteBuf[ROTATION];
    private final ByteBuf[] blocked = new ByteBuf[ROTATION];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        long[] blockKeys = SyntheticSnapshot.syntheticKeys(size - SyntheticSnapshot.PIN_ALLOWS, 42);
        Screener screener = new Screener(ScreeningPolicy.DEFAULT, new DialledNumberNormaliser(NumberingPlan.DEFAULT),
                InstantSource.fixed(Instant.parse("2026-11-28T12:00:00Z")));
        screener.publish(SyntheticSnapshot.decisionSnapshot(blockKeys));
        path = QueryPathUnderTest.open(screener, SyntheticSnapshot.ESTABLISHMENT);
        channel = path.channel;
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ROTATION; i++) {
            // as a switch would send it: national format, URL-encoded
            allowed[i] = request(SyntheticSnapshot.missNumber(i % 1000).replace("+44", "0"));
            blocked[i] = request(SyntheticSnapshot.e164(blockKeys[random.nextInt(blockKeys.length)]).replace("+", "%2B"));
        }
        // warms the normaliser's cache and proves each request gets the answer it is named after
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ROTATION; i++) {
                expect(allowed[i], "\"decision\":\"ALLOW\"");
                expect(blocked[i], "\"decision\":\"DENY\",\"reason\":\"BLOCKED\"");
            }
        }
    }

    private static ByteBuf request(String number) {
        String http = "GET /v1/screen?pin=" + SyntheticSnapshot.PLAIN_PIN + "&number=" + number + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8700\r\n\r\n";
        return Unpooled.copiedBuffer(http, StandardCharsets.US_ASCII);
    }

    private void expect(ByteBuf request, String decision) {
        request.readerIndex(0).retain();
        channel.writeInbound(request);
        StringBuilder response = new StringBuilder();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            response.append(((ByteBuf) out).toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.release(out);
        }
        if (!response.toString().startsWith("HTTP/1.1 200 ") || !response.toString().contains(decision)) {
            throw new IllegalStateException("expected 200 and " + decision + ", got: "
                    + response.toString().replaceAll("[0-9]{6,}", "<number>"));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        path.close();
    }

    /** An allowed number (the common call): ALLOW NOT_BLOCKED. */
    @Benchmark
    public int allowed() {
        return roundTrip(allowed[next++ & MASK]);
    }

    /** A NATIONAL EXACT BLOCK: DENY BLOCKED. */
    @Benchmark
    public int blocked() {
        return roundTrip(blocked[next++ & MASK]);
    }

    private int roundTrip(ByteBuf request) {
        // reused: the decoder releases what it reads, the retain pays for that
        request.readerIndex(0).retain();
        channel.writeInbound(request);
        int bytes = 0;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            bytes += ((ByteBuf) out).readableBytes();
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }
}
