package screening.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import screening.core.DialledNumberNormaliser;
import screening.core.EntryIndex;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Snapshot;
import screening.core.Verdict;

class ScreeningMetricsTest {

    private static Verdict verdict(Screener screener, String dialled) {
        Verdict v = new Verdict();
        screener.screen("1234", "HULL", dialled, v);
        return v;
    }

    private static Screener screener() {
        Screener s = new Screener(ScreeningPolicy.DEFAULT, new DialledNumberNormaliser(NumberingPlan.DEFAULT),
                InstantSource.system());
        s.publish(Snapshot.of(3, List.of(EntryIndex.empty("local"), EntryIndex.empty("national"))));
        return s;
    }

    @Test
    void scrape_afterDecisions_showsEveryMetricOfTheSpec() {
        ScreeningMetrics m = new ScreeningMetrics();
        Screener s = screener();
        m.snapshotPublished(s.current());
        m.recordDecision(verdict(s, "07700900456"), 12_000);
        m.recordDecision(verdict(s, "not a number"), 3_000);
        m.contactAttempt();
        m.auditDropped();
        m.registerRefusal("national", "SHRINK");

        String text = m.scrape();

        assertThat(text)
                .contains("screening_decisions_total{channel=\"PHONE\",decision=\"ALLOW\",reason=\"NOT_BLOCKED\"} 1.0")
                .contains("screening_decisions_total{channel=\"PHONE\",decision=\"DENY\",reason=\"INVALID_NUMBER\"} 1.0")
                .contains("screening_decisions_total{channel=\"PHONE\",decision=\"DENY\",reason=\"BLOCKED\"} 0.0")
                .contains("screening_decisions_total{channel=\"EMAIL\",decision=\"DENY\",reason=\"INVALID_EMAIL\"} 0.0")
                .contains("screening_decisions_total{channel=\"POST\",decision=\"DENY\",reason=\"BLOCKED\"} 0.0")
                .contains("screening_decision_seconds_bucket{le=\"1.0E-5\"} 1")
                .contains("screening_decision_seconds_count 2")
                .contains("screening_snapshot_version 3.0")
                .contains("screening_snapshot_entries{source=\"national\"} 0.0")
                .contains("screening_register_refusals_total{cause=\"SHRINK\",source=\"national\"} 1.0")
                .contains("screening_contact_attempts_total 1.0")
                .contains("screening_audit_dropped_total 1.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage");
    }

    @Test
    void recordDecision_manyCalls_allocatesNothingPerCall() {
        ScreeningMetrics m = new ScreeningMetrics();
        Verdict v = verdict(screener(), "07700900456");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) { // warm up: JIT, LongAdder cells
            m.recordDecision(v, i);
        }

        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000_000; i++) {
            m.recordDecision(v, i);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        // a single allocation per call would be at least 16 MB here; allow a little for the MXBean itself
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void decisionSeconds_fromSeveralThreads_isOneCumulativeHistogramWhoseInfBucketIsTheCount() throws Exception {
        ScreeningMetrics m = new ScreeningMetrics();
        Verdict v = verdict(screener(), "07700900456");
        // every bucket edge and each side of it, from 4 threads, each value recorded once per thread
        long[] values = {0, 999, 1_000, 1_001, 9_999, 10_000, 10_001, 99_999_999, 100_000_000, 100_000_001, -5};
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (long n : values) {
                    m.recordDecision(v, n);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }

        String text = m.scrape();

        // cumulative: le=1us holds 0, 999, 1000 and the negative (counted as 0): 4 a thread
        assertThat(text)
                .contains("# TYPE screening_decision_seconds histogram")
                .contains("screening_decision_seconds_bucket{le=\"1.0E-6\"} 16")
                .contains("screening_decision_seconds_bucket{le=\"2.0E-6\"} 20")
                .contains("screening_decision_seconds_bucket{le=\"1.0E-5\"} 28")
                .contains("screening_decision_seconds_bucket{le=\"0.1\"} 40")
                .contains("screening_decision_seconds_bucket{le=\"+Inf\"} 44")
                .contains("screening_decision_seconds_count 44");
        // 4 x (33 us + 300 ms), the negative as 0
        assertThat(text).contains("screening_decision_seconds_sum 1.200132");
    }

    @Test
    void scrape_sourceFeedAndBurst_showsTheGaugesTheAlertRulesRead() {
        ScreeningMetrics m = new ScreeningMetrics();
        long[] version = {-1};
        m.registerSource("national", 5, List.of("CHECKSUM", "SHRINK"), version, v -> v[0], v -> 1_800_000_000);
        m.localFeed(version, v -> 7);
        m.feedRead("hull-b", "peer", 6, 1_800_000_000_500L);
        m.contactAttemptWritten("SPC-1", "1001", 0);
        m.contactAttemptWritten("SPC-1", "1002", 1);

        String before = m.scrape();
        version[0] = 12;
        m.contactAttemptsIdle(ScreeningMetrics.BURST_WINDOW_MILLIS + 1);
        String after = m.scrape();

        assertThat(before)
                .contains("screening_source_version{source=\"national\"} -1.0")
                .contains("screening_source_last_success_seconds{source=\"national\"} 1.8E9")
                .contains("screening_source_poll_interval_seconds{source=\"national\"} 5.0")
                .contains("screening_register_refusals_total{cause=\"CHECKSUM\",source=\"national\"} 0.0")
                .contains("screening_feed_version 7.0")
                .contains("screening_feed_reader_version{role=\"peer\",token=\"hull-b\"} 6.0")
                .contains("screening_feed_reader_last_read_seconds{role=\"peer\",token=\"hull-b\"} 1.8000000005E9")
                .contains("screening_contact_attempts_burst_max 2.0")
                .contains("screening_contact_attempts_burst_pins 2.0");
        assertThat(after)
                .contains("screening_source_version{source=\"national\"} 12.0")
                .contains("screening_contact_attempts_burst_max 0.0")
                .contains("screening_contact_attempts_burst_pins 0.0");
    }
}
