package screening.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import screening.core.Channel;
import screening.server.metrics.ScreeningMetrics;

/**
 * Rough design-load figure for docs/operations.md (not a test, not a benchmark of the hot path):
 * how many contact attempts a second the audit writer makes durable on this disk, with the queue
 * kept full (group commit at its largest batches), and at a steady offered rate.
 *
 * <p>{@code java -cp ... screening.server.audit.AuditLoadMain [attempts] [dir]}
 */
public final class AuditLoadMain {

    private AuditLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("audit-load");
        // one fsync pair alone: the latency of an idle, single attempt
        try (AuditLog a = AuditLog.open(dir.resolve("single"), new ScreeningMetrics())) {
            long t0 = System.nanoTime();
            int k = 200;
            for (int i = 0; i < k; i++) {
                a.append(AuditLog.EventType.AUTH_FAILED, "system", java.util.Map.of("remote", "load"));
            }
            System.out.printf("one event per fsync: %.2f ms per event (%d events)%n",
                    (System.nanoTime() - t0) / 1e6 / k, k);
        }
        try (AuditLog a = AuditLog.open(dir.resolve("flood"), new ScreeningMetrics())) {
            long t0 = System.nanoTime();
            long offered = 0;
            while (offered < n) {
                if (a.offerContactAttempt("1234", "HULL", "SPC-2026-000101", Channel.PHONE)) {
                    offered++;
                } else {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000); // leave the cores to the writer
                }
            }
            while (a.lastSeq() < n) {
                Thread.onSpinWait();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("flood: %d contact attempts durable in %.2f s = %.0f /s (queue full most of the time)%n",
                    n, secs, n / secs);
        }
        for (int rate : new int[] {10_000, 50_000, 100_000}) {
            try (AuditLog a = AuditLog.open(dir.resolve("rate-" + rate), new ScreeningMetrics())) {
                long start = System.nanoTime();
                int total = rate * 10;
                long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
                for (int i = 0; i < total; i++) {
                    long due = start + i * periodNanos;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    a.offerContactAttempt("1234", "HULL", "SPC-2026-000101", Channel.PHONE);
                }
                while (a.lastSeq() + a.droppedCount() < total) {
                    Thread.onSpinWait();
                }
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("steady %d/s for 10 s: dropped %d, all durable after %.2f s%n", rate, a.droppedCount(), secs);
            }
        }
    }
}
