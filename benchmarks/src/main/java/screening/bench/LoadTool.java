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
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load tool: an open-model client for {@code GET /v1/screen} (fixed arrival rate, latency from
 * the intended send time, HdrHistogram), with 95 % allowed and 5 % blocked numbers and a fifth of
 * them in never-seen formats. Reports achieved rate, errors and p50/p99/p99.9/max; with
 * {@code --compare-url} it replays the same schedule against a second target and prints the
 * ratio side by side; with {@code --compare-constant} as well, that target is taken to answer one
 * constant decision (nginx, the constant-answer server) and its decisions are not checked.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar screening.bench.LoadTool --url http://127.0.0.1:8700 \
 *     --rate 5000 --duration 30s --connections 8 [--warmup 5s] [--compare-url URL [--compare-constant]] [--blocked FILE]
 *     [--pin P] [--establishment E] [--seed N] [--grace 2s]
 * </pre>
 *
 * <p>Targets {@code 127.0.0.1} only and every run is bounded in time (duration at most 10 min,
 * warm-up at most 2 min, grace at most 30 s). Exit codes: 0 the runs completed with no error,
 * 1 a run had errors (non-200, a wrong decision where decisions are checked, no answer), 2 bad usage.
 */
public final class LoadTool {

    static final String LOOPBACK = "127.0.0.1";
    static final Duration MAX_DURATION = Duration.ofMinutes(10);
    static final Duration MAX_WARMUP = Duration.ofMinutes(2);
    static final Duration MAX_GRACE = Duration.ofSeconds(30);

    private static final Pattern PIN = Pattern.compile("[0-9A-Za-z-]{1,32}");
    private static final Pattern ESTABLISHMENT = Pattern.compile("[A-Z0-9]{2,8}");

    /** Where requests go: loopback, a port, and the URL as given (for the report). */
    record Target(String url, int port) {
        String hostHeader() {
            return LOOPBACK + ":" + port;
        }
    }

    /** The checked command line. */
    record Options(Target url, Target compareUrl, boolean compareConstant, double rate, Duration duration,
            Duration warmup, Duration grace, int connections, Path blocked, String pin, String establishment, long seed) {
    }

    /** The command line as picocli reads it; {@link #check} checks the values. */
    @Command(name = "LoadTool", sortOptions = false, usageHelpAutoWidth = true,
            description = "Sends GET /v1/screen to a local server at a fixed rate and reports errors and latency.")
    static final class Arguments {
        @Option(names = "--url", paramLabel = "URL", description = "the server, http://127.0.0.1:PORT (required)")
        String url;

        @Option(names = "--rate", paramLabel = "N", description = "requests per second (required)")
        Double rate;

        @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "how long the schedule runs after the warm-up, e.g. 30s; at most 10m (required)")
        Duration duration;

        @Option(names = "--connections", paramLabel = "N", defaultValue = "8",
                description = "keep-alive connections, 1 to 1024 (default: ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
                description = "requests sent first and not measured; at most 2m (default: ${DEFAULT-VALUE})")
        Duration warmup;

        @Option(names = "--compare-url", paramLabel = "URL", description = "a second server to run the same schedule against")
        String compareUrl;

        @Option(names = "--compare-constant",
                description = "the compare-url answers one constant decision (e.g. nginx): its decisions are not checked,"
                        + " its status codes and unanswered requests are")
        boolean compareConstant;

        @Option(names = "--blocked", paramLabel = "FILE",
                description = "the blocked numbers, one canonical +44 number a line (default: the sample register's)")
        Path blocked;

        @Option(names = "--pin", paramLabel = "P", defaultValue = "4321", description = "the PIN asked about (default: ${DEFAULT-VALUE})")
        String pin;

