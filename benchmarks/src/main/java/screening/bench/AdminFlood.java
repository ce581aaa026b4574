package screening.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import screening.server.cli.TokenCommand;

/**
 * Two hostile loads on the admin port of a filter started as a child JVM (loopback only, every
 * phase bounded in time), with what they cost the filter:
 *
 * <ol>
 *   <li><b>wrong-token flood</b>: {@code --token-connections} clients that open a connection, send
 *       {@code GET /admin/v1/status} with a wrong token, read the {@code 401} and start again;
 *       meanwhile, and for as long again without the flood, an operator pushes one entry every
 *       {@code --push-interval} with the right token. Push latency (from the intended send
 *       time, so a stall counts in full) quiet and flooded: p50, p99, max.
 *   <li><b>large-body flood</b>: {@code --body-connections} clients that each announce and start
 *       sending a {@code --body-bytes} body with a wrong token, as fast as the socket takes it,
 *       and reconnect when the filter closes the connection. The filter's resident memory
 *       ({@code VmRSS}) before, every 250 ms during, and after; and how many body bytes the
 *       clients got into the socket at all.
 * </ol>
 *
 * Then the AUTH_FAILED events the filter audited for all of it, and the failures they count.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar screening.bench.AdminFlood [--duration 30s]
 *     [--token-connections 1000] [--push-interval 100ms] [--body-connections 400]
 *     [--body-bytes 15000000] [--jvm-option OPTION]... [--server-class-path JAR]
 * </pre>
 *
 * <p>The filter runs on this tool's class path, or on {@code --server-class-path} (another
 * build's {@code screening-server.jar}, to compare before and after a change).
 *
 * <p>Each flood lasts {@code --duration} (at most 2 min); connections at most 2,000 per flood;
 * bodies at most 64 MiB. Exit codes: 0 done, every push answered 201; 1 a push failed or the filter
 * died; 2 bad usage.
 */
public final class AdminFlood {

    static final Duration MAX_DURATION = Duration.ofMinutes(2);
    static final int MAX_CONNECTIONS = 2_000;
    static final long MAX_BODY_BYTES = 64L << 20;
    static final String TOKEN = "admin-flood-token-0001";
    static final String WRONG_TOKEN = "not-the-admin-token";

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RSS_SAMPLE_MS = 250;
    /** A pause between phases, so that one phase's sockets and garbage are gone before the next. */
    private static final long SETTLE_MS = 1_000;

    /** The command line. */
    record Options(Duration duration, int tokenConnections, Duration pushInterval, int bodyConnections, long bodyBytes,
            List<String> jvmOptions, String serverClassPath) {
    }

    /** Push latency over one phase, in milliseconds. */
    record Latency(long pushed, long failed, double p50Ms, double p99Ms, double maxMs) {
    }

    /** Resident memory of the filter, in KiB: before the large-body flood, during it, and after it. */
    record Memory(long idleKiB, long duringMaxKiB, long duringMeanKiB, long afterKiB) {
    }

    /** Everything one run measured. */
    record Report(long pid, long rssAfterWarmUpKiB, Latency quiet, Latency flooded, long tokenRequests, long tokenRefusals,
            Memory memory, long bodyConnections, long bodyBytesWritten, long bodyBytesAnnounced,
            long wrongTokenRequestsSent, long authFailedEvents, long authFailedCounted, boolean serverAlive) {
    }

