package screening.core;

import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long building a snapshot of 1M and 10M NATIONAL EXACT entries takes: validating and
 * normalising every entry, indexing them and wrapping the index in a {@link Snapshot}, as a
 * register reload does off the query path. The entries themselves exist before the clock starts.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SnapshotBuildBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
// the entries (about 200 B each as records and strings) and the index being built sit side by side
@Fork(value = 1, jvmArgsAppend = "-Xmx12g")
public class SnapshotBuildBenchmark {

    @Param({"1000000", "10000000"})
    public int size;

    private List<Entry> entries;
    private EntryValidator validator;
    private Snapshot built;

    @Setup(Level.Trial)
    public void makeEntries() {
        entries = SyntheticSnapshot.nationalBlocks(SyntheticSnapshot.syntheticKeys(size, 42));
    }

    /** A fresh normaliser each time, so that no build starts with the last one's cache. */
    @Setup(Level.Iteration)
    public void freshValidator() {
        validator = SyntheticSnapshot.freshValidator();
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (built.indexes().get(0).size() != size) {
            throw new IllegalStateException("built " + built.indexes().get(0).size() + " entries, expected " + size);
        }
        built = null; // let the next iteration's build have the heap
    }

    @Benchmark
    public Snapshot build() {
        EntryIndex.Builder builder = EntryIndex.builder("national", validator);
        for (Entry e : entries) {
            builder.add(e);
        }
        built = Snapshot.of(1, List.of(builder.build()));
        return built;
    }
}
