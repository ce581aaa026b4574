package screening.server.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The decision-latency histogram, {@code screening_decision_seconds} (SPEC section 5): fixed
 * buckets from 1 us to 100 ms, recorded per thread and summed when scraped.
 *
 * <p>{@link #record} runs on event loops: no lock, no atomic read-modify-write, no allocation
 * after a thread's first call. {@link #collect} may run on any thread.
 */
final class DecisionLatency implements Collector {

    /*
     * Why not Micrometer's Timer: its Prometheus timer, per call, adds to two LongAdders, updates a
     * time-window max (a clock read and a compare-and-set), and increments a bucket of one
     * AtomicLongArray shared by every event loop after a binary search. With two event loops
     * that bucket's cache line moves between the cores on nearly every call (JFR under wrk shows
     * it; docs/performance.md).
     *
     * Here each recording thread owns a stripe (found through a ThreadLocal) and is its only
     * writer, so an increment is a plain read and an opaque write: a plain store on x86, and never
     * torn, so a scrape reads each counter whole, at most a call behind. The count is the sum of
     * the buckets, so the +Inf bucket always equals it; the sum may trail by the calls in flight.
     */

    /** Upper bounds, inclusive, in nanoseconds; the last bucket (+Inf) takes the rest. */
    static final long[] BOUNDS_NANOS = {
        1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
        1_000_000, 2_000_000, 5_000_000, 10_000_000, 100_000_000,
    };

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SUM;

    static {
        try {
            SUM = MethodHandles.lookup().findVarHandle(Stripe.class, "sumNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final String help;
    // lock-free: a thread's first record() adds its stripe here, on an event loop
    private final ConcurrentLinkedQueue<Stripe> stripes = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Stripe> local = ThreadLocal.withInitial(() -> {
        Stripe s = new Stripe();
        stripes.add(s);
        return s;
    });

    /** One thread's counters; written by that thread only. */
    private static final class Stripe {
        final long[] counts = new long[BOUNDS_NANOS.length + 1];
        long sumNanos;
    }

    /**
     * @param name the Prometheus name, ending in {@code _seconds}
     * @param help the metric's help text
     */
    DecisionLatency(String name, String help) {
        this.name = name;
        this.help = help;
    }

    /** Records one decision that took {@code nanos} (negative counts as 0). Any thread; see the class note. */
    void record(long nanos) {
        final long n = Math.max(0, nanos);
        final Stripe s = local.get();
        final long[] bounds = BOUNDS_NANOS;
        int i = 0;
        while (i < bounds.length && n > bounds[i]) {
            i++; // a decision takes microseconds: one to four compares
        }
        final long[] c = s.counts;
        COUNTS.setOpaque(c, i, (long) COUNTS.getOpaque(c, i) + 1);
        SUM.setOpaque(s, (long) SUM.getOpaque(s) + n);
    }

    @Override
    public MetricSnapshot collect() {
        long[] counts = new long[BOUNDS_NANOS.length + 1];
        long sum = 0;
        for (Stripe s : stripes) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += (long) COUNTS.getOpaque(s.counts, i);
            }
            sum += (long) SUM.getOpaque(s);
        }
        double[] upper = new double[counts.length];
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            upper[i] = BOUNDS_NANOS[i] / 1e9;
        }
        upper[BOUNDS_NANOS.length] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
                        .sum(sum / 1e9)
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