    private AdminFlood() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("admin-flood: " + e.getMessage());
            err.println("usage: AdminFlood [--duration 30s] [--token-connections 1000] [--push-interval 100ms] "
                    + "[--body-connections 400] [--body-bytes 15000000] [--jvm-option OPTION]... [--server-class-path JAR]");
            return 2;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("admin-flood");
            Report r = flood(options, dir, out);
            print(options, r, out);
            return r.serverAlive() && r.quiet().failed() == 0 && r.flooded().failed() == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("admin-flood: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("admin-flood: interrupted");
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    static Options parse(String[] args) {
        Duration duration = Duration.ofSeconds(30);
        int tokenConnections = 1_000;
        Duration pushInterval = Duration.ofMillis(100);
        int bodyConnections = 400;
        long bodyBytes = 15_000_000;
        List<String> jvm = new ArrayList<>();
        String classPath = System.getProperty("java.class.path");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--duration" -> duration = duration(name, value, MAX_DURATION);
                case "--push-interval" -> pushInterval = duration(name, value, Duration.ofSeconds(10));
                case "--token-connections" -> tokenConnections = (int) whole(name, value, 1, MAX_CONNECTIONS);
                case "--body-connections" -> bodyConnections = (int) whole(name, value, 1, MAX_CONNECTIONS);
                case "--body-bytes" -> bodyBytes = whole(name, value, 1, MAX_BODY_BYTES);
                case "--jvm-option" -> jvm.add(value);
                case "--server-class-path" -> classPath = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (duration.isZero() || pushInterval.isZero()) {
            throw new IllegalArgumentException("--duration and --push-interval must be above zero");
        }
        return new Options(duration, tokenConnections, pushInterval, bodyConnections, bodyBytes, List.copyOf(jvm), classPath);
    }

    /** Starts the filter, runs both floods against it, reads its audit, stops it. */
    static Report flood(Options o, Path dir, PrintStream progress) throws IOException, InterruptedException {
        try (ChildServer server = ChildServer.start(dir, TokenCommand.sha256Hex(TOKEN), o.jvmOptions(), o.serverClassPath())) {
            progress.printf(Locale.ROOT, "filter: pid %d, admin port %d, jvm options %s, class path %s%n", server.pid(),
                    server.adminPort(), o.jvmOptions(), o.serverClassPath());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            InetSocketAddress admin = new InetSocketAddress("127.0.0.1", server.adminPort());

            // warm-up: the paths measured below, compiled before anything is measured
            push(http, server.adminPort(), "warm", Duration.ofMillis(500), Duration.ofMillis(20));
            HostileClients warm = HostileClients.tokens(admin, 8);
            Thread.sleep(500);
            warm.stop();
            Thread.sleep(SETTLE_MS);
            long rssAfterWarmUp = server.rssKiB();

            progress.println("phase: pushes without a flood");
            Latency quiet = push(http, server.adminPort(), "quiet", o.duration(), o.pushInterval());
            progress.println("phase: wrong-token flood, with pushes");
            HostileClients tokens = HostileClients.tokens(admin, o.tokenConnections());
            Latency flooded = push(http, server.adminPort(), "flood", o.duration(), o.pushInterval());
            tokens.stop();

            Thread.sleep(SETTLE_MS);
            progress.println("phase: large-body flood");
            long idle = median(server, 3);
            RssSampler sampler = new RssSampler(server);
            HostileClients bodies = HostileClients.bodies(admin, o.bodyConnections(), o.bodyBytes());
            Thread.sleep(o.duration().toMillis());
            bodies.stop();
            sampler.stop();
            Thread.sleep(2 * SETTLE_MS);
            long after = median(server, 3);
            Memory memory = new Memory(idle, sampler.max(), sampler.mean(), after);

            long[] audited = authFailures(http, server.adminPort());
            return new Report(server.pid(), rssAfterWarmUp, quiet, flooded, tokens.requests(), tokens.refusals(), memory,
                    bodies.requests(), bodies.bytesWritten(), bodies.requests() * o.bodyBytes(),
                    warm.requests() + tokens.requests() + bodies.requests(), audited[0], audited[1], server.alive());
        }
    }

    /** One entry pushed every {@code interval} for {@code length}; latency from each intended send time. */
    private static Latency push(HttpClient http, int port, String phase, Duration length, Duration interval)
            throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long failed = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        for (long k = 0;; k++) {
            long intended = start + k * interval.toNanos();
            if (intended >= end) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body = "{\"id\":\"FLOOD-" + phase + "-" + k + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\","
                    + "\"number\":\"07700 900" + String.format(Locale.ROOT, "%03d", k % 1000) + "\",\"scope\":\"NATIONAL\","
                    + "\"reason\":\"VICTIM_REQUEST\"}";
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/v1/entries"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 201) {
                    h.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
                } else {
                    failed++;
                }
            } catch (IOException e) {
                failed++;
            }
        }
        return new Latency(h.getTotalCount(), failed, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3);
    }

    /** {events, sum of their counts}: the AUTH_FAILED lines of the whole run. */
    private static long[] authFailures(HttpClient http, int port) throws IOException, InterruptedException {
        Thread.sleep(1_500); // the last batch is written within a second
        long events = 0;
        long counted = 0;
        long after = 0;
        while (true) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/v1/audit?limit=1000&after="
                    + after)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN).build();
            JsonNode page = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).path("events");
            if (page.isEmpty()) {
                return new long[] {events, counted};
            }
            for (JsonNode e : page) {
                after = e.path("seq").asLong();
                if (e.path("type").asText().equals("AUTH_FAILED")) {
                    events++;
                    counted += e.path("count").asLong(1);
                }
            }
        }
    }

    private static long median(ChildServer server, int samples) throws InterruptedException {
        long[] s = new long[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = server.rssKiB();
            Thread.sleep(RSS_SAMPLE_MS);
        }
        Arrays.sort(s);
        return s[samples / 2];
    }

    /** The filter's VmRSS every 250 ms on a thread of its own, until stopped. */
    private static final class RssSampler {
        private final List<Long> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        RssSampler(ChildServer server) {
            thread = new Thread(() -> {
                while (running) {
                    long kib = server.rssKiB();
                    synchronized (samples) {
                        samples.add(kib);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RSS_SAMPLE_MS));
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long max() {
            synchronized (samples) {
                return samples.stream().mapToLong(Long::longValue).max().orElse(-1);
            }
        }

        long mean() {
            synchronized (samples) {
                return (long) samples.stream().mapToLong(Long::longValue).average().orElse(-1);
            }
        }
    }

    static void print(Options o, Report r, PrintStream out) {
        double seconds = o.duration().toMillis() / 1e3;
        out.printf(Locale.ROOT, "wrong-token flood: %,d connections for %s: %,d requests (%,.0f/s), %,d answered 401%n",
                o.tokenConnections(), text(o.duration()), r.tokenRequests(), r.tokenRequests() / seconds, r.tokenRefusals());
        out.printf(Locale.ROOT, "  push every %s, quiet:   %,d pushed, %d failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                text(o.pushInterval()), r.quiet().pushed(), r.quiet().failed(), r.quiet().p50Ms(), r.quiet().p99Ms(),
                r.quiet().maxMs());
        out.printf(Locale.ROOT, "  push every %s, flooded: %,d pushed, %d failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                text(o.pushInterval()), r.flooded().pushed(), r.flooded().failed(), r.flooded().p50Ms(), r.flooded().p99Ms(),
                r.flooded().maxMs());
        out.printf(Locale.ROOT, "large-body flood: %,d connections x %,d-byte bodies, wrong token, for %s: %,d requests%n",
                o.bodyConnections(), o.bodyBytes(), text(o.duration()), r.bodyConnections());
        out.printf(Locale.ROOT, "  filter VmRSS: after warm-up %s, before %s, during max %s (mean %s), after %s%n",
                mib(r.rssAfterWarmUpKiB()), mib(r.memory().idleKiB()), mib(r.memory().duringMaxKiB()),
                mib(r.memory().duringMeanKiB()), mib(r.memory().afterKiB()));
        out.printf(Locale.ROOT, "  body bytes the clients got into their sockets: %s of %s announced (%.2f %%)%n",
                mib(r.bodyBytesWritten() / 1024), mib(r.bodyBytesAnnounced() / 1024),
                r.bodyBytesAnnounced() == 0 ? 0 : 100.0 * r.bodyBytesWritten() / r.bodyBytesAnnounced());
        out.printf(Locale.ROOT, "AUTH_FAILED: %,d audit lines counting %,d failures (%,d wrong-token requests sent, warm-up included)%n",
                r.authFailedEvents(), r.authFailedCounted(), r.wrongTokenRequestsSent());
        if (!r.serverAlive()) {
            out.println("the filter died during the run");
        }
    }

    private static String mib(long kib) {
        return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    static String text(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 60 != 0 || d.isZero()
                ? d.toSeconds() + "s" : d.toMinutes() + "m";
    }

    private static Duration duration(String name, String value, Duration max) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a duration such as 500ms, 30s or 2m, got " + value);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + text(max) + ", got " + value);
        }
        return d;
    }

    private static long whole(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got " + value);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
