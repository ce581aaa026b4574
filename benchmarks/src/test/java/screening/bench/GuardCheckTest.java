package screening.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import screening.core.NormaliseBenchmark;
import screening.core.ScreenBenchmark;

class GuardCheckTest {

    private static final String SCREEN = "screening.core.ScreenBenchmark.";
    private static final String HIT = "screening.core.NormaliseBenchmark.cacheHit";

    /** JMH's JSON for one result: best iteration {@code ns}, allocation {@code bytes} (null: no -prof gc). */
    private static String result(String benchmark, String size, double ns, Double bytes) {
        String params = size == null ? "" : "\"params\":{\"size\":\"" + size + "\"},";
        String secondary = bytes == null ? "{}"
                : "{\"gc.alloc.rate.norm\":{\"score\":" + bytes + ",\"scoreUnit\":\"B/op\"}}";
        return "{\"benchmark\":\"" + benchmark + "\",\"mode\":\"avgt\"," + params
                + "\"primaryMetric\":{\"score\":" + (ns * 1.5) + ",\"scorePercentiles\":{\"0.0\":" + ns + ",\"50.0\":" + (ns * 1.2) + "},\"scoreUnit\":\"ns/op\"},"
                + "\"secondaryMetrics\":" + secondary + "}";
    }

    private static JsonNode json(String... results) throws IOException {
        return new ObjectMapper().readTree("[" + String.join(",", results) + "]");
    }

