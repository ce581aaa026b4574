package screening.core;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link DialledNumberNormaliser#normalise}: a cache hit (the per-call case, which must not
 * allocate), a miss that the plain-digit fast path answers, and a miss that needs libphonenumber.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar NormaliseBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormaliseBenchmark {

    /*
     * The misses use a normaliser whose cache holds nothing (size 0), so that every call misses
     * whatever the cache's admission policy would keep from a rotating set; they still rotate over
     * thousands of inputs so that no branch predictor learns one string. The hit rotates over
     * ROTATION mixed formats, all in a default-sized cache after set-up. All numbers are from
     * Ofcom's drama ranges. The JDK caches a String's hash in the String, so the hit does not pay
     * for hashing a fresh string: QueryPathBenchmark does, as a request decodes a new one.
     */
    static final int ROTATION = 1024;
    static final int MISS_ROTATION = 4096;

    private DialledNumberNormaliser cached;
    private DialledNumberNormaliser uncached;
    private final String[] hits = new String[ROTATION];
    private final String[] plainMisses = new String[MISS_ROTATION];
    private final String[] formattedMisses = new String[MISS_ROTATION];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        cached = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        uncached = new DialledNumberNormaliser(NumberingPlan.DEFAULT, 0);
        String[] hitFormats = {"+447700900%03d", "07700 900%03d", "+44 (0)7700 900%03d", "0044 7700-900-%03d"};
        for (int i = 0; i < ROTATION; i++) {
            hits[i] = String.format(hitFormats[i & 3], i % 1000);
        }
        String[] plainFormats = {"+447700900%03d", "07700900%03d", "+441134960%03d", "01134960%03d"};
        String[] formattedFormats = {"+44 (0)7700 900%03d", "+44 (0)113 496 0%03d", "+44 (0)20 7946 0%03d",
                "+44 (0)1632 960%03d"};
        for (int i = 0; i < MISS_ROTATION; i++) {
            plainMisses[i] = String.format(plainFormats[i / 1000 % 4], i % 1000);
            formattedMisses[i] = String.format(formattedFormats[i / 1000 % 4], i % 1000);
        }
        for (int round = 0; round < 3; round++) {
            for (String s : hits) {
                expectValid(cached, s);
            }
        }
        for (int i = 0; i < MISS_ROTATION; i++) {
            expectValid(uncached, plainMisses[i]);
            expectValid(uncached, formattedMisses[i]);
        }
    }

    private static void expectValid(DialledNumberNormaliser normaliser, String dialled) {
        if (normaliser.normalise(dialled) == CanonicalNumber.INVALID) {
            // drama numbers only, so naming the format is safe; still, no digits in the message
            throw new IllegalStateException("a benchmark input does not normalise: " + dialled.replaceAll("[0-9]", "d"));
        }
    }

    /** A dialled string the cache holds: the per-call case. */
    @Benchmark
    public long cacheHit() {
        return cached.normalise(hits[next++ & (ROTATION - 1)]);
    }

    /** Plain digits ({@code +44...}, {@code 07700...}) the cache does not hold: the fast path. */
    @Benchmark
    public long cacheMissFastPath() {
        return uncached.normalise(plainMisses[next++ & (MISS_ROTATION - 1)]);
    }

    /** A formatted string ({@code +44 (0)7700 900123}) the cache does not hold: libphonenumber. */
    @Benchmark
    public long cacheMissLibphonenumber() {
        return uncached.normalise(formattedMisses[next++ & (MISS_ROTATION - 1)]);
    }
}
