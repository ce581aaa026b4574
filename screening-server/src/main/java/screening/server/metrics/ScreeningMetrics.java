package screening.server.metrics;

import screening.core.Snapshot;
import screening.core.Verdict;

/**
 * The filter's metrics (SPEC section 5, {@code GET /metrics}).
 *
 * <p>PLACEHOLDER (issue 3): no-ops. The real one uses Micrometer's Prometheus registry and
 * records without allocating per call.
 */
public final class ScreeningMetrics {

    /** Records one decision and its server-side latency. Event loop; must not allocate. */
    public void recordDecision(Verdict verdict, long nanos) {
    }

    /** Counts one contact attempt (a DENY BLOCKED). */
    public void contactAttempt() {
    }

    /** Counts one contact attempt lost because the audit queue was full. */
    public void auditDropped() {
    }

    /** Counts one refused register file, by source and cause. */
    public void registerRefusal(String source, String cause) {
    }

    /** Updates the snapshot gauges (version, entries per source). Writer thread. */
    public void snapshotPublished(Snapshot snapshot) {
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return "";
    }
}
