package screening.server.register;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import screening.bench.DurationConverter;
import screening.bench.ToolArguments;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;

/**
 * The national roll-out, simulated in one JVM: {@code --prisons} x {@code --nodes} pollers, each
 * the filter's own {@link SourceFetcher} (HTTP, {@code If-None-Match} with the last {@code ETag})
 * on a thread of its own at the poll interval, each starting at a random point of it, against a
 * static web server (run.sh: nginx, one worker) that serves the directory {@code --root}, where
 * this tool writes the register with {@link RegisterFileWriter}. It measures:
 * <ol>
 *   <li>the first fetch: the time until every poller holds version 1;</li>
 *   <li>the steady state: bytes the server sends per poll interval when nothing changes;</li>
 *   <li>a new version published (written beside, then renamed over the file): the time until
 *       every poller holds it (each poller's delay: p50, p99, max), and the bytes it costs;</li>
 *   <li>the same pollers without {@code If-None-Match}: bytes per poll interval.</li>
 * </ol>
 * Bytes are the server's own count, from its access log ({@code --access-log}), one line per
 * request: {@code STATUS BYTES_SENT} (nginx: {@code log_format rollout '$status $bytes_sent';}).
 *
 * <p>A poller "holds" a version when a fetch returned a body whose header (SPEC section 6) names
 * it and whose line count matches the header's {@code entries}. The rest of a filter's load
 * (SHA-256, parsing, validation, indexing: {@code ReloadUnderLoad} measures it) is not run here:
 * 240 of them would measure this machine's two cores, where each filter has its own.
 *
 * <pre>
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar screening.server.register.RolloutSimulation \
 *     --url http://127.0.0.1:PORT/national.ndjson --root DIR --access-log FILE \
 *     [--prisons 120] [--nodes 2] [--entries 100000] [--poll-interval 30s] [--steady-intervals 1]
 * </pre>
 *
 * <p>Targets {@code 127.0.0.1} only; every wait is bounded. Exit codes: 0 every poller got every
 * version with no fetch error, 1 otherwise, 2 bad usage.
 */
public final class RolloutSimulation {

    /*
     * One platform thread per poller, as in the filter (RegisterPoller: one thread per source), and
     * one HttpClient per poller (the fetcher makes its own), so 240 pollers are 240 keep-alive
     * connections, as 240 filters would be. A poller polls on a fixed schedule (start + phase + k x
     * interval), not after each fetch, so that a slow download does not thin out its polls.
     */

    static final String SOURCE = "national";
    private static final int MAX_POLLERS = 2000;
    private static final long LOG_GRACE_MS = 300;

    /** The command line. */
    @Command(name = "RolloutSimulation", sortOptions = false, usageHelpAutoWidth = true,
            description = "Polls a register on a local web server with many real fetchers; publishes a new "
                    + "version; reports the time until all hold it and the bytes sent with and without 304s.")
    static final class Arguments {
        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "the register as the web server serves it, http://127.0.0.1:PORT/FILE")
        String url;

        @Option(names = "--root", required = true, paramLabel = "DIR",
                description = "the directory the web server serves; the register is written there as FILE")
        Path root;

        @Option(names = "--access-log", required = true, paramLabel = "FILE",
                description = "the web server's access log, one line per request: STATUS BYTES_SENT")
        Path accessLog;

        @Option(names = "--prisons", paramLabel = "N", defaultValue = "120",
                description = "establishments (default: ${DEFAULT-VALUE})")
        int prisons;

        @Option(names = "--nodes", paramLabel = "N", defaultValue = "2",
                description = "filters per establishment (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--entries", paramLabel = "N", defaultValue = "100000",
                description = "entries in the register (default: ${DEFAULT-VALUE})")
        int entries;

