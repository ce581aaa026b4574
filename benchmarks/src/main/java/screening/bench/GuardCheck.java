package screening.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The CI guard's judge: reads a JMH JSON result ({@code -rf json}, run with {@code -prof gc}) and
 * the thresholds file, prints a table and a verdict, and exits non-zero when the cached per-call
 * path allocates or a decision costs too many primitive-set probes. The optional info.pairs (the
 * string path against the same probes) it prints with their ratio and never judges.
 *
 * <p>Usage: {@code java -cp benchmarks.jar screening.bench.GuardCheck THRESHOLDS JMH_JSON
 * [JMH_JSON ...] [--ratio-advisory]}, or {@code GuardCheck --pair-patterns THRESHOLDS}. Exit
 * codes: 0 passed, 1 a check failed, 2 bad usage or unreadable input.
 *
 * <p>Runs once on the main thread; blocks on file reads.
 */
public final class GuardCheck {

    /*
     * Fails closed: a benchmark the thresholds name but the JSON lacks, or an allocation figure
     * missing because -prof gc was not given, is a failure, not a pass: a guard that can be
     * switched off by renaming a method guards nothing.
     *
     * The ratio compares the best (fastest) measurement iteration of each side. On a shared
     * machine other jobs only ever add time, and they add it to whichever fork happens to run
     * while they do: the decision and the probe run in different forks a minute apart, so their
     * medians can be disturbed by different amounts, while each side's best iteration is the one
     * the machine disturbed least. The table shows the median too.
     */

    private static final String ALLOC_METRIC = "gc.alloc.rate.norm";

    /** The thresholds file's values. */
    record Thresholds(double allocMaxBytesPerOp, Pattern allocBenchmarks, double ratioMax, String ratioSize,
            List<Pair> ratioPairs, List<Pair> infoPairs) {

        /**
         * @throws IllegalArgumentException naming the key, for a missing or malformed value
         */
        static Thresholds from(Properties p) {
            List<Pair> pairs = pairs("ratio.pairs", required(p, "ratio.pairs"));
            String info = p.getProperty("info.pairs");
            List<Pair> infoPairs = info == null || info.isBlank() ? List.of() : pairs("info.pairs", info);
            Pattern alloc;
            try {
                alloc = Pattern.compile(required(p, "alloc.benchmarks"));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("alloc.benchmarks is not a regular expression: " + e.getDescription());
            }
            return new Thresholds(positive(p, "alloc.maxBytesPerOp"), alloc, positive(p, "ratio.max"),
                    required(p, "ratio.size"), pairs, infoPairs);
        }

        private static List<Pair> pairs(String key, String value) {
            List<Pair> pairs = new ArrayList<>();
            for (String item : value.split(",")) {
                String[] parts = item.trim().split("/");
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException(key + ": each item must be BENCHMARK/BASELINE, got '" + item.trim() + "'");
                }
                pairs.add(new Pair(parts[0].trim(), parts[1].trim()));
            }
            return List.copyOf(pairs);
        }