        @Option(names = "--establishment", paramLabel = "E", description = "the establishment asked about (default: none)")
        String establishment;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "the request mix's seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
                description = "how long to wait for answers after the schedule; at most 30s (default: ${DEFAULT-VALUE})")
        Duration grace;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints this and exits")
        boolean help;
    }

    private LoadTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments = new Arguments();
        CommandLine commandLine = commandLine(arguments);
        Options options;
        List<String> blocked;
        try {
            parseArgs(commandLine, args);
            if (arguments.help) {
                commandLine.usage(out);
                return 0;
            }
            options = check(arguments);
            blocked = options.blocked() == null ? RequestMix.sampleRegisterBlocked() : RequestMix.readBlocked(options.blocked());
            new RequestMix(blocked, options.seed()); // checks the blocked list before any run starts
        } catch (IllegalArgumentException | IOException e) {
            err.println("load: " + e.getMessage());
            commandLine.usage(err);
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
                print(r, checksDecisions(options, results.size() - 1), out);
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
            printComparison(results.get(0), results.get(1), checksDecisions(options, 1), out);
        }
        for (int i = 0; i < results.size(); i++) {
            if (errors(results.get(i), checksDecisions(options, i)) > 0) {
                return 1;
            }
        }
        return 0;
    }

    /** Whether the answers of run {@code i} (0 the url, 1 the compare-url) are checked for their decision. */
    private static boolean checksDecisions(Options options, int i) {
        return i == 0 || !options.compareConstant();
    }

    private static long errors(LoadRun.Result r, boolean checksDecisions) {
        return checksDecisions ? r.errors() : r.non200() + r.failed();
    }

    /**
     * The checked options of {@code args}.
     *
     * @throws IllegalArgumentException naming the option, for a missing, unknown or bad one
     */
    static Options parse(String[] args) {
        Arguments arguments = new Arguments();
        parseArgs(commandLine(arguments), args);
        return check(arguments);
    }

    private static CommandLine commandLine(Arguments arguments) {
        // an option given twice takes its last value, as scripts that append an override expect
        return new CommandLine(arguments).setOverwrittenOptionsAllowed(true);
    }

    private static void parseArgs(CommandLine commandLine, String[] args) {
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Options check(Arguments a) {
        if (a.url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        if (a.rate == null) {
            throw new IllegalArgumentException("--rate is required");
        }
        if (a.duration == null) {
            throw new IllegalArgumentException("--duration is required");
        }
        Target url = target("--url", a.url);
        Target compare = a.compareUrl == null ? null : target("--compare-url", a.compareUrl);
        if (a.compareConstant && compare == null) {
            throw new IllegalArgumentException("--compare-constant needs --compare-url");
        }
        if (!(a.rate > 0) || !Double.isFinite(a.rate)) {
            throw new IllegalArgumentException("--rate must be a positive number, got " + a.rate);
        }
        atMost("--duration", a.duration, MAX_DURATION);
        atMost("--warmup", a.warmup, MAX_WARMUP);
        atMost("--grace", a.grace, MAX_GRACE);
        if (a.connections < 1 || a.connections > 1024) {
            throw new IllegalArgumentException("--connections must be a whole number from 1 to 1024, got " + a.connections);
        }
        matching("--pin", a.pin, PIN, "1 to 32 of [0-9A-Za-z-]");
        if (a.establishment != null) {
            matching("--establishment", a.establishment, ESTABLISHMENT, "2 to 8 of [A-Z0-9]");
        }
        if (a.rate * (a.duration.toNanos() + a.warmup.toNanos()) / 1e9 < 1) {
            throw new IllegalArgumentException("--rate and --duration give no request at all");
        }
        return new Options(url, compare, a.compareConstant, a.rate, a.duration, a.warmup, a.grace, a.connections, a.blocked, a.pin,
                a.establishment, a.seed);
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

    private static void atMost(String name, Duration value, Duration max) {
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + text(max) + ", got " + text(value));
        }
    }

    private static void matching(String name, String value, Pattern pattern, String shape) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be " + shape);
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void print(LoadRun.Result r, boolean checksDecisions, PrintStream out) {
        out.printf(Locale.ROOT, "%s: sent %d, answered %d, achieved %.1f/s; errors: non-200 %d, wrong decision %s, "
                        + "no answer %d%n", r.url(), r.sent(), r.answered(), r.achievedPerSecond(), r.non200(),
                checksDecisions ? Long.toString(r.mismatches()) : "not checked (--compare-constant)", r.failed());
        if (r.latency().getTotalCount() > 0) {
            out.printf(Locale.ROOT, "  latency (us): p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    us(r, 50), us(r, 99), us(r, 99.9), r.latency().getMaxValue() / 1e3);
        }
    }

    private static double us(LoadRun.Result r, double percentile) {
        return r.latency().getValueAtPercentile(percentile) / 1e3;
    }

    private static void printComparison(LoadRun.Result a, LoadRun.Result b, boolean checksB, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-16s %14s %14s %9s%n", "", "url", "compare-url", "ratio");
        row(out, "achieved /s", a.achievedPerSecond(), b.achievedPerSecond());
        row(out, "p50 us", us(a, 50), us(b, 50));
        row(out, "p99 us", us(a, 99), us(b, 99));
        row(out, "p99.9 us", us(a, 99.9), us(b, 99.9));
        row(out, "max us", a.latency().getMaxValue() / 1e3, b.latency().getMaxValue() / 1e3);
        row(out, "errors", a.errors(), errors(b, checksB));
        out.println("(ratio = url / compare-url: above 1 means url is higher)");
    }

    private static void row(PrintStream out, String label, double a, double b) {
        out.printf(Locale.ROOT, "%-16s %14.1f %14.1f %9s%n", label, a, b,
                b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b));
    }
}