        @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "30s",
                converter = DurationConverter.class, description = "each poller's interval (default: ${DEFAULT-VALUE})")
        Duration pollInterval;

        @Option(names = "--steady-intervals", paramLabel = "N", defaultValue = "1",
                description = "poll intervals measured in each steady state (default: ${DEFAULT-VALUE})")
        int steadyIntervals;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
                description = "seed of the pollers' starting points (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
        boolean help;
    }

    /** A version's spread: each poller's delay from the publication to holding it. */
    record Spread(int pollers, int holding, long p50Ms, long p99Ms, long maxMs) {
    }

    private final Arguments a;
    private final URI url;
    private final Path file;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final PrintStream out;
    private final AtomicLong fetchErrors = new AtomicLong();
    private volatile String lastError;

    /**
     * @param requestTimeout each fetch's bound, the body included (the filter's default in {@link #main}); a
     *     version not held by every poller within three intervals and this is a failure
     */
    RolloutSimulation(Arguments a, PrintStream out, Duration requestTimeout) {
        this.a = a;
        this.url = URI.create(a.url);
        this.out = out;
        String path = url.getPath();
        this.file = a.root.resolve(path.substring(path.lastIndexOf('/') + 1));
        this.connectTimeout = RegisterSources.Options.DEFAULTS.connectTimeout();
        this.requestTimeout = requestTimeout;
    }

    public static void main(String[] args) throws Exception {
        Arguments a = ToolArguments.parseOrExit(new Arguments(), args);
        String problem = check(a);
        if (problem != null) {
            System.err.println("RolloutSimulation: " + problem);
            System.exit(2);
        }
        boolean ok = new RolloutSimulation(a, System.out, RegisterSources.Options.DEFAULTS.requestTimeout()).run();
        System.exit(ok ? 0 : 1);
    }

    /** The first problem with the options, or null. */
    static String check(Arguments a) {
        URI u;
        try {
            u = URI.create(a.url);
        } catch (IllegalArgumentException ex) {
            return "--url is not a URL";
        }
        if (!"http".equals(u.getScheme()) || !"127.0.0.1".equals(u.getHost()) || u.getPath() == null
                || u.getPath().length() < 2 || u.getPath().endsWith("/")) {
            return "--url must be http://127.0.0.1:PORT/FILE";
        }
        if (!Files.isDirectory(a.root)) {
            return "--root " + a.root + " is not a directory";
        }
        long pollers = (long) a.prisons * a.nodes;
        if (a.prisons < 1 || a.nodes < 1 || pollers > MAX_POLLERS) {
            return "--prisons and --nodes must be at least 1, and their product at most " + MAX_POLLERS;
        }
        if (a.entries < 1 || a.entries > 10_000_000) {
            return "--entries must be 1 to 10000000";
        }
        if (a.pollInterval.toMillis() < 100 || a.pollInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            return "--poll-interval must be 100ms to 5m";
        }
        if (a.steadyIntervals < 1 || a.steadyIntervals > 20) {
            return "--steady-intervals must be 1 to 20";
        }
        return null;
    }

    /** Runs the four phases and prints the report; true when every poller got every version without error. */
    boolean run() throws IOException, InterruptedException {
        int pollers = a.prisons * a.nodes;
        long intervalNs = a.pollInterval.toNanos();
        List<Entry> entries = entries(a.entries);
        byte[] v1 = RegisterFileWriter.render(SOURCE, 1, now(), entries);
        publish(v1);
        out.printf("register: %,d entries, %,d bytes, at %s; %d pollers (%d prisons x %d), every %,d ms%n",
                entries.size(), v1.length, url, pollers, a.prisons, a.nodes, a.pollInterval.toMillis());

        // 1. the first fetch
        SplittableRandom random = new SplittableRandom(a.seed);
        long mark = logSize();
        long published = System.nanoTime();
        List<Poller> conditional = start(pollers, true, published, intervalNs, random);
        Spread first = await(conditional, 1, published, intervalNs);
        AccessLogTally firstBytes = tally(mark, logSizeAfterGrace());
        if (first.holding < pollers) {
            stop(conditional);
            out.printf("first fetch: %d of %d hold version 1 after %s; %s%n", first.holding, pollers,
                    Duration.ofNanos(System.nanoTime() - published), firstBytes.describe());
            out.printf("fetch errors: %d (last: %s)%n", fetchErrors.get(), lastError);
            return false;
        }
        out.printf("first fetch: all %d hold version 1 after %,d ms (p50 %,d ms, p99 %,d ms); %s%n",
                first.holding, first.maxMs, first.p50Ms, first.p99Ms, firstBytes.describe());

        // 2. steady state, If-None-Match
        mark = logSizeAfterGrace();
        sleepNanos(intervalNs * a.steadyIntervals);
        AccessLogTally steady = tally(mark, logSizeAfterGrace());
        out.printf("steady, If-None-Match: %s over %d intervals%n", steady.describe(), a.steadyIntervals);

        // 3. a new version
        List<Entry> more = new ArrayList<>(entries);
        more.addAll(newEntries(entries.size(), 10));
        byte[] v2 = RegisterFileWriter.render(SOURCE, 2, now(), more);
        mark = logSizeAfterGrace();
        published = System.nanoTime();
        publish(v2);
        Spread second = await(conditional, 2, published, intervalNs);
        AccessLogTally rollout = tally(mark, logSizeAfterGrace());
        out.printf("version 2 (%,d bytes) published: all %d hold it after %,d ms (p50 %,d ms, p99 %,d ms); %s%n",
                v2.length, second.holding, second.maxMs, second.p50Ms, second.p99Ms, rollout.describe());
        stop(conditional);

        // 4. steady state without If-None-Match
        mark = logSizeAfterGrace();
        long startedAt = System.nanoTime();
        List<Poller> unconditional = start(pollers, false, startedAt, intervalNs, random);
        sleepUntil(startedAt + intervalNs * a.steadyIntervals);
        stop(unconditional);
        AccessLogTally blind = tally(mark, logSizeAfterGrace());
        out.printf("steady, no If-None-Match: %s over %d intervals%n", blind.describe(), a.steadyIntervals);

        report(pollers, v2.length, first, second, steady, rollout, blind);
        boolean ok = first.holding == pollers && second.holding == pollers && fetchErrors.get() == 0;
        if (fetchErrors.get() > 0) {
            out.printf("fetch errors: %d (last: %s)%n", fetchErrors.get(), lastError);
        }
        return ok;
    }

    private void report(int pollers, long fileBytes, Spread first, Spread second, AccessLogTally steady,
            AccessLogTally rollout, AccessLogTally blind) {
        // each poller sends one request per interval: the window's edges (the log settling) do not count
        double perIntervalWith = pollers * steady.mean();
        double perIntervalWithout = pollers * blind.mean();
        double intervalsPerDay = Duration.ofDays(1).toNanos() / (double) a.pollInterval.toNanos();
        out.printf("%n| %d pollers, every %,d ms, a %,d-byte register | result |%n", pollers,
                a.pollInterval.toMillis(), fileBytes);
        out.printf("|---|---|%n");
        out.printf("| first fetch: time until all hold version 1 | %,d ms (p50 %,d, p99 %,d) |%n", first.maxMs,
                first.p50Ms, first.p99Ms);
        out.printf("| new version: time until all hold it | %,d ms (p50 %,d, p99 %,d) |%n", second.maxMs,
                second.p50Ms, second.p99Ms);
        out.printf("| new version: bytes sent until all hold it | %s (%d x 200, %d x 304) |%n",
                AccessLogTally.bytes(rollout.bytesSent()), rollout.full(), rollout.notModified());
        out.printf("| no change, with If-None-Match: bytes sent per interval | %s (%s per request) |%n",
                AccessLogTally.bytes(perIntervalWith), AccessLogTally.bytes(steady.mean()));
        out.printf("| no change, without If-None-Match: bytes sent per interval | %s (%s per request) |%n",
                AccessLogTally.bytes(perIntervalWithout), AccessLogTally.bytes(blind.mean()));
        out.printf("| a day with one new version, with If-None-Match | %s |%n",
                AccessLogTally.bytes(perIntervalWith * intervalsPerDay + rollout.bytesSent()));
        out.printf("| a day, without If-None-Match | %s |%n", AccessLogTally.bytes(perIntervalWithout * intervalsPerDay));
    }

    /** Writes the register beside its final name, then renames it over: the server never serves half a file. */
    private void publish(byte[] register) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, register);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<Poller> start(int n, boolean conditional, long startNs, long intervalNs, SplittableRandom random) {
        List<Poller> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Poller p = new Poller(i, SourceFetcher.of(url, connectTimeout, requestTimeout), conditional,
                    startNs + random.nextLong(intervalNs), intervalNs);
            list.add(p);
        }
        for (Poller p : list) {
            p.thread.start();
        }
        return list;
    }

    private static void stop(List<Poller> pollers) throws InterruptedException {
        for (Poller p : pollers) {
            p.running = false;
            LockSupport.unpark(p.thread);
        }
        for (Poller p : pollers) {
            p.thread.join(Duration.ofSeconds(90).toMillis());
        }
    }

    /** Waits until every poller holds {@code version}, or three intervals and the request timeout have passed. */
    private Spread await(List<Poller> pollers, long version, long publishedNs, long intervalNs)
            throws InterruptedException {
        long deadline = publishedNs + 3 * intervalNs + requestTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Poller p : pollers) {
                if (p.held < version) {
                    all = false;
                    break;
                }
            }
            if (all) {
                break;
            }
            Thread.sleep(5);
        }
        long[] delays = new long[pollers.size()];
        int holding = 0;
        for (Poller p : pollers) {
            if (p.held >= version) {
                delays[holding++] = Math.max(0, p.heldAtNs[(int) version] - publishedNs);
            }
        }
        long[] d = Arrays.copyOf(delays, holding);
        Arrays.sort(d);
        return new Spread(pollers.size(), holding, percentileMs(d, 0.50), percentileMs(d, 0.99),
                d.length == 0 ? -1 : d[d.length - 1] / 1_000_000);
    }

    private static long percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1_000_000;
    }

    /** One filter's poll loop: the real fetcher, its ETag kept between polls when conditional. */
    private final class Poller implements Runnable {
        final SourceFetcher fetcher;
        final boolean conditional;
        final long firstNs;
        final long intervalNs;
        final Thread thread;
        final long[] heldAtNs = new long[3];
        volatile long held;
        volatile boolean running = true;
        private String etag;

        Poller(int index, SourceFetcher fetcher, boolean conditional, long firstNs, long intervalNs) {
            this.fetcher = fetcher;
            this.conditional = conditional;
            this.firstNs = firstNs;
            this.intervalNs = intervalNs;
            this.thread = new Thread(this, "poller-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            long next = firstNs;
            while (running) {
                long left;
                while (running && (left = next - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                }
                if (!running) {
                    return;
                }
                poll();
                next += intervalNs;
                long now = System.nanoTime();
                if (next < now) {
                    next = now; // a download took longer than the interval: poll again at once
                }
            }
        }

        private void poll() {
            SourceFetcher.Fetched f;
            try {
                f = fetcher.fetch(conditional ? etag : null);
            } catch (IOException ex) {
                fetchErrors.incrementAndGet();
                lastError = ex.getMessage();
                return;
            }
            long at = System.nanoTime();
            if (f.unchanged()) {
                return;
            }
            byte[] body = f.body();
            int nl = RegisterFile.indexOf(body, (byte) '\n', 0);
            try {
                RegisterHeader h = RegisterHeader.parse(body, nl < 0 ? body.length : nl, SOURCE);
                if (nl < 0 || RegisterFile.countLines(body, nl + 1) != h.entries()) {
                    throw new IOException("version " + h.version() + ": the body does not hold its "
                            + h.entries() + " entries");
                }
                if (h.version() > held && h.version() < heldAtNs.length) {
                    heldAtNs[(int) h.version()] = at;
                    held = h.version();
                }
                etag = f.etag();
            } catch (RegisterRefusedException | IOException ex) {
                fetchErrors.incrementAndGet();
                lastError = ex.getMessage();
            }
        }
    }

    /**
     * {@code n} entries of drama numbers only: there are 4,000 numbers in Ofcom's UK drama ranges,
     * so the first 4,000 are blocked for every establishment and the rest for one PIN each.
     */
    static List<Entry> entries(int n) {
        return csvEntries(0, n);
    }

    /** {@code n} more entries, ids after the first {@code from}: a day's new blocks. */
    static List<Entry> newEntries(int from, int n) {
        return csvEntries(from, n);
    }

    private static List<Entry> csvEntries(int from, int n) {
        String[] drama = ReloadUnderLoad.dramaNumbers();
        StringBuilder csv = new StringBuilder(n * 90 + 100);
        csv.append("id,action,match,number,scope,pin,reason,reference\n");
        for (int k = from; k < from + n; k++) {
            String number = drama[k % drama.length];
            csv.append("SPC-2026-").append(String.format("%07d", k)).append(",BLOCK,EXACT,").append(number);
            if (k < drama.length) {
                csv.append(",NATIONAL,");
            } else {
                csv.append(",PIN,P").append(k / drama.length);
            }
            csv.append(",VICTIM_REQUEST,SPC/2026/").append(k).append('\n');
        }
        try {
            // the project's CSV reader, as `register build` reads it
            return EntryCsv.parse(csv.toString(), SOURCE,
                    new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT)));
        } catch (EntryCsv.InvalidRowException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private long logSize() throws IOException {
        return Files.exists(a.accessLog) ? Files.size(a.accessLog) : 0;
    }

    /**
     * The log's size a moment from now: the server writes a request's line when it has sent the
     * last byte, so the requests whose answers have arrived are in the log by then. (Waiting for
     * the log to go quiet would not end: the pollers never all pause.)
     */
    private long logSizeAfterGrace() throws IOException, InterruptedException {
        Thread.sleep(LOG_GRACE_MS);
        return logSize();
    }

    /** Sums the access log's lines between two offsets. */
    private AccessLogTally tally(long from, long to) throws IOException {
        return AccessLogTally.read(a.accessLog, from, to);
    }

    private static void sleepNanos(long ns) {
        sleepUntil(System.nanoTime() + ns);
    }

    private static void sleepUntil(long deadlineNs) {
        long left;
        while ((left = deadlineNs - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
