package screening.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.HashSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import screening.bench.ToolArguments;

/**
 * Measures (not estimates) the heap an {@link EntryIndex} of N EXACT entries takes, against a
 * {@code HashSet<Long>} of the same keys, in one run. Run with
 * {@code java -Xmx12g -cp benchmarks/target/benchmarks.jar screening.core.SnapshotMemory [N ...]}
 * (default N: 1,000,000 and 10,000,000).
 *
 * <p>Heap is read from {@link MemoryMXBean} after several {@code System.gc()} calls, each figure
 * as the difference from a baseline taken the same way, so it counts everything reachable from
 * what is held: array headers, padding, the load factor's empty slots.
 *
 * <p>Main thread only; allocates gigabytes; not a test.
 */
public final class SnapshotMemory {

    /*
     * The numbers are SYNTHETIC: +44 7700 0000000 upward, consecutive, only so that 10 million
     * distinct E.164 keys exist (Ofcom's drama ranges hold a few thousand). They are generated in
     * memory, never printed and never written to a log or file. They are plain "+" digits, the
     * normaliser's fast path, so the build is not dominated by libphonenumber.
     *
     * Entries are NATIONAL BLOCK EXACT with no window, one per key: the shape of a national
     * register, and the index's fast path. Their reason, reference and source strings are shared
     * constants (as a parser that interns them would do); each id and number is its own String.
     */

    private static final long SYNTHETIC_BASE = 447_700_000_000L; // +447700000000, synthetic
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static Object held;

    /** The command line. */
    @Command(name = "SnapshotMemory", usageHelpAutoWidth = true,
            description = "Measures the heap an EntryIndex of N EXACT entries takes, against a HashSet<Long>.")
    static final class Arguments {
        @Parameters(paramLabel = "N", arity = "0..*", description = "index sizes (default: 1000000 10000000)")
        int[] sizes = {1_000_000, 10_000_000};

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
        boolean help;
    }

    private SnapshotMemory() {
    }

    public static void main(String[] args) {
        int[] sizes = ToolArguments.parseOrExit(new Arguments(), args).sizes;
        System.out.printf("java %s, %s, max heap %d MiB%n", System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getVmName(), Runtime.getRuntime().maxMemory() >> 20);
        for (int n : sizes) {
            measure(n);
        }
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void measure(int n) {
        held = null;
        final long base = usedAfterGc();

        Entry[] entries = new Entry[n];
        for (int i = 0; i < n; i++) {
            entries[i] = new Entry("SYN-" + i, Action.BLOCK, MatchType.EXACT, "+" + (SYNTHETIC_BASE + i),
                    Scope.NATIONAL, null, null, null, null, "VICTIM_REQUEST", "SYNTHETIC", null,
                    "national", "system", null);
        }
        held = entries;
        final long entryObjects = usedAfterGc() - base - (16 + 4L * n); // without the holding array

        long t0 = System.nanoTime();
        EntryIndex.Builder b = EntryIndex.builder("national", new EntryValidator(
                new DialledNumberNormaliser(NumberingPlan.DEFAULT)));
        for (Entry e : entries) {
            b.add(e);
        }
        long t1 = System.nanoTime();
        EntryIndex index = b.build();
        long t2 = System.nanoTime();
        b = null;
        entries = null;
        held = index;
        final long whole = usedAfterGc() - base;

        long lookupComputed = index.lookupFootprintBytes();
        held = index.lookupTables();
        index = null;
        final long lookup = usedAfterGc() - base;

        held = null;
        usedAfterGc();
        HashSet<Long> set = new HashSet<>();
        for (int i = 0; i < n; i++) {
            set.add(SYNTHETIC_BASE + i);
        }
        held = set;
        final long hashSet = usedAfterGc() - base;
        Reference.reachabilityFence(set);
        held = null;

        System.out.printf("%n%,d NATIONAL BLOCK EXACT entries (add, validate, normalise: %,d ms; build(): %,d ms;"
                + " one run on a shared machine, indicative only)%n", n, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        row("lookup index alone (measured)", lookup, n);
        row("lookup index alone (array lengths)", lookupComputed, n);
        row("whole EntryIndex with Entry objects", whole, n);
        row("  of which Entry objects and their strings", entryObjects, n);
        row("  of which Entry[] + id table + lookup", whole - entryObjects, n);
        row("HashSet<Long> of the same keys", hashSet, n);
    }

    private static void row(String what, long bytes, int n) {
        System.out.printf("  %-44s %,15d bytes  %7.2f B/entry%n", what, bytes, (double) bytes / n);
    }
}
