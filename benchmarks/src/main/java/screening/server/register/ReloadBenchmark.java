package screening.server.register;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
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
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Snapshot;

/**
 * One register reload without the I/O: a register file's bytes (ReloadUnderLoad's 1M PIN-scoped
 * blocks) to a live snapshot: header, count and SHA-256 checked, every line read and validated,
 * the index built, the snapshot published to a {@link Screener}. {@code reload} has the version
 * before it loaded (its ids are shared, as the poller does); {@code firstLoad} has none. Not
 * gated: run it with {@code -prof gc} for the bytes allocated per reload.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReloadBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
// two versions of the file and their indexes live side by side, as in the poller
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ReloadBenchmark {

    @Param({"1000000"})
    public int entries;

    private byte[] file;
    private EntryValidator validator;
    private Screener screener;
    private EntryIndex loaded;
    private EntryIndex local;
    private long version;
    private EntryIndex built;

    @Setup(Level.Trial)
    public void writeFile() throws Exception {
        byte[] body = ReloadUnderLoad.body(entries, ReloadUnderLoad.dramaNumbers());
        String sha = RegisterFile.sha256Hex(body, 0, body.length);
        // version 2: above the loaded version 1, so every iteration parses the same bytes
        byte[] header = ("{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":2,"
                + "\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":" + entries + ",\"sha256\":\"" + sha + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        file = new byte[header.length + body.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        validator = new EntryValidator(normaliser);
        screener = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), normaliser, InstantSource.system());
        local = EntryIndex.empty(Entry.LOCAL_SOURCE);
        loaded = RegisterFile.parse(file, "national", 1, validator).index();
        screener.publish(Snapshot.of(++version, List.of(local, loaded)));
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (built.size() != entries || screener.current().index("national") != built) {
            throw new IllegalStateException("the reload did not publish " + entries + " entries");
        }
        built = null;
    }

    /** A new version of a loaded source: the poller's case, ids shared with the loaded index. */
    @Benchmark
    public Snapshot reload() throws RegisterRefusedException {
        return publish(RegisterFile.parse(file, "national", 1, validator, loaded).index());
    }

    /** The source's first load (start-up, or a file whose every id is new). */
    @Benchmark
    public Snapshot firstLoad() throws RegisterRefusedException {
        return publish(RegisterFile.parse(file, "national", 1, validator, null).index());
    }

    private Snapshot publish(EntryIndex index) {
        built = index;
        Snapshot s = Snapshot.of(++version, List.of(local, index));
        screener.publish(s);
        return s;
    }
}