        private static String required(Properties p, String key) {
            String v = p.getProperty(key);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(key + " is required in the thresholds file");
            }
            return v.trim();
        }

        private static double positive(Properties p, String key) {
            String v = required(p, key);
            try {
                double d = Double.parseDouble(v);
                if (d > 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException(key + " must be a positive number, got '" + v + "'");
        }
    }

    /** A decision benchmark and the baseline probe it is judged against (or, in info.pairs, shown beside). */
    record Pair(String decision, String baseline) {
    }

    /** What the checks found: the printed lines and the failures among them. */
    record Outcome(List<String> lines, List<String> failures) {
        boolean passed() {
            return failures.isEmpty();
        }
    }

    /** The command line as picocli reads it. */
    @Command(name = "GuardCheck", usageHelpAutoWidth = true,
            description = "Judges JMH JSON results against the thresholds file (exit 0 passed, 1 failed, 2 bad usage).")
    static final class Arguments {
        @Option(names = "--pair-patterns", paramLabel = "THRESHOLDS",
                description = "prints a JMH include pattern for each ratio pair of THRESHOLDS, and nothing else")
        Path pairPatterns;

        @Option(names = "--ratio-advisory", description = "a ratio over ratio.max is printed as NOT MET but does not fail")
        boolean ratioAdvisory;

        @Parameters(paramLabel = "FILE", description = "THRESHOLDS_FILE, then one or more JMH_JSON_FILEs")
        List<String> files = new ArrayList<>();
    }

    private GuardCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a = new Arguments();
        CommandLine commandLine = new CommandLine(a);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("guard: " + e.getMessage());
            commandLine.usage(err);
            return 2;
        }
        if (a.pairPatterns != null && a.files.isEmpty() && !a.ratioAdvisory) {
            return printPairPatterns(a.pairPatterns, out, err);
        }
        if (a.pairPatterns != null || a.files.size() < 2) {
            err.println("guard: give THRESHOLDS_FILE and one or more JMH_JSON_FILEs, or --pair-patterns THRESHOLDS_FILE alone");
            commandLine.usage(err);
            return 2;
        }
        return judge(a.files.get(0), a.files.subList(1, a.files.size()), a.ratioAdvisory, out, err);
    }

    /** Reads the thresholds and every pass's results, judges them as one, prints the verdict. */
    private static int judge(String thresholdsFile, List<String> passes, boolean ratioAdvisory, PrintStream out,
            PrintStream err) {
        Thresholds thresholds;
        // several passes' results judged as one: every result is checked for allocation, and a
        // ratio takes each side's best iteration over all the passes that measured it
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode results = mapper.createArrayNode();
        try {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(thresholdsFile))) {
                p.load(in);
            }
            thresholds = Thresholds.from(p);
            for (String file : passes) {
                JsonNode pass = mapper.readTree(Path.of(file).toFile());
                if (pass == null || !pass.isArray()) {
                    err.println("guard: " + file + " is not a JMH JSON result (expected an array)");
                    return 2;
                }
                results.addAll((ArrayNode) pass);
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("guard: cannot read its input: " + e.getMessage());
            return 2;
        }
        Outcome outcome = check(results, thresholds, ratioAdvisory);
        outcome.lines().forEach(out::println);
        return outcome.passed() ? 0 : 1;
    }

    /**
     * Prints, one line per ratio pair, a JMH include pattern that runs just that pair (for
     * ci-guard.sh's second pass, which measures each decision right beside its probe).
     */
    private static int printPairPatterns(Path thresholdsFile, PrintStream out, PrintStream err) {
        try (InputStream in = Files.newInputStream(thresholdsFile)) {
            Properties p = new Properties();
            p.load(in);
            for (Pair pair : Thresholds.from(p).ratioPairs()) {
                out.println("^(" + pair.decision().replace(".", "\\.") + "|" + pair.baseline().replace(".", "\\.") + ")$");
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("guard: cannot read its input: " + e.getMessage());
            return 2;
        }
    }

    /** Judges {@code results} (JMH's JSON array) against {@code t}; every check can fail. */
    static Outcome check(JsonNode results, Thresholds t) {
        return check(results, t, false);
    }

    /**
     * Judges {@code results} against {@code t}. With {@code ratioAdvisory}, a decision over the
     * ratio is printed as NOT MET but does not fail the guard (the allocation checks and a missing
     * benchmark still do): for a CI that must stay green while the ratio goal is open work, and
     * says so in its output every run.
     */
    static Outcome check(JsonNode results, Thresholds t, boolean ratioAdvisory) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> notMet = new ArrayList<>();

        lines.add("Per-call benchmarks (ns/op: median and best of the measurement iterations; B/op from -prof gc)");
        lines.add(String.format(Locale.ROOT, "%-58s %9s %12s %12s %10s  %s", "benchmark", "size", "median ns", "best ns",
                "B/op", "allocation check"));
        int allocChecked = 0;
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            String size = r.path("params").path("size").asText("-");
            double median = median(r);
            double best = best(r);
            JsonNode alloc = allocNode(r);
            String bytes = alloc == null ? "n/a" : String.format(Locale.ROOT, "%.3f", alloc.path("score").asDouble());
            String verdict = "-";
            if (t.allocBenchmarks().matcher(name).matches()) {
                allocChecked++;
                if (alloc == null) {
                    verdict = "FAIL (no " + ALLOC_METRIC + ": run with -prof gc)";
                    failures.add(name + " [size " + size + "]: no allocation figure; the guard needs -prof gc");
                } else if (alloc.path("score").asDouble() > t.allocMaxBytesPerOp()) {
                    verdict = String.format(Locale.ROOT, "FAIL (> %.1f B/op)", t.allocMaxBytesPerOp());
                    failures.add(String.format(Locale.ROOT, "%s [size %s] allocates %.1f B/op (at most %.1f allowed)",
                            name, size, alloc.path("score").asDouble(), t.allocMaxBytesPerOp()));
                } else {
                    verdict = String.format(Locale.ROOT, "ok (<= %.1f B/op)", t.allocMaxBytesPerOp());
                }
            }
            lines.add(String.format(Locale.ROOT, "%-58s %9s %12.2f %12.2f %10s  %s", name, size, median, best, bytes, verdict));
        }
        if (allocChecked == 0) {
            failures.add("no benchmark in the result matches alloc.benchmarks; nothing was checked for allocation");
        }

        lines.add("");
        lines.add(String.format(Locale.ROOT, "Decision vs one primitive-set probe, size %s, best iterations (at most %.1fx)",
                t.ratioSize(), t.ratioMax()));
        lines.add(String.format(Locale.ROOT, "%-62s %12s %12s %8s  %s", "decision / baseline", "decision ns", "probe ns", "ratio", "check"));
        for (Pair pair : t.ratioPairs()) {
            double dn = bestOf(results, pair.decision(), t.ratioSize());
            double bn = bestOf(results, pair.baseline(), t.ratioSize());
            String label = simpleName(pair.decision()) + " / " + simpleName(pair.baseline());
            if (Double.isNaN(dn) || Double.isNaN(bn)) {
                String missing = Double.isNaN(dn) ? pair.decision() : pair.baseline();
                lines.add(String.format(Locale.ROOT, "%-62s %12s %12s %8s  FAIL (not in the result)", label, "-", "-", "-"));
                failures.add(missing + " at size " + t.ratioSize() + " is not in the result; the ratio cannot be checked");
                continue;
            }
            double ratio = dn / bn;
            boolean ok = ratio <= t.ratioMax();
            lines.add(String.format(Locale.ROOT, "%-62s %12.2f %12.2f %7.1fx  %s", label, dn, bn, ratio,
                    ok ? "ok" : String.format(Locale.ROOT, "%s (> %.1fx)", ratioAdvisory ? "NOT MET" : "FAIL", t.ratioMax())));
            if (!ok) {
                (ratioAdvisory ? notMet : failures).add(String.format(Locale.ROOT,
                        "%s at size %s takes %.1fx one probe (at most %.1fx allowed)",
                        simpleName(pair.decision()), t.ratioSize(), ratio, t.ratioMax()));
            }
        }

        if (!t.infoPairs().isEmpty()) {
            lines.add("");
            lines.add(String.format(Locale.ROOT, "For information, not judged: the string path (normalise + decide) vs the same probes, size %s",
                    t.ratioSize()));
            lines.add(String.format(Locale.ROOT, "%-62s %12s %12s %8s", "benchmark / baseline", "bench ns", "probe ns", "ratio"));
            for (Pair pair : t.infoPairs()) {
                double dn = bestOf(results, pair.decision(), t.ratioSize());
                double bn = bestOf(results, pair.baseline(), t.ratioSize());
                String label = simpleName(pair.decision()) + " / " + simpleName(pair.baseline());
                if (Double.isNaN(dn) || Double.isNaN(bn)) {
                    lines.add(String.format(Locale.ROOT, "%-62s %12s %12s %8s  (not in the result)", label, "-", "-", "-"));
                } else {
                    lines.add(String.format(Locale.ROOT, "%-62s %12.2f %12.2f %7.1fx", label, dn, bn, dn / bn));
                }
            }
        }

        lines.add("");
        if (!notMet.isEmpty()) {
            lines.add("RATIO GOAL NOT MET (" + notMet.size() + "; advisory in this run, so it does not fail it):");
            notMet.forEach(f -> lines.add("  - " + f));
        }
        if (failures.isEmpty() && !notMet.isEmpty()) {
            lines.add("GUARD PASSED ON ALLOCATION: the cached per-call path does not allocate; the ratio above is not met.");
        } else if (failures.isEmpty()) {
            lines.add("GUARD PASSED: the cached per-call path does not allocate and decisions stay within "
                    + t.ratioMax() + "x a primitive-set probe.");
        } else {
            lines.add("GUARD FAILED (" + failures.size() + "):");
            failures.forEach(f -> lines.add("  - " + f));
        }
        return new Outcome(List.copyOf(lines), List.copyOf(failures));
    }

    /**
     * The fastest measurement iteration of {@code benchmark} at {@code size} over every pass in
     * {@code results}, or NaN when no pass measured it.
     */
    private static double bestOf(JsonNode results, String benchmark, String size) {
        double min = Double.NaN;
        for (JsonNode r : results) {
            if (r.path("benchmark").asText().equals(benchmark) && r.path("params").path("size").asText().equals(size)) {
                min = Double.isNaN(min) ? best(r) : Math.min(min, best(r));
            }
        }
        return min;
    }

    private static JsonNode allocNode(JsonNode r) {
        JsonNode secondary = r.path("secondaryMetrics");
        for (var it = secondary.fields(); it.hasNext(); ) {
            var field = it.next();
            // JMH before 1.36 wrote the profiler's metrics with a leading middle dot
            if (field.getKey().replace("\u00b7", "").equals(ALLOC_METRIC)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** The median of the measurement iterations, or the mean when JMH gave no percentiles. */
    static double median(JsonNode r) {
        JsonNode primary = r.path("primaryMetric");
        JsonNode p50 = primary.path("scorePercentiles").path("50.0");
        return p50.isNumber() ? p50.asDouble() : primary.path("score").asDouble();
    }

    /** The fastest measurement iteration, or the mean when JMH gave no percentiles. */
    static double best(JsonNode r) {
        JsonNode primary = r.path("primaryMetric");
        JsonNode p0 = primary.path("scorePercentiles").path("0.0");
        return p0.isNumber() ? p0.asDouble() : primary.path("score").asDouble();
    }

    private static String simpleName(String benchmark) {
        int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }
}
