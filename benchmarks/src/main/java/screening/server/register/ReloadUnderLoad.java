package screening.server.register;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import screening.bench.ToolArguments;
import screening.core.Decision;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Reason;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Verdict;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.metrics.ScreeningMetrics;

/**
 * Reload under load: a client screens calls at a fixed rate while a 1,000,000-entry
 * {@code file:} register source is replaced every second and polled every second by the real
 * {@link RegisterSources} (read, SHA-256, parse, validate, index, last good copy with fsync,
 * publish). Compares the client's latency with and without reloads. Every answer is checked;
 * a wrong or UNAVAILABLE answer or an exception is a failure.
 *
 * <p>Latency is measured from each query's intended start on a fixed schedule (HdrHistogram's
 * advice against coordinated omission): a query held up by a pause counts the whole wait.
 *
 * <p>Entries: there are only 4,000 numbers in Ofcom's UK drama ranges, and no million fictional
 * numbers anywhere, so the million entries are those 4,000 numbers each blocked for 250 PINs
 * (scope PIN). Queries pick a drama number and one of 500 PINs: half are blocked.
 *
 * <pre>
 * java -Xmx6g -cp benchmarks/target/benchmarks.jar screening.server.register.ReloadUnderLoad \
 *     [--entries 1000000] [--seconds 30] [--rate 2000] [--warmup 10] [--reloads 1]
 * </pre>
 *
 * <p>{@code --reloads N} times N single reloads (pollNow) before the client starts: wall time, the
 * poller thread's CPU time and allocation, and the collections during each.
 */
public final class ReloadUnderLoad {

    private static final int PINS_BLOCKED = 250;

