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

/**
 * One decision ({@link Screener#screen} of a dialled string the normaliser has cached) against
 * snapshots of 10k, 1M and 10M EXACT entries, and, in the same run, the yardstick: one probe of
 * a {@link BaselineLongHashSet} holding the same keys. The CI guard compares the two at 1M.
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
    private final String[] prefixHit = new String[ROTATION];
    private final String[] allowPin = new String[ROTATION];
    private final String[] allowNumber = new String[ROTATION];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
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

        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ROTATION; i++) {
            exactHitKey[i] = blockKeys[random.nextInt(blockKeys.length)];
            exactHit[i] = SyntheticSnapshot.e164(exactHitKey[i]);
            miss[i] = SyntheticSnapshot.missNumber(i % 1000);
            missKey[i] = CanonicalNumber.parse(miss[i]);
            prefixHit[i] = SyntheticSnapshot.prefixNumber(i % 100);
            allowPin[i] = SyntheticSnapshot.allowPin(i);
            allowNumber[i] = SyntheticSnapshot.allowNumber(i);
        }
        // warms the normalisers' caches and proves each input takes the path its benchmark names
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ROTATION; i++) {
                expect("decideExactHit", blocklist, SyntheticSnapshot.PLAIN_PIN, exactHit[i], Reason.BLOCKED);
                expect("decideMiss", blocklist, SyntheticSnapshot.PLAIN_PIN, miss[i], Reason.NOT_BLOCKED);
                expect("decidePrefixHit", blocklist, SyntheticSnapshot.PLAIN_PIN, prefixHit[i], Reason.BLOCKED);
                expect("decidePinAllowHit", allowlist, allowPin[i], allowNumber[i], Reason.APPROVED);
                if (!baseline.contains(exactHitKey[i]) || baseline.contains(missKey[i])) {
                    throw new IllegalStateException("baseline set does not hold what the snapshot holds");
                }
            }
        }
    }

    private void expect(String benchmark, Screener screener, String pin, String dialled, Reason reason) {
        screener.screen(pin, SyntheticSnapshot.ESTABLISHMENT, dialled, verdict);
        if (verdict.reason() != reason) {
            throw new IllegalStateException(benchmark + ": expected " + reason + " for "
                    + CanonicalNumber.mask(CanonicalNumber.parse(dialled)) + ", got " + verdict);
        }
    }

    /** A NATIONAL EXACT BLOCK: DENY BLOCKED. */
    @Benchmark
    public Verdict decideExactHit() {
        blocklist.screen(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, exactHit[next++ & MASK], verdict);
        return verdict;
    }

    /** No entry covers the number (the common call): ALLOW NOT_BLOCKED. */
    @Benchmark
    public Verdict decideMiss() {
        blocklist.screen(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, miss[next++ & MASK], verdict);
        return verdict;
    }

    /** A PREFIX BLOCK covers the number: DENY BLOCKED. */
    @Benchmark
    public Verdict decidePrefixHit() {
        blocklist.screen(SyntheticSnapshot.PLAIN_PIN, SyntheticSnapshot.ESTABLISHMENT, prefixHit[next++ & MASK], verdict);
        return verdict;
    }

    /** Allowlist mode, no BLOCK, the PIN's own ALLOW: ALLOW APPROVED. */
    @Benchmark
    public Verdict decidePinAllowHit() {
        int i = next++ & MASK;
        allowlist.screen(allowPin[i], SyntheticSnapshot.ESTABLISHMENT, allowNumber[i], verdict);
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