    private static GuardCheck.Thresholds thresholds() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("guard-thresholds.properties"))) {
            p.load(in);
        }
        return GuardCheck.Thresholds.from(p);
    }

    private static String[] healthy(double exactNs, double exactBytes) {
        return new String[] {
            result(HIT, null, 20, 0.001),
            result(SCREEN + "decideExactHit", "1000000", exactNs, exactBytes),
            result(SCREEN + "decideMiss", "1000000", 30, 0.0),
            result(SCREEN + "screenExactHit", "1000000", 60, 0.0),
            result(SCREEN + "screenMiss", "1000000", 55, 0.0),
            result(SCREEN + "probeHit", "1000000", 10, 0.0),
            result(SCREEN + "probeMiss", "1000000", 10, 0.0),
        };
    }

    @Test
    void check_withinThresholds_passes() throws IOException {
        GuardCheck.Outcome outcome = GuardCheck.check(json(healthy(49, 0.5)), thresholds());

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.lines()).last().asString().startsWith("GUARD PASSED");
    }

    @Test
    void check_decisionAllocates_fails() throws IOException {
        GuardCheck.Outcome outcome = GuardCheck.check(json(healthy(20, 16.0)), thresholds());

        assertThat(outcome.failures()).singleElement().asString()
                .contains("decideExactHit").contains("allocates 16.0 B/op");
    }

    @Test
    void check_cachedNormaliseAllocates_fails() throws IOException {
        String[] results = healthy(20, 0.0);
        results[0] = result(HIT, null, 20, 24.0);

        assertThat(GuardCheck.check(json(results), thresholds()).failures()).singleElement().asString()
                .contains("cacheHit");
    }

    @Test
    void check_decisionAboveRatio_fails() throws IOException {
        GuardCheck.Outcome outcome = GuardCheck.check(json(healthy(51, 0.0)), thresholds());

        assertThat(outcome.failures()).singleElement().asString().contains("decideExactHit").contains("5.1x");
    }

    @Test
    void check_decisionAboveRatioAdvisory_passesAndSaysNotMet() throws IOException {
        GuardCheck.Outcome outcome = GuardCheck.check(json(healthy(51, 0.0)), thresholds(), true);

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.lines()).anySatisfy(l -> assertThat(l).contains("decideExactHit").contains("NOT MET"));
        assertThat(outcome.lines()).last().asString().startsWith("GUARD PASSED ON ALLOCATION");
    }

    @Test
    void check_decisionAllocatesWithRatioAdvisory_stillFails() throws IOException {
        GuardCheck.Outcome outcome = GuardCheck.check(json(healthy(51, 16.0)), thresholds(), true);

        assertThat(outcome.failures()).singleElement().asString().contains("allocates 16.0 B/op");
    }

    @Test
    void check_stringPathAboveRatio_printedNotJudged() throws IOException {
        // screenExactHit is 6.0x and screenMiss 5.5x probeHit/probeMiss: over ratio.max, but information only
        GuardCheck.Outcome outcome = GuardCheck.check(json(healthy(20, 0.0)), thresholds());

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.lines()).anySatisfy(l -> assertThat(l).contains("screenExactHit / ScreenBenchmark.probeHit").contains("6.0x"));
        assertThat(outcome.lines()).anySatisfy(l -> assertThat(l).contains("screenMiss / ScreenBenchmark.probeMiss").contains("5.5x"));
    }

    @Test
    void check_stringPathAllocates_fails() throws IOException {
        String[] results = healthy(20, 0.0);
        results[3] = result(SCREEN + "screenExactHit", "1000000", 60, 24.0);

        assertThat(GuardCheck.check(json(results), thresholds()).failures()).singleElement().asString()
                .contains("screenExactHit").contains("allocates 24.0 B/op");
    }

    @Test
    void check_stringPathMissing_stillPasses() throws IOException {
        String[] all = healthy(20, 0.0);
        String[] results = {all[0], all[1], all[2], all[5], all[6]}; // no screen*

        GuardCheck.Outcome outcome = GuardCheck.check(json(results), thresholds());
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.lines()).anySatisfy(l -> assertThat(l).contains("screenMiss / ScreenBenchmark.probeMiss").contains("not in the result"));
    }

    @Test
    void check_ratioUsesBestIteration_passesOnBest() throws IOException {
        // the mean (score) is 1.5x the best iteration in these results: 40 ns best is 4x, its mean 6x
        assertThat(GuardCheck.check(json(healthy(40, 0.0)), thresholds()).failures()).isEmpty();
    }

    @Test
    void check_baselineMissing_fails() throws IOException {
        String[] results = Arrays.copyOf(healthy(20, 0.0), 6); // no probeMiss (the last)

        assertThat(GuardCheck.check(json(results), thresholds()).failures()).singleElement().asString()
                .contains("probeMiss").contains("not in the result");
    }

    @Test
    void check_ratioAtOtherSizeOnly_fails() throws IOException {
        String[] results = healthy(20, 0.0);
        results[1] = result(SCREEN + "decideExactHit", "10000", 20, 0.0);

        assertThat(GuardCheck.check(json(results), thresholds()).failures()).singleElement().asString()
                .contains("decideExactHit at size 1000000 is not in the result");
    }

    @Test
    void check_runWithoutGcProfiler_fails() throws IOException {
        String[] results = healthy(20, 0.0);
        results[2] = result(SCREEN + "decideMiss", "1000000", 30, null);

        assertThat(GuardCheck.check(json(results), thresholds()).failures()).singleElement().asString()
                .contains("decideMiss").contains("-prof gc");
    }

    @Test
    void check_emptyResult_fails() throws IOException {
        assertThat(GuardCheck.check(json(), thresholds()).failures()).hasSize(3);
    }

    @Test
    void run_failingResultFile_exitsOneAndPrintsVerdict(@TempDir Path dir) throws IOException {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, "[" + String.join(",", healthy(100, 168.0)) + "]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = GuardCheck.run(new String[] {"guard-thresholds.properties", jmh.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("GUARD FAILED (2)").contains("10.0x");
    }

    @Test
    void run_severalPasses_ratioTakesEachSidesBestOverAllPasses_andEveryPassIsCheckedForAllocation(@TempDir Path dir)
            throws IOException {
        // pass 1: the machine slow for the decision (60 ns = 6x); pass 2, the pair again: 45 ns = 4.5x
        Path first = dir.resolve("pass1.json");
        Path second = dir.resolve("pass2.json");
        Files.writeString(first, "[" + String.join(",", healthy(60, 0.0)) + "]");
        Files.writeString(second, "[" + result(SCREEN + "decideExactHit", "1000000", 45, 0.0) + ","
                + result(SCREEN + "probeHit", "1000000", 11, 0.0) + "]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = GuardCheck.run(new String[] {"guard-thresholds.properties", first.toString(), second.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("GUARD PASSED").contains("4.5x");

        // an allocation in the second pass fails the guard even though the first pass was clean
        Files.writeString(second, "[" + result(SCREEN + "decideExactHit", "1000000", 45, 16.0) + "]");
        out.reset();
        code = GuardCheck.run(new String[] {"guard-thresholds.properties", first.toString(), second.toString(), "--ratio-advisory"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("GUARD FAILED (1)").contains("allocates 16.0 B/op");
    }

    @Test
    void run_missingFile_exitsTwo(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = GuardCheck.run(new String[] {"guard-thresholds.properties", dir.resolve("none.json").toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
    }

    @Test
    void from_badRatio_namesKey() {
        Properties p = new Properties();
        p.setProperty("alloc.maxBytesPerOp", "2");
        p.setProperty("alloc.benchmarks", ".*");
        p.setProperty("ratio.max", "five");
        p.setProperty("ratio.size", "1000000");
        p.setProperty("ratio.pairs", "a/b");

        assertThatThrownBy(() -> GuardCheck.Thresholds.from(p)).hasMessageContaining("ratio.max");
    }

    @Test
    void thresholdsFile_namesExistingBenchmarks() throws IOException {
        GuardCheck.Thresholds t = thresholds();
        assertThat(t.infoPairs()).isNotEmpty();
        for (GuardCheck.Pair pair : concat(t.ratioPairs(), t.infoPairs())) {
            assertThat(benchmarkExists(pair.decision())).as(pair.decision()).isTrue();
            assertThat(benchmarkExists(pair.baseline())).as(pair.baseline()).isTrue();
        }
        Pattern alloc = t.allocBenchmarks();
        assertThat(alloc.matcher(HIT).matches()).isTrue();
        assertThat(Arrays.stream(ScreenBenchmark.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class)
                        && (m.getName().startsWith("decide") || m.getName().startsWith("screen"))))
                .hasSizeGreaterThanOrEqualTo(6)
                .allMatch(m -> alloc.matcher(SCREEN + m.getName()).matches());
        assertThat(benchmarkExists(HIT)).isTrue();
    }

    private static java.util.List<GuardCheck.Pair> concat(java.util.List<GuardCheck.Pair> a, java.util.List<GuardCheck.Pair> b) {
        java.util.List<GuardCheck.Pair> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean benchmarkExists(String name) {
        String method = name.substring(name.lastIndexOf('.') + 1);
        Class<?> type = name.startsWith(SCREEN) ? ScreenBenchmark.class : NormaliseBenchmark.class;
        return Arrays.stream(type.getMethods())
                .anyMatch(m -> m.getName().equals(method) && m.isAnnotationPresent(Benchmark.class));
    }
}