    /** The command line. */
    @Command(name = "ReloadUnderLoad", sortOptions = false, usageHelpAutoWidth = true,
            description = "Screens at a fixed rate while a file: register source is replaced and reloaded every second.")
    static final class Arguments {
        @Option(names = "--entries", paramLabel = "N", defaultValue = "1000000",
                description = "entries in the register file (default: ${DEFAULT-VALUE})")
        int entries;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
                description = "length of each measured phase, in seconds (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--rate", paramLabel = "N", defaultValue = "2000",
                description = "queries per second (default: ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--warmup", paramLabel = "S", defaultValue = "10",
                description = "JIT warm-up before the phases, in seconds (default: ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--reloads", paramLabel = "N", defaultValue = "1",
                description = "single reloads timed before the client starts (default: ${DEFAULT-VALUE})")
        int reloads;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
        boolean help;
    }

    private ReloadUnderLoad() {
    }

    public static void main(String[] args) throws Exception {
        Arguments a = ToolArguments.parseOrExit(new Arguments(), args);
        int entries = a.entries;
        int seconds = a.seconds;
        int rate = a.rate;
        int warmup = a.warmup;
        int reloads = a.reloads;
        PrintStream out = System.out;

        String[] drama = dramaNumbers();
        Path work = Files.createTempDirectory("reload-under-load");
        Path register = work.resolve("national.ndjson");
        byte[] body = body(entries, drama);
        String sha = RegisterFile.sha256Hex(body, 0, body.length);
        writeVersion(register, work, 1, body, sha, entries);
        out.printf("register: %d entries, %.1f MB, in %s%n", entries, body.length / 1e6, work);

        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        EntryValidator validator = new EntryValidator(normaliser);
        Screener screener = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), normaliser, InstantSource.system());
        SnapshotPublisher publisher = new SnapshotPublisher(screener, List.of(Entry.LOCAL_SOURCE, "national"));
        List<Long> publishNanos = new CopyOnWriteArrayList<>();
        publisher.addListener(s -> publishNanos.add(System.nanoTime()));
        publisher.update(EntryIndex.empty(Entry.LOCAL_SOURCE), 0).join();
        ScreeningMetrics metrics = new ScreeningMetrics();
        Path dataDir = work.resolve("data");
        Files.createDirectories(dataDir);
        RegisterSources sources = new RegisterSources(new ScreeningConfig.Register(List.of(
                new ScreeningConfig.Source("national", register.toUri(), Duration.ofSeconds(1))), 100),
                dataDir, validator, publisher, AuditLog.open(dataDir, metrics), metrics);

        long t = System.nanoTime();
        sources.loadAtStart();
        out.printf("first load: %.2f s, status %s%n", (System.nanoTime() - t) / 1e9, sources.status().get(0));
        Thread poller = thread("register-poller-national");
        long v = 1;
        for (int r = 0; r < reloads; r++) {
            writeVersion(register, work, ++v, body, sha, entries);
            long[] c0 = cpuAndAlloc(poller);
            long[] g0 = gc();
            t = System.nanoTime();
            sources.pollNow(false);
            long wall = System.nanoTime() - t;
            long[] c1 = cpuAndAlloc(poller);
            long[] g1 = gc();
            out.printf("reload %d (pollNow): %.2f s wall, %.2f s CPU of the poller thread, %.0f MB allocated by it,"
                    + " GC %d collections %d ms; load average %.2f; status %s%n", r + 1, wall / 1e9,
                    (c1[0] - c0[0]) / 1e9, (c1[1] - c0[1]) / 1e6, g1[0] - g0[0], g1[1] - g0[1],
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    sources.status().get(0));
        }
        final long firstVersion = v;

        Client client = new Client(screener, drama, rate, entries / drama.length);
        client.run(warmup); // JIT warm-up, discarded
        long[] gc0 = gc();
        Result quiet = client.run(seconds);
        long[] gc1 = gc();

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong version = new AtomicLong(firstVersion);
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    writeVersion(register, work, version.incrementAndGet(), body, sha, entries);
                    Thread.sleep(1000);
                } catch (IOException | InterruptedException ex) {
                    return;
                }
            }
        }, "register-writer");
        int publishedBefore = publishNanos.size();
        writer.start();
        sources.start();
        long[] p0 = cpuAndAlloc(poller);
        long phaseStart = System.nanoTime();
        Result loaded = client.run(seconds);
        long phaseEnd = System.nanoTime();
        long[] gc2 = gc();
        long[] p1 = cpuAndAlloc(poller);
        writing.set(false);
        writer.interrupt();
        writer.join();
        sources.close();
        publisher.close();

        List<Long> during = new ArrayList<>();
        for (Long p : publishNanos.subList(publishedBefore, publishNanos.size())) {
            if (p >= phaseStart && p <= phaseEnd) {
                during.add(p);
            }
        }
        during.sort(Comparator.naturalOrder());
        out.printf("reloads published during the %d s: %d (files written: %d); status at end %s%n", seconds,
                during.size(), version.get() - firstVersion, sources.status().get(0));
        out.printf("poller thread during the %d s: %.1f s CPU, %.0f MB allocated%n", seconds, (p1[0] - p0[0]) / 1e9,
                (p1[1] - p0[1]) / 1e6);
        if (during.size() > 1) {
            out.printf("mean time between swaps: %.2f s%n",
                    (during.get(during.size() - 1) - during.get(0)) / 1e9 / (during.size() - 1));
        }
        out.printf("GC without reloads: %d collections, %d ms; with reloads: %d collections, %d ms%n",
                gc1[0] - gc0[0], gc1[1] - gc0[1], gc2[0] - gc1[0], gc2[1] - gc1[1]);
        out.printf("%n| phase | queries | failures | p50 (us) | p99 (us) | p99.9 (us) | max (us) |%n");
        out.printf("|---|---|---|---|---|---|---|%n");
        quiet.print(out, "no reloads");
        loaded.print(out, "reload every 1 s");
        deleteTree(work);
        if (quiet.failures + loaded.failures > 0) {
            System.exit(1);
        }
    }

    /** The result of one client phase. */
    private record Result(Histogram h, long failures) {
        void print(PrintStream out, String phase) {
            out.printf("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", phase, h.getTotalCount(), failures,
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }

    /** One thread screening at a fixed rate, latency from the intended start. */
    private static final class Client {
        private final Screener screener;
        private final String[] drama;
        private final long intervalNanos;
        private final Verdict verdict = new Verdict();
        private final String[] pins = new String[2 * PINS_BLOCKED];
        private long seed = 42;

        private final int blockedPins;

        Client(Screener screener, String[] drama, int rate, int blockedPins) {
            this.blockedPins = blockedPins;
            this.screener = screener;
            this.drama = drama;
            for (int i = 0; i < pins.length; i++) {
                pins[i] = "P" + i;
            }
            this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        }

        Result run(int seconds) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long failures = 0;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long intended = start;
            while (intended < end) {
                while (System.nanoTime() < intended) {
                    Thread.onSpinWait();
                }
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                int r = (int) (seed >>> 33);
                int n = r % drama.length;
                int pin = (r >>> 12) % (2 * PINS_BLOCKED);
                String pinText = pins[pin];
                try {
                    screener.screen(pinText, "HULL", drama[n], verdict);
                    boolean blocked = verdict.decision() == Decision.DENY && verdict.reason() == Reason.BLOCKED;
                    boolean allowed = verdict.decision() == Decision.ALLOW && verdict.reason() == Reason.NOT_BLOCKED;
                    if (pin < blockedPins ? !blocked : !allowed) {
                        failures++;
                    }
                } catch (RuntimeException ex) {
                    failures++;
                }
                h.recordValue(Math.min(System.nanoTime() - intended, h.getHighestTrackableValue()));
                intended += intervalNanos;
            }
            return new Result(h, failures);
        }
    }

    static String[] dramaNumbers() {
        String[] prefixes = {"+447700900", "+44113496", "+44207946", "+441632960"};
        String[] out = new String[4000];
        int i = 0;
        for (String p : prefixes) {
            int width = p.length() == 10 ? 3 : 4;
            for (int k = 0; k < 1000; k++) {
                out[i++] = p + (width == 3 ? String.format("%03d", k) : String.format("0%03d", k));
            }
        }
        return out;
    }

    static byte[] body(int entries, String[] drama) {
        StringBuilder sb = new StringBuilder(entries * 140);
        for (int k = 0; k < entries; k++) {
            sb.append("{\"id\":\"R-").append(k).append("\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"")
                    .append(drama[k % drama.length]).append("\",\"scope\":\"PIN\",\"pin\":\"P")
                    .append(k / drama.length).append("\",\"reason\":\"VICTIM_REQUEST\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void writeVersion(Path register, Path work, long version, byte[] body, String sha, int entries)
            throws IOException {
        String header = "{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":" + version
                + ",\"generated\":\"" + Instant.now() + "\",\"entries\":" + entries + ",\"sha256\":\"" + sha + "\"}\n";
        Path tmp = work.resolve("national.ndjson.tmp");
        try (var os = Files.newOutputStream(tmp)) {
            os.write(header.getBytes(StandardCharsets.UTF_8));
            os.write(body);
        }
        Files.move(tmp, register, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The thread named {@code name}. */
    private static Thread thread(String name) {
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals(name)) {
                return th;
            }
        }
        throw new IllegalStateException("no thread " + name);
    }

    /** CPU nanoseconds and allocated bytes of {@code th} so far. */
    private static long[] cpuAndAlloc(Thread th) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        return new long[] {mx.getThreadCpuTime(th.getId()), mx.getThreadAllocatedBytes(th.getId())};
    }

    private static long[] gc() {
        long n = 0;
        long ms = 0;
        for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
