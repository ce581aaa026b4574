package screening.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load tool: an open-model client for {@code GET /v1/screen} (fixed arrival rate, latency from
 * the intended send time, HdrHistogram), with 95 % allowed and 5 % blocked numbers and a fifth of
 * them in never-seen formats. Reports achieved rate, errors and p50/p99/p99.9/max; with
 * {@code --compare-url} it replays the same schedule against a second target and prints the
 * ratio side by side.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar screening.bench.LoadTool --url http://127.0.0.1:8700 \
 *     --rate 5000 --duration 30s --connections 8 [--warmup 5s] [--compare-url URL] [--blocked FILE]
 *     [--pin P] [--establishment E] [--seed N] [--grace 2s]
 * </pre>
 *
 * <p>Targets {@code 127.0.0.1} only and every run is bounded in time (duration at most 10 min,
 * warm-up at most 2 min, grace at most 30 s). Exit codes: 0 the runs completed with no error,
 * 1 a run had errors (non-200, a wrong decision, no answer), 2 bad usage.
 */
public final class LoadTool {

    static final String LOOPBACK = "127.0.0.1";
    static final Duration MAX_DURATION = Duration.ofMinutes(10);
    static final Duration MAX_WARMUP = Duration.ofMinutes(2);
    static final Duration MAX_GRACE = Duration.ofSeconds(30);

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)");
    private static final Pattern PIN = Pattern.compile("[0-9A-Za-z-]{1,32}");
    private static final Pattern ESTABLISHMENT = Pattern.compile("[A-Z0-9]{2,8}");

    /** Where requests go: loopback, a port, and the URL as given (for the report). */
    record Target(String url, int port) {
        String hostHeader() {
            return LOOPBACK + ":" + port;
        }
    }

    /** The parsed command line. */
    record Options(Target url, Target compareUrl, double rate, Duration duration, Duration warmup, Duration grace,
            int connections, Path blocked, String pin, String establishment, long seed) {
    }

    private LoadTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        List<String> blocked;
        try {
            options = parse(args);
            blocked = options.blocked() == null ? RequestMix.sampleRegisterBlocked() : RequestMix.readBlocked(options.blocked());
            new RequestMix(blocked, options.seed()); // checks the blocked list before any run starts
        } catch (IllegalArgumentException | IOException e) {
            err.println("load: " + e.getMessage());
            err.println("usage: LoadTool --url http://127.0.0.1:PORT --rate N --duration 30s [--connections 8] "
                    + "[--warmup 5s] [--compare-url URL] [--blocked FILE] [--pin P] [--establishment E] [--seed N] [--grace 2s]");
            return 2;
        }
        out.printf(Locale.ROOT, "schedule: %.0f requests/s for %s after a %s warm-up, %d connections, seed %d; "
                        + "%.0f%% blocked, %.0f%% in never-seen formats; latency from the intended send time%n",
                options.rate(), text(options.duration()), text(options.warmup()), options.connections(), options.seed(),
                RequestMix.BLOCKED_SHARE * 100, RequestMix.CACHE_MISS_SHARE * 100);
        List<LoadRun.Result> results = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        targets.add(options.url());
        if (options.compareUrl() != null) {
            targets.add(options.compareUrl());
        }
        for (Target target : targets) {
            try {
                LoadRun.Result r = LoadRun.run(target, options, new RequestMix(blocked, options.seed()));
                results.add(r);
                print(r, out);
            } catch (IOException e) {
                err.println("load: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("load: interrupted");
                return 1;
            }
        }
        if (results.size() == 2) {
            printComparison(results.get(0), results.get(1), out);
        }
        return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
    }

    static Options parse(String[] args) {
        Target url = null;
        Target compare = null;
        Double rate = null;
        Duration duration = null;
        Duration warmup = Duration.ofSeconds(5);
        Duration grace = Duration.ofSeconds(2);
        int connections = 8;
        Path blocked = null;
        String pin = "4321";
        String establishment = null;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> url = target(name, value);
                case "--compare-url" -> compare = target(name, value);
                case "--rate" -> rate = positive(name, value);
                case "--duration" -> duration = duration(name, value, MAX_DURATION);
                case "--warmup" -> warmup = duration(name, value, MAX_WARMUP);
                case "--grace" -> grace = duration(name, value, MAX_GRACE);
                case "--connections" -> {
                    double c = positive(name, value);
                    if (c != Math.rint(c) || c > 1024) {
                        throw new IllegalArgumentException("--connections must be a whole number from 1 to 1024, got " + value);
                    }
                    connections = (int) c;
                }
                case "--blocked" -> blocked = Path.of(value);
                case "--pin" -> pin = matching(name, value, PIN, "1 to 32 of [0-9A-Za-z-]");
                case "--establishment" -> establishment = matching(name, value, ESTABLISHMENT, "2 to 8 of [A-Z0-9]");
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed must be a whole number, got " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        if (rate == null) {
            throw new IllegalArgumentException("--rate is required");
        }
        if (duration == null) {
            throw new IllegalArgumentException("--duration is required");
        }
        if (rate * (duration.toNanos() + warmup.toNanos()) / 1e9 < 1) {
            throw new IllegalArgumentException("--rate and --duration give no request at all");
        }
        return new Options(url, compare, rate, duration, warmup, grace, connections, blocked, pin, establishment, seed);
    }

    private static Target target(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException(name + " must be an http:// URL");
        }
        if (!LOOPBACK.equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException(name + " must target 127.0.0.1 (this tool loads local servers only)");
        }
        if (uri.getPort() < 1) {
            throw new IllegalArgumentException(name + " must name a port, e.g. http://127.0.0.1:8700");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException(name + " must have no path: the tool asks /v1/screen");
        }
        return new Target(value, uri.getPort());
    }

    private static double positive(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException(name + " must be a positive number, got " + value);
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

    private static String matching(String name, String value, Pattern pattern, String shape) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be " + shape);
        }
        return value;
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void print(LoadRun.Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%s: sent %d, answered %d, achieved %.1f/s; errors: non-200 %d, wrong decision %d, "
                        + "no answer %d%n", r.url(), r.sent(), r.answered(), r.achievedPerSecond(), r.non200(),
                r.mismatches(), r.failed());
        if (r.latency().getTotalCount() > 0) {
            out.printf(Locale.ROOT, "  latency (us): p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    us(r, 50), us(r, 99), us(r, 99.9), r.latency().getMaxValue() / 1e3);
        }
    }

    private static double us(LoadRun.Result r, double percentile) {
        return r.latency().getValueAtPercentile(percentile) / 1e3;
    }

    private static void printComparison(LoadRun.Result a, LoadRun.Result b, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-16s %14s %14s %9s%n", "", "url", "compare-url", "ratio");
        row(out, "achieved /s", a.achievedPerSecond(), b.achievedPerSecond());
        row(out, "p50 us", us(a, 50), us(b, 50));
        row(out, "p99 us", us(a, 99), us(b, 99));
        row(out, "p99.9 us", us(a, 99.9), us(b, 99.9));
        row(out, "max us", a.latency().getMaxValue() / 1e3, b.latency().getMaxValue() / 1e3);
        row(out, "errors", a.errors(), b.errors());
        out.println("(ratio = url / compare-url: above 1 means url is higher)");
    }

    private static void row(PrintStream out, String label, double a, double b) {
        out.printf(Locale.ROOT, "%-16s %14.1f %14.1f %9s%n", label, a, b,
                b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b));
    }
}
