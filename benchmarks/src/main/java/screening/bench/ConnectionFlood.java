package screening.bench;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The connection-limit load test (SPEC section 15): the filter runs as a child JVM on loopback
 * with {@code query.maxConnections} set; one kept-alive connection screens a normal call at a fixed
 * rate before, during and after a flood of idle connections (opened, never written to) and slow
 * ones (each trickling a request, one byte a second, in three shapes: the request line, the
 * headers, a body), while a new connection asks the admin port {@code /health/ready} every second.
 * Reports the normal query's latency (HdrHistogram, from each request's intended send time, so a
 * stall counts whole), what became of the flood's connections, the admin port's answers, the
 * server's connection metrics, and what the server logged.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar screening.bench.ConnectionFlood \
 *     [--idle 10000] [--slow 2000] [--query-max 4096] [--request-timeout 10s] [--idle-timeout 10m] \
 *     [--rate 200] [--before 10s] [--during 30s] [--after 10s]
 * </pre>
 *
 * <p>Loopback only; every phase and every wait is bounded (each phase at most 5 minutes, each
 * connect and read at most 10 s). The client needs a descriptor per flood connection: with the
 * defaults, about 12,100 (check {@code ulimit -n}). Exit 0 when every normal query was answered
 * {@code 200}, 1 otherwise, 2 on bad usage.
 */
@Command(name = "ConnectionFlood", sortOptions = false, usageHelpAutoWidth = true,
        description = "Floods a child filter's query port with idle and slow connections; reports a normal query's latency.")
public final class ConnectionFlood implements Callable<Integer> {

    /** The longest a phase, the flood or the watcher may run. */
    static final Duration MAX_PHASE = Duration.ofMinutes(5);
    /** The longest a connect or a read may block. */
    static final int IO_TIMEOUT_MS = 10_000;
    /** The normal query: a call the sample register allows. */
    static final String NORMAL = "GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: filter\r\n\r\n";
    private static final String LOOPBACK = "127.0.0.1";

    @Option(names = "--idle", defaultValue = "10000", description = "idle connections, 0 to 15000 (default: ${DEFAULT-VALUE})")
    int idle;

    @Option(names = "--slow", defaultValue = "2000", description = "slow connections, 0 to 5000 (default: ${DEFAULT-VALUE})")
    int slow;

    @Option(names = "--query-max", defaultValue = "4096", description = "the server's query.maxConnections (default: ${DEFAULT-VALUE})")
    int queryMax;

    @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "the server's query.requestTimeout (default: ${DEFAULT-VALUE})")
    Duration requestTimeout;

    @Option(names = "--idle-timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "the server's query.idleTimeout (default: ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(names = "--rate", defaultValue = "200", description = "normal queries a second, 1 to 10000 (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--before", defaultValue = "10s", converter = DurationConverter.class,
            description = "measured before the flood, after a 5 s warm-up (default: ${DEFAULT-VALUE})")
    Duration before;

    @Option(names = "--during", defaultValue = "30s", converter = DurationConverter.class,
            description = "measured from the flood's first connection (default: ${DEFAULT-VALUE})")
    Duration during;

    @Option(names = "--after", defaultValue = "10s", converter = DurationConverter.class,
            description = "measured 2 s after the flood's connections are closed (default: ${DEFAULT-VALUE})")
    Duration after;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
    boolean help;

    private final PrintStream out = System.out;

    private ConnectionFlood() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConnectionFlood()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String bad = idle < 0 || idle > 15_000 ? "--idle must be 0 to 15000"
                : slow < 0 || slow > 5_000 ? "--slow must be 0 to 5000"
                : queryMax < 1 || queryMax > 100_000 ? "--query-max must be 1 to 100000"
                : rate < 1 || rate > 10_000 ? "--rate must be 1 to 10000"
                : List.of(before, during, after, requestTimeout).stream().anyMatch(d -> d.isZero() || d.compareTo(MAX_PHASE) > 0)
                        ? "--before, --during, --after and --request-timeout must be above zero and at most 5m"
                : idleTimeout.isZero() ? "--idle-timeout must be above zero" : null;
        if (bad != null) {
            System.err.println("flood: " + bad);
            return 2;
        }
        Path work = Files.createTempDirectory("connection-flood");
        Path config = work.resolve("screening.yaml");
        Files.writeString(config, "establishment: HULL\n"
                + "query: {bind: " + LOOPBACK + ", port: 0, maxConnections: " + queryMax + ", idleTimeout: "
                + text(idleTimeout) + ", requestTimeout: " + text(requestTimeout) + "}\n"
                + "admin: {bind: " + LOOPBACK + ", port: 0}\n"
                + "register:\n  sources:\n    - {name: national, url: \"classpath:config/sample-register.ndjson\"}\n"
                + "dataDir: " + work.resolve("data") + "\n");
        Path log = work.resolve("server.log");
        try (ChildServer server = ChildServer.start(config, log)) {
            return run(server, log);
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 60_000 == 0 ? d.toMinutes() + "m" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s"
                : d.toMillis() + "ms";
    }

    private int run(ChildServer server, Path log) throws Exception {
        InetSocketAddress query = new InetSocketAddress(LOOPBACK, server.queryPort());
        InetSocketAddress admin = new InetSocketAddress(LOOPBACK, server.adminPort());
        out.printf(Locale.ROOT, "server: child JVM, query.maxConnections %d, query.idleTimeout %s, query.requestTimeout %s, "
                + "admin defaults; its open-file limit %s%n", queryMax, text(idleTimeout), text(requestTimeout),
                FloodReport.fileLimit(server.pid()));
        out.printf(Locale.ROOT, "flood: %d idle + %d slow connections to the query port; normal query %d/s on one "
                + "kept-alive connection%n", idle, slow, rate);
        LatencyProbe probe = new LatencyProbe(query);
        probe.measure(Duration.ofSeconds(5), rate, null, null); // warm-up, not reported
        Histogram beforeH = probe.measure(before, rate, null, null);

        FloodConnections flood = new FloodConnections(query, idle, slow);
        Thread floodThread = new Thread(flood, "flood");
        FloodWatcher watcher = new FloodWatcher(query, admin);
        Thread watcherThread = new Thread(watcher, "watcher");
        long floodStart = System.nanoTime();
        floodThread.start();
        watcherThread.start();
        Histogram storm = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        Histogram duringH = probe.measure(during, rate, storm, () -> flood.placedAt == 0);
        String duringMetrics = FloodReport.scrape(admin);
        watcher.stop = true;
        flood.stop = true;
        floodThread.join(60_000);
        watcherThread.join(30_000);
        long openedNanos = flood.placedAt > 0 ? flood.placedAt - floodStart : -1;

        Thread.sleep(2_000);
        Histogram afterH = probe.measure(after, rate, null, null);
        FloodWatcher.Outcome fresh = FloodWatcher.newQueryConnection(query);
        String afterMetrics = FloodReport.scrape(admin);
        probe.close();

        new FloodReport(out).print(new FloodReport.Phases(beforeH, duringH, storm, afterH), probe, flood, slow,
                openedNanos, watcher, fresh, duringMetrics, afterMetrics, log);
        long errors = probe.errorsIn(0) + probe.errorsIn(1) + probe.errorsIn(2);
        return errors == 0 && fresh == FloodWatcher.Outcome.ANSWERED ? 0 : 1;
    }
}
