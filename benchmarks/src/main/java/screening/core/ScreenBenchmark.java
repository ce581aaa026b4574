package screening.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The decision ({@link Screener#decide} on a number already normalised) against snapshots of
 * 10k, 1M and 10M EXACT entries; in the same run, the yardstick: one probe of a
 * {@link BaselineLongHashSet} holding the same keys; and the string path ({@link Screener#screen}
 * of a dialled string the normaliser has cached: normalise + decide). The CI guard compares
 * decide* with probe* at 1M; screen* it prints for information (normalising is measured on its
 * own by NormaliseBenchmark, and the whole per-call path by QueryPathBenchmark).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScreenBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// 10M boxed placeholder entries need several GB; -Xmx is a ceiling, the smaller sizes never reach it
@Fork(value = 1, jvmArgsAppend = "-Xmx12g")
public class ScreenBenchmark {

    /*
     * Each call takes the next of ROTATION precomputed inputs, so that the CPU cannot learn one
     * answer and the lookup touches more than one cache line of the index; the baseline walks the
     * same keys in the same order, so the ratio compares like with like. Every input is checked in
     * set-up to give the decision its benchmark is named after: a benchmark that silently
     * measured another path would be worse than none.
     *
     * Nothing can be folded or hoisted: the input index is a field that changes every call, the
     * snapshot is a volatile read, and the answer is stored into a Verdict that is a field of the
     * state (so its stores are side effects the JIT must keep) and returned to JMH's blackhole.
     */
    static final int ROTATION = 1024;
    private static final int MASK = ROTATION - 1;
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** EXACT entries in the snapshot, all sources together. */
    @Param({"10000", "1000000", "10000000"})
    public int size;

    private Screener blocklist;
    private Screener allowlist;
    private BaselineLongHashSet baseline;
    private final Verdict verdict = new Verdict();

    private final String[] exactHit = new String[ROTATION];
    private final long[] exactHitKey = new long[ROTATION];
    private final String[] miss = new String[ROTATION];
    private final long[] missKey = new long[ROTATION];
    private final long[] prefixHitKey = new long[ROTATION];
    private final String[] allowPin = new String[ROTATION];
    private final long[] allowNumberKey = new long[ROTATION];
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        if (size <= SyntheticSnapshot.PIN_ALLOWS) {
            throw new IllegalArgumentException("size must exceed " + SyntheticSnapshot.PIN_ALLOWS + ", got " + size);
        }
        long[] blockKeys = SyntheticSnapshot.syntheticKeys(size - SyntheticSnapshot.PIN_ALLOWS, 42);
        Snapshot snapshot = SyntheticSnapshot.decisionSnapshot(blockKeys);
        InstantSource clock = InstantSource.fixed(NOW);
        blocklist = new Screener(ScreeningPolicy.DEFAULT, new DialledNumberNormaliser(NumberingPlan.DEFAULT), clock);
        allowlist = new Screener(new ScreeningPolicy(screening.core.Mode.ALLOWLIST, true),
                new DialledNumberNormaliser(NumberingPlan.DEFAULT), clock);
        blocklist.publish(snapshot);
        allowlist.publish(snapshot);

        baseline = new BaselineLongHashSet(size);
        for (long key : blockKeys) {
            baseline.add(key);
        }
        for (int i = 0; i < SyntheticSnapshot.PIN_ALLOWS; i++) {
            baseline.add(CanonicalNumber.parse(SyntheticSnapshot.allowNumber(i)));
        }

        // the keys come from the normaliser, as the server's would; it must agree with the canonical form
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ROTATION; i++) {
            long block = blockKeys[random.nextInt(blockKeys.length)];
            exactHit[i] = SyntheticSnapshot.e164(block);
            exactHitKey[i] = normalised(normaliser, exactHit[i], block);
            miss[i] = SyntheticSnapshot.missNumber(i % 1000);
            missKey[i] = normalised(normaliser, miss[i], CanonicalNumber.parse(miss[i]));
            String prefixHit = SyntheticSnapshot.prefixNumber(i % 100);
            prefixHitKey[i] = normalised(normaliser, prefixHit, CanonicalNumber.parse(prefixHit));
            allowPin[i] = SyntheticSnapshot.allowPin(i);
            String allowNumber = SyntheticSnapshot.allowNumber(i);
            allowNumberKey[i] = normalised(normaliser, allowNumber, CanonicalNumber.parse(allowNumber));
        }
        // Proves each input of the benchmark about to run takes the path it is named after, and
        // warms the screen* normaliser's cache. Only that benchmark's own calls: checking every
        // kind here taught the JIT a profile of all four decisions under both policies, so the
        // measured method was compiled for a mix no caller has (a server runs one policy; a fork
        // here runs one benchmark), and its time moved with when C2 happened to compile it.
        String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ROTATION; i++) {
                check(benchmark, i);
            }
        }
    }

    private void check(String benchmark, int i) {
        switch (benchmark) {
            case "decideExactHit" -> expect(benchmark, blocklist, SyntheticSnapshot.PLAIN_PIN, exactHitKey[i], Reason.BLOCKED);
            case "decideMiss" -> expect(benchmark, blocklist, SyntheticSnapshot.PLAIN_PIN, missKey[i], Reason.NOT_BLOCKED);
            case "decidePrefixHit" -> expect(benchmark, blocklist, SyntheticSnapshot.PLAIN_PIN, prefixHitKey[i], Reason.BLOCKED);
            case "decidePinAllowHit" -> expect(benchmark, allowlist, allowPin[i], allowNumberKey[i], Reason.APPROVED);
            case "screenExactHit" -> expectScreen(benchmark, exactHit[i], exactHitKey[i], Reason.BLOCKED);
            case "screenMiss" -> expectScreen(benchmark, miss[i], missKey[i], Reason.NOT_BLOCKED);
            case "probeHit", "probeMiss" -> {
                if (!baseline.contains(exactHitKey[i]) || baseline.contains(missKey[i])) {
                    throw new IllegalStateException("baseline set does not hold what the snapshot holds");
                }
            }
            default -> throw new IllegalStateException("set-up has no check for benchmark " + benchmark);
        }
    }

    private static long normalised(DialledNumberNormaliser normaliser, String dialled, long expected) {
        long key = normaliser.normalise(dialled);
        if (key != expected || key == CanonicalNumber.INVALID) {
            throw new IllegalStateException("the normaliser gives " + CanonicalNumber.mask(key) + " for a number whose key is "
                    + CanonicalNumber.mask(expected));
        }
        return key;
    }

    private void expect(String benchmark, Screener screener, String pin, long key, Reason reason) {
        screener.decide(pin, SyntheticSnapshot.ESTABLISHMENT, key, verdict);
        if (verdict.reason() != reason) {
            throw new IllegalStateException(benchmark + ": expected " + reason + " for "
                    + CanonicalNumber.mask(key) + ", got " + verdict);
        }
    }

    private void expectScreen(String benchmark, String dialled, long key, Reason reason) {
        blocklist.screen(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, dialled, verdict);
        if (verdict.reason() != reason || verdict.number() != key) {
            throw new IllegalStateException(benchmark + ": expected " + reason + " for "
                    + CanonicalNumber.mask(key) + ", got " + verdict);
        }
    }

    /** A NATIONAL EXACT BLOCK: DENY BLOCKED. */
    @Benchmark
    public Verdict decideExactHit() {
        blocklist.decide(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, exactHitKey[next++ & MASK], verdict);
        return verdict;
    }

    /** No entry covers the number (the common call): ALLOW NOT_BLOCKED. */
    @Benchmark
    public Verdict decideMiss() {
        blocklist.decide(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, missKey[next++ & MASK], verdict);
        return verdict;
    }

    /** A PREFIX BLOCK covers the number: DENY BLOCKED. */
    @Benchmark
    public Verdict decidePrefixHit() {
        blocklist.decide(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, prefixHitKey[next++ & MASK], verdict);
        return verdict;
    }

    /** Allowlist mode, no BLOCK, the PIN's own ALLOW: ALLOW APPROVED. */
    @Benchmark
    public Verdict decidePinAllowHit() {
        int i = next++ & MASK;
        allowlist.decide(allowPin[i], SyntheticSnapshot.ESTABLISHMENT, allowNumberKey[i], verdict);
        return verdict;
    }

    /** {@link #decideExactHit} from the dialled string (a normaliser cache hit), as the server calls it. */
    @Benchmark
    public Verdict screenExactHit() {
        blocklist.screen(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, exactHit[next++ & MASK], verdict);
        return verdict;
    }

    /** {@link #decideMiss} from the dialled string (a normaliser cache hit), as the server calls it. */
    @Benchmark
    public Verdict screenMiss() {
        blocklist.screen(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, miss[next++ & MASK], verdict);
        return verdict;
    }

    /** The yardstick for {@link #decideExactHit}: one probe that finds its key. */
    @Benchmark
    public boolean probeHit() {
        return baseline.contains(exactHitKey[next++ & MASK]);
    }

    /** The yardstick for {@link #decideMiss}: one probe that misses. */
    @Benchmark
    public boolean probeMiss() {
        return baseline.contains(missKey[next++ & MASK]);
    }
}
