package screening.bench;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration MAX_PHASE = Duration.ofMinutes(5);
    private static final int IO_TIMEOUT_MS = 10_000;
    private static final String NORMAL = "GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: filter\r\n\r\n";
    private static final String READY = "GET /health/ready HTTP/1.1\r\nHost: filter\r\nConnection: close\r\n\r\n";
    private static final String METRICS = "GET /metrics HTTP/1.1\r\nHost: filter\r\nConnection: close\r\n\r\n";

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
        Server server = Server.start(work, queryMax, requestTimeout, idleTimeout);
        try {
            return run(server);
        } finally {
            server.stop();
        }
    }

    private int run(Server server) throws Exception {
        out.printf(Locale.ROOT, "server: child JVM, query.maxConnections %d, query.idleTimeout %s, query.requestTimeout %s, "
                + "admin defaults; its open-file limit %s%n", queryMax, Server.text(idleTimeout), Server.text(requestTimeout),
                server.fileLimit());
        out.printf(Locale.ROOT, "flood: %d idle + %d slow connections to the query port; normal query %d/s on one "
                + "kept-alive connection%n", idle, slow, rate);
        Probe probe = new Probe(server.query);
        probe.measure(Duration.ofSeconds(5), rate, null, null); // warm-up, not reported
        Histogram beforeH = probe.measure(before, rate, null, null);

        Flood flood = new Flood(server.query, idle, slow);
        Thread floodThread = new Thread(flood, "flood");
        Watcher watcher = new Watcher(server);
        Thread watcherThread = new Thread(watcher, "watcher");
        long floodStart = System.nanoTime();
        floodThread.start();
        watcherThread.start();
        Histogram storm = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        Histogram duringH = probe.measure(during, rate, storm, () -> flood.placedAt == 0);
        String duringMetrics = server.scrape();
        watcher.stop = true;
        flood.stop = true;
        floodThread.join(60_000);
        watcherThread.join(30_000);
        long openedNanos = flood.placedAt > 0 ? flood.placedAt - floodStart : -1;

        Thread.sleep(2_000);
        Histogram afterH = probe.measure(after, rate, null, null);
        Outcome fresh = Watcher.newQueryConnection(server.query);
        String afterMetrics = server.scrape();
        probe.close();

        out.println();
        out.println("| phase | normal queries | errors | p50 | p99 | max |");
        out.println("|---|---|---|---|---|---|");
        row("before", beforeH, probe.errorsIn(0));
        row("during", duringH, probe.errorsIn(1));
        row("during: while the flood connects", storm, -1);
        row("after", afterH, probe.errorsIn(2));
        out.println();
        out.printf(Locale.ROOT, "flood placed in %.1f s; %d connect failures%n", openedNanos / 1e9, flood.connectFailures);
        out.printf(Locale.ROOT, "idle: %d opened, %d closed by the server at once (< 1 s), %d closed later, %d still open "
                + "when the flood stopped%n", flood.idleOpened, flood.idleClosedAtOnce, flood.idleClosedLater,
                flood.idleOpened - flood.idleClosedAtOnce - flood.idleClosedLater);
        out.printf(Locale.ROOT, "slow: %d opened (%d of them reopened after a close), %d answered 408 and closed, "
                + "%d closed at once with no answer (refused), %d closed otherwise, %d finished their request%n",
                flood.slowOpened, flood.slowOpened - slow, flood.slow408, flood.slowRefused, flood.slowClosedOther,
                flood.slowFinished);
        out.printf(Locale.ROOT, "new query connections during: %d tried, %d closed at once, %d answered 200, %d other; "
                + "after: %s%n", watcher.queryTried, watcher.queryRefused, watcher.queryAnswered,
                watcher.queryTried - watcher.queryRefused - watcher.queryAnswered, fresh);
        out.printf(Locale.ROOT, "admin during (a new connection each second): %d asked, %d answered 200, slowest %.1f ms%n",
                watcher.adminAsked, watcher.adminAnswered, watcher.adminSlowestNanos / 1e6);
        out.println("server metrics at the end of 'during':");
        printMetrics(duringMetrics);
        out.println("server metrics at the end:");
        printMetrics(afterMetrics);
        server.printLogSummary(out);
        long errors = probe.errorsIn(0) + probe.errorsIn(1) + probe.errorsIn(2);
        return errors == 0 && fresh == Outcome.ANSWERED ? 0 : 1;
    }

    private void row(String phase, Histogram h, long errors) {
        out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", phase, h.getTotalCount(), errors < 0 ? "" : errors,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private void printMetrics(String scrape) {
        Pattern p = Pattern.compile("^(screening_connections_\\S+|screening_accept_failures\\S+) (\\S+)$");
        scrape.lines().map(p::matcher).filter(Matcher::matches)
                .forEach(m -> out.println("  " + m.group(1) + " " + m.group(2)));
    }

    /** The filter as a child JVM, its stderr in a file. */
    private static final class Server {
        final Process process;
        final InetSocketAddress query;
        final InetSocketAddress admin;
        final Path log;

        private Server(Process process, InetSocketAddress query, InetSocketAddress admin, Path log) {
            this.process = process;
            this.query = query;
            this.admin = admin;
            this.log = log;
        }

        static Server start(Path work, int queryMax, Duration requestTimeout, Duration idleTimeout)
                throws IOException, InterruptedException {
            Path config = work.resolve("screening.yaml");
            Files.writeString(config, "establishment: HULL\n"
                    + "query: {bind: " + LOOPBACK + ", port: 0, maxConnections: " + queryMax + ", idleTimeout: "
                    + text(idleTimeout) + ", requestTimeout: " + text(requestTimeout) + "}\n"
                    + "admin: {bind: " + LOOPBACK + ", port: 0}\n"
                    + "register:\n  sources:\n    - {name: national, url: \"classpath:config/sample-register.ndjson\"}\n"
                    + "dataDir: " + work.resolve("data") + "\n");
            Path log = work.resolve("server.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "screening.server.cli.Main", "serve", "--config", config.toString())
                    .redirectError(log.toFile()).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern port = Pattern.compile("(query|admin) port: http://127\\.0\\.0\\.1:(\\d+)");
            int queryPort = 0;
            int adminPort = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((queryPort == 0 || adminPort == 0) && System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                Matcher m = port.matcher(line);
                if (m.find()) {
                    if (m.group(1).equals("query")) {
                        queryPort = Integer.parseInt(m.group(2));
                    } else {
                        adminPort = Integer.parseInt(m.group(2));
                    }
                }
            }
            if (queryPort == 0 || adminPort == 0) {
                p.destroyForcibly();
                throw new IOException("the server did not start; see " + log);
            }
            Thread drain = new Thread(() -> {
                try {
                    lines.transferTo(Writer.nullWriter());
                } catch (IOException e) {
                    // the child has gone
                }
            }, "server-stdout");
            drain.setDaemon(true);
            drain.start();
            return new Server(p, new InetSocketAddress(LOOPBACK, queryPort), new InetSocketAddress(LOOPBACK, adminPort), log);
        }

        static String text(Duration d) {
            return d.toMillis() % 60_000 == 0 ? d.toMinutes() + "m" : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s"
                    : d.toMillis() + "ms";
        }

        String fileLimit() {
            try {
                return Files.readAllLines(Path.of("/proc/" + process.pid() + "/limits")).stream()
                        .filter(l -> l.startsWith("Max open files")).findFirst()
                        .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0]).orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        String scrape() {
            try (Socket s = new Socket()) {
                s.connect(admin, IO_TIMEOUT_MS);
                s.setSoTimeout(IO_TIMEOUT_MS);
                s.getOutputStream().write(METRICS.getBytes(StandardCharsets.US_ASCII));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        void printLogSummary(PrintStream out) throws IOException {
            List<String> all = Files.readAllLines(log);
            long records = all.stream().filter(l -> l.matches("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*")).count();
            long warnings = all.stream().filter(l -> l.startsWith("WARNING: ") || l.startsWith("SEVERE: ")).count();
            long refusals = all.stream().filter(l -> l.contains("port: refused")).count();
            long accepts = all.stream().filter(l -> l.contains("accept") && l.contains("failed")).count();
            long frames = all.stream().filter(l -> l.startsWith("\tat ")).count();
            out.printf(Locale.ROOT, "server log: %d records (%d warnings), %d refusal lines, %d accept-failure lines, "
                    + "%d stack-trace lines%n", records, warnings, refusals, accepts, frames);
            all.stream().filter(l -> l.contains("port: refused")).forEach(l -> out.println("  " + l));
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The normal query on one kept-alive connection, at a fixed rate. Main thread only. */
    private static final class Probe implements AutoCloseable {
        private final InetSocketAddress address;
        private final byte[] request = NORMAL.getBytes(StandardCharsets.US_ASCII);
        private final long[] errors = new long[3];
        private int phase = -1; // the warm-up is -1
        private Socket socket;
        private InputStream in;
        private OutputStream os;

        Probe(InetSocketAddress address) throws IOException {
            this.address = address;
            reconnect();
        }

        private void reconnect() throws IOException {
            if (socket != null) {
                socket.close();
            }
            socket = new Socket();
            socket.connect(address, IO_TIMEOUT_MS);
            socket.setSoTimeout(IO_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            os = socket.getOutputStream();
        }

        long errorsIn(int phase) {
            return errors[phase];
        }

        /**
         * {@code length} of queries at {@code rate} a second; latency from each intended send time.
         * While {@code inPart} holds, each latency also goes into {@code part}.
         */
        Histogram measure(Duration length, int rate, Histogram part, java.util.function.BooleanSupplier inPart)
                throws InterruptedException {
            Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            long end = start + length.toNanos();
            for (long i = 0; ; i++) {
                long intended = start + i * interval;
                if (intended >= end) {
                    break;
                }
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                boolean ok = ask();
                long latency = Math.min(System.nanoTime() - intended, h.getHighestTrackableValue());
                h.recordValue(latency);
                if (part != null && inPart.getAsBoolean()) {
                    part.recordValue(latency);
                }
                if (!ok && phase >= 0) {
                    errors[phase]++;
                }
            }
            phase++;
            return h;
        }

        private boolean ask() {
            try {
                os.write(request);
                os.flush();
                String status = readResponse(in);
                return status != null && status.startsWith("HTTP/1.1 200");
            } catch (IOException e) {
                try {
                    reconnect();
                } catch (IOException again) {
                    // counted as an error; the next query tries again
                }
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads one Content-Length framed response; its status line, or null at EOF. */
    static String readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            return null;
        }
        int length = 0;
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("body cut short");
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** What became of one new query connection. */
    enum Outcome { ANSWERED, CLOSED_AT_ONCE, OTHER }

    /** Once a second: a new admin connection asks /health/ready, a new query connection screens a call. */
    private static final class Watcher implements Runnable {
        private final Server server;
        volatile boolean stop;
        volatile long adminAsked;
        volatile long adminAnswered;
        volatile long adminSlowestNanos;
        volatile long queryTried;
        volatile long queryRefused;
        volatile long queryAnswered;

        Watcher(Server server) {
            this.server = server;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + MAX_PHASE.toNanos();
            while (!stop && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                adminAsked++;
                try (Socket s = new Socket()) {
                    s.connect(server.admin, IO_TIMEOUT_MS);
                    s.setSoTimeout(IO_TIMEOUT_MS);
                    s.getOutputStream().write(READY.getBytes(StandardCharsets.US_ASCII));
                    String status = readResponse(new BufferedInputStream(s.getInputStream()));
                    if (status != null && status.startsWith("HTTP/1.1 200")) {
                        adminAnswered++;
                    }
                } catch (IOException e) {
                    // not answered
                }
                adminSlowestNanos = Math.max(adminSlowestNanos, System.nanoTime() - t0);
                queryTried++;
                switch (newQueryConnection(server.query)) {
                    case ANSWERED -> queryAnswered++;
                    case CLOSED_AT_ONCE -> queryRefused++;
                    default -> { }
                }
                long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - t0);
                if (rest > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(rest);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        static Outcome newQueryConnection(InetSocketAddress query) {
            try (Socket s = new Socket()) {
                s.connect(query, IO_TIMEOUT_MS);
                s.setSoTimeout(IO_TIMEOUT_MS);
                long t0 = System.nanoTime();
                try {
                    s.getOutputStream().write(NORMAL.getBytes(StandardCharsets.US_ASCII));
                    String status = readResponse(new BufferedInputStream(s.getInputStream()));
                    if (status != null && status.startsWith("HTTP/1.1 200")) {
                        return Outcome.ANSWERED;
                    }
                    return status == null && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1)
                            ? Outcome.CLOSED_AT_ONCE : Outcome.OTHER;
                } catch (SocketException e) { // a reset: the server closed before reading
                    return System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1) ? Outcome.CLOSED_AT_ONCE : Outcome.OTHER;
                }
            } catch (SocketTimeoutException e) {
                return Outcome.OTHER;
            } catch (IOException e) {
                return Outcome.OTHER;
            }
        }
    }

    /**
     * The flood: slow connections first, then idle ones, then one selector loop that trickles the
     * slow connections' bytes, notes every close, and reopens a slow connection the server closed.
     * Its own thread.
     */
    private static final class Flood implements Runnable {
        private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
        private static final long TICK = TimeUnit.MILLISECONDS.toNanos(50);
        private static final int REOPEN_PER_TICK = 50;
        private static final String PAD = "a".repeat(100);
        private static final String[][] SHAPE_TEXT = {
            // what is sent at once, then what trickles
            {"", "GET /v1/screen?pin=1234&number=07700900456&x=" + PAD + " HTTP/1.1\r\nHost: filter\r\n\r\n"},
            {"GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: filter\r\n", "X-Slow: " + PAD + "\r\n\r\n"},
            {"POST /v1/screen HTTP/1.1\r\nHost: filter\r\nContent-Type: application/json\r\nContent-Length: 140\r\n\r\n",
                String.format(Locale.ROOT, "%-140s", "{\"pin\":\"1234\",\"number\":\"07700900456\"}")},
        };
        private static final byte[][][] SHAPES = new byte[SHAPE_TEXT.length][][];

        static {
            for (int i = 0; i < SHAPE_TEXT.length; i++) {
                SHAPES[i] = new byte[][] {SHAPE_TEXT[i][0].getBytes(StandardCharsets.US_ASCII),
                    SHAPE_TEXT[i][1].getBytes(StandardCharsets.US_ASCII)};
            }
        }

        private final InetSocketAddress address;
        private final int idle;
        private final int slow;
        private final SplittableRandom random = new SplittableRandom(1);
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(4096);
        private final List<Conn> slows = new ArrayList<>();
        private final ArrayDeque<Integer> toReopen = new ArrayDeque<>();
        volatile boolean stop;
        volatile long placedAt;
        long connectFailures;
        long idleOpened;
        long idleClosedAtOnce;
        long idleClosedLater;
        long slowOpened;
        long slow408;
        long slowRefused;
        long slowClosedOther;
        long slowFinished;
        private Selector selector;

        Flood(InetSocketAddress address, int idle, int slow) {
            this.address = address;
            this.idle = idle;
            this.slow = slow;
        }

        /** One flood connection. */
        private static final class Conn {
            SocketChannel channel;
            boolean isSlow;
            int index; // in slows
            int shape;
            int sent; // of the trickled part
            long openedAt;
            long nextByteAt;
            boolean answered;
            boolean got408;
            boolean open;
        }

        @Override
        public void run() {
            try (Selector s = Selector.open()) {
                selector = s;
                try {
                    for (int i = 0; i < slow && !stop; i++) {
                        Conn c = new Conn();
                        c.isSlow = true;
                        c.index = i;
                        c.shape = i % SHAPES.length;
                        slows.add(c);
                        openSlow(i);
                        if (i % 50 == 49) {
                            noteCloses();
                        }
                    }
                    for (int i = 0; i < idle && !stop; i++) {
                        if (connect(new Conn())) {
                            idleOpened++;
                        }
                        if (i % 50 == 49) {
                            noteCloses(); // so that a close is timed from when it happened
                        }
                    }
                    placedAt = System.nanoTime();
                    loop();
                } finally {
                    for (SelectionKey k : s.keys()) {
                        try {
                            k.channel().close();
                        } catch (IOException e) {
                            // closing anyway
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("flood: " + e);
            }
        }

        private boolean connect(Conn c) {
            try {
                SocketChannel ch = SocketChannel.open();
                try {
                    ch.socket().connect(address, IO_TIMEOUT_MS);
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, c);
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                c.channel = ch;
                c.openedAt = System.nanoTime();
                c.open = true;
                c.answered = false;
                c.got408 = false;
                return true;
            } catch (IOException e) {
                connectFailures++;
                return false;
            }
        }

        private void openSlow(int i) {
            Conn c = slows.get(i);
            c.sent = 0;
            if (!connect(c)) {
                return;
            }
            slowOpened++;
            c.nextByteAt = System.nanoTime() + random.nextLong(SECOND);
            byte[] head = SHAPES[c.shape][0];
            if (head.length > 0) {
                write(c, ByteBuffer.wrap(head));
            }
        }

        private void loop() throws IOException {
            long deadline = System.nanoTime() + MAX_PHASE.toNanos();
            long nextTick = System.nanoTime();
            while (!stop && System.nanoTime() < deadline) {
                selector.select(10);
                readSelected();
                long now = System.nanoTime();
                if (now >= nextTick) {
                    nextTick = now + TICK;
                    trickle(now);
                    for (int n = 0; n < REOPEN_PER_TICK && !toReopen.isEmpty(); n++) {
                        openSlow(toReopen.poll());
                    }
                }
            }
        }

        private void noteCloses() throws IOException {
            selector.selectNow();
            readSelected();
        }

        private void readSelected() {
            for (SelectionKey k : selector.selectedKeys()) {
                onReadable((Conn) k.attachment());
            }
            selector.selectedKeys().clear();
        }

        private void trickle(long now) {
            for (int i = 0; i < slows.size(); i++) {
                Conn c = slows.get(i);
                if (!c.open || now < c.nextByteAt) {
                    continue;
                }
                byte[] rest = SHAPES[c.shape][1];
                if (c.sent < rest.length) {
                    write(c, ByteBuffer.wrap(rest, c.sent, 1));
                    c.sent++;
                    if (c.sent == rest.length) {
                        slowFinished++;
                    }
                }
                c.nextByteAt += SECOND;
            }
        }

        private void write(Conn c, ByteBuffer b) {
            try {
                c.channel.write(b);
            } catch (IOException e) {
                closed(c);
            }
        }

        private void onReadable(Conn c) {
            if (!c.open) {
                return;
            }
            readBuffer.clear();
            int n;
            try {
                n = c.channel.read(readBuffer);
            } catch (IOException e) {
                n = -1;
            }
            if (n > 0) {
                if (!c.answered && n >= 12) {
                    byte[] status = new byte[12];
                    readBuffer.flip();
                    readBuffer.get(status);
                    c.got408 = new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 408");
                }
                c.answered = true;
            } else if (n < 0) {
                closed(c);
            }
        }

        private void closed(Conn c) {
            if (!c.open) {
                return;
            }
            c.open = false;
            try {
                c.channel.close();
            } catch (IOException e) {
                // closed anyway
            }
            boolean atOnce = System.nanoTime() - c.openedAt < SECOND && !c.answered;
            if (!c.isSlow) {
                if (atOnce) {
                    idleClosedAtOnce++;
                } else {
                    idleClosedLater++;
                }
                return;
            }
            if (c.got408) {
                slow408++;
            } else if (atOnce) {
                slowRefused++;
            } else {
                slowClosedOther++;
            }
            if (!stop) {
                toReopen.add(c.index);
            }
        }
    }
}
