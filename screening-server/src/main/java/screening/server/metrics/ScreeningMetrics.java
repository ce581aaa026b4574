package screening.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import screening.core.Channel;
import screening.core.Decision;
import screening.core.EntryIndex;
import screening.core.Reason;
import screening.core.Snapshot;
import screening.core.Verdict;

/**
 * The filter's metrics (SPEC section 5, {@code GET /metrics}), in Micrometer's Prometheus
 * registry.
 *
 * <p>Thread-safe. {@link #recordDecision} and {@link #contactAttempt} run on event loops: they
 * never block, never take a lock and never allocate (the counters are looked up in an array
 * filled at construction, and the histogram has fixed buckets). {@link #scrape} may be called
 * from any thread.
 */
public final class ScreeningMetrics {

    /*
     * Decision counters: one Counter per (decision, reason) pair that SPEC section 3 can produce,
     * registered up front and kept in an array indexed by ordinals, so recording is two array
     * loads and a LongAdder increment: no tag lookup, no Tags object, no map.
     *
     * The latency histogram uses explicit service-level buckets from 1 us to 100 ms rather than
     * Micrometer's percentile histogram (hundreds of buckets): a decision takes microseconds, and
     * the switch cares whether it ever takes milliseconds. It is not a Micrometer Timer but a
     * collector of its own on the same Prometheus registry, with per-thread counters
     * (DecisionLatency explains why); it has no _max series.
     */

    private final PrometheusMeterRegistry registry;
    private final Counter[] decisions; // [decision.ordinal() * REASONS + reason.ordinal()]
    private final DecisionLatency decisionLatency;
    private final Counter contactAttempts;
    private final Counter auditDropped;
    private final Counter connectionFailures;
    private final AtomicLong snapshotVersion = new AtomicLong(-1);
    private final Map<String, AtomicLong> entriesBySource = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong[]> feedReaders = new ConcurrentHashMap<>();
    private final ContactAttemptBursts bursts = new ContactAttemptBursts(BURST_WINDOW_MILLIS);

    /** The window of {@code screening_contact_attempts_burst_max} and its PIN count: 15 minutes. */
    public static final long BURST_WINDOW_MILLIS = 15 * 60 * 1000;

    private static final int REASONS = Reason.values().length;
    private static final int DECISIONS = Decision.values().length;

    /** A registry with every meter registered (JVM basics included). */
    public ScreeningMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        decisions = new Counter[Channel.values().length * DECISIONS * REASONS];
        for (Channel c : Channel.values()) {
            register(c, Decision.ALLOW, Reason.NOT_BLOCKED);
            register(c, Decision.ALLOW, Reason.APPROVED);
            register(c, Decision.ALLOW, Reason.UNAVAILABLE);
            register(c, Decision.DENY, Reason.BLOCKED);
            register(c, Decision.DENY, Reason.NOT_APPROVED);
            register(c, Decision.DENY, Reason.UNAVAILABLE);
            register(c, Decision.DENY, switch (c) {
                case PHONE -> Reason.INVALID_NUMBER;
                case EMAIL -> Reason.INVALID_EMAIL;
                case POST -> Reason.INVALID_ADDRESS;
            });
        }
        // any other triple cannot happen (SPEC sections 3 and 12); count it rather than fail if it ever does
        Counter unexpected = Counter.builder("screening.decisions.unexpected")
                .description("decisions whose (decision, reason) pair SPEC section 3 does not produce for their channel")
                .register(registry);
        for (int i = 0; i < decisions.length; i++) {
            if (decisions[i] == null) {
                decisions[i] = unexpected;
            }
        }
        decisionLatency = new DecisionLatency("screening_decision_seconds",
                "server-side time of one decision, from request decoded to answer encoded");
        registry.getPrometheusRegistry().register(decisionLatency);
        contactAttempts = Counter.builder("screening.contact.attempts")
                .description("DENY BLOCKED decisions: attempts to reach a blocked number").register(registry);
        auditDropped = Counter.builder("screening.audit.dropped")
                .description("contact attempts lost: the audit queue was full, or the audit log could not be written")
                .register(registry);
        connectionFailures = Counter.builder("screening.query.connection.failures")
                .description("query connections closed by an unexpected error").register(registry);
        Gauge.builder("screening.contact.attempts.burst.max", bursts, ContactAttemptBursts::maxAttempts)
                .description("the most contact attempts on any one entry in the last 15 minutes")
                .register(registry);
        Gauge.builder("screening.contact.attempts.burst.pins", bursts, ContactAttemptBursts::maxPins)
                .description("the most different PINs that tried any one entry in the last 15 minutes")
                .register(registry);
        Gauge.builder("screening.snapshot.version", snapshotVersion, AtomicLong::get)
                .description("version of the snapshot answering queries; -1 before the first").register(registry);
        ByteBufAllocatorMetric alloc = PooledByteBufAllocator.DEFAULT.metric();
        Gauge.builder("netty.allocator.used.direct.memory", alloc, ByteBufAllocatorMetric::usedDirectMemory)
                .baseUnit("bytes").description("direct memory held by Netty's pooled allocator").register(registry);
        Gauge.builder("netty.allocator.used.heap.memory", alloc, ByteBufAllocatorMetric::usedHeapMemory)
                .baseUnit("bytes").description("heap memory held by Netty's pooled allocator").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private void register(Channel c, Decision d, Reason r) {
        decisions[(c.ordinal() * DECISIONS + d.ordinal()) * REASONS + r.ordinal()] = Counter.builder("screening.decisions")
                .description("decisions taken on the query port")
                .tag("decision", d.name()).tag("reason", r.name()).tag("channel", c.name())
                .register(registry);
    }

    /** Records one decision on a number and its server-side latency. Event loop; must not allocate. */
    public void recordDecision(Verdict verdict, long nanos) {
        decisions[verdict.decision().ordinal() * REASONS + verdict.reason().ordinal()].increment(); // PHONE is ordinal 0
        decisionLatency.record(nanos);
    }

    /** Records one decision on {@code channel} and its server-side latency. Event loop; must not allocate. */
    public void recordDecision(Channel channel, Verdict verdict, long nanos) {
        decisions[(channel.ordinal() * DECISIONS + verdict.decision().ordinal()) * REASONS + verdict.reason().ordinal()]
                .increment();
        decisionLatency.record(nanos);
    }

    /** Counts one contact attempt (a DENY BLOCKED). */
    public void contactAttempt() {
        contactAttempts.increment();
    }

    /**
     * Counts one contact attempt written to the audit log, on {@code ref} from {@code pin}, in
     * the burst gauges. Called by the audit writer's one thread only, with its clock.
     */
    public void contactAttemptWritten(String ref, String pin, long millis) {
        bursts.record(ref, pin, millis);
    }

    /** Lets the burst gauges forget attempts older than their window. The audit writer's thread only. */
    public void contactAttemptsIdle(long nowMillis) {
        bursts.slide(nowMillis);
    }

    /**
     * Registers one register source's gauges: {@code screening_source_version{source}} (the
     * version loaded, -1 before the first), {@code screening_source_last_success_seconds{source}}
     * (when a file was last loaded or found unchanged, Unix seconds; 0 before the first) and
     * {@code screening_source_poll_interval_seconds{source}}, and the source's
     * {@code screening_register_refusals_total{source,cause}} at 0 for every cause in
     * {@code refusalCauses}, so that a first refusal is an increase. The functions are called at
     * each scrape, on the scraping thread, on {@code poller} (held weakly, as Micrometer holds
     * what it observes): they must not block.
     */
    public <T> void registerSource(String source, double pollIntervalSeconds, Iterable<String> refusalCauses, T poller,
            ToDoubleFunction<T> version, ToDoubleFunction<T> lastSuccessSeconds) {
        for (String cause : refusalCauses) {
            refusalCounter(source, cause);
        }
        Gauge.builder("screening.source.version", poller, version).tag("source", source)
                .description("version of the register file loaded from the source; -1 before the first")
                .register(registry);
        Gauge.builder("screening.source.last.success.seconds", poller, lastSuccessSeconds).tag("source", source)
                .description("when a file of the source was last loaded or found unchanged (Unix time); 0 before the first")
                .register(registry);
        Gauge.builder("screening.source.poll.interval.seconds", () -> pollIntervalSeconds).tag("source", source)
                .description("the source's configured poll interval").register(registry);
    }

    /**
     * Registers {@code screening_feed_version}: the version of this node's local feed (SPEC
     * section 14), read from {@code feed} at each scrape (held weakly; must not block).
     */
    public <T> void localFeed(T feed, ToDoubleFunction<T> version) {
        Gauge.builder("screening.feed.version", feed, version)
                .description("version of this node's local feed (GET /admin/v1/feed)").register(registry);
    }

    /**
     * Records that the token {@code token}, of role {@code role}, read the local feed at
     * {@code version}: {@code screening_feed_reader_version{token,role}} and
     * {@code screening_feed_reader_last_read_seconds{token,role}} (Unix time). One series per
     * token name, and token names come from the config, so their number is bounded. Any thread;
     * never blocks.
     */
    public void feedRead(String token, String role, long version, long atMillis) {
        AtomicLong[] r = feedReaders.computeIfAbsent(token, t -> {
            AtomicLong[] v = {new AtomicLong(), new AtomicLong()};
            Gauge.builder("screening.feed.reader.version", v[0], AtomicLong::get).tag("token", t).tag("role", role)
                    .description("the feed version this token last read").register(registry);
            Gauge.builder("screening.feed.reader.last.read.seconds", v[1], n -> n.get() / 1000.0).tag("token", t)
                    .tag("role", role).description("when this token last read the feed (Unix time)").register(registry);
            return v;
        });
        r[0].set(version);
        r[1].set(atMillis);
    }

    /** Counts one contact attempt lost: the audit queue was full, or its write failed. */
    public void auditDropped() {
        auditDropped.increment();
    }

    /**
     * Registers the write state of one file in the data directory: the gauges
     * {@code screening_storage_full{file}} (1 while its last write failed for want of space) and
     * {@code screening_storage_failing{file}} (1 while it failed for another reason), and the
     * counter {@code screening_storage_write_failures_total{file}}, all read from {@code writes}
     * (held only weakly, as Micrometer holds what it observes: its owner keeps it). The functions
     * are called at each scrape, on the scraping thread: they must not block.
     */
    public <T> void storageFile(String file, T writes, Predicate<T> full, Predicate<T> failing,
            ToLongFunction<T> failures) {
        Gauge.builder("screening.storage.full", writes, w -> full.test(w) ? 1 : 0).tag("file", file)
                .description("1 while the file's last write failed for want of space").register(registry);
        Gauge.builder("screening.storage.failing", writes, w -> failing.test(w) ? 1 : 0).tag("file", file)
                .description("1 while the file's last write failed for a reason other than space").register(registry);
        FunctionCounter.builder("screening.storage.write.failures", writes, failures::applyAsLong)
                .tag("file", file).description("failed writes or fsyncs of the file, each cut back")
                .register(registry);
    }

    /** Counts one query connection closed by an unexpected error. Event loop. */
    public void connectionFailure() {
        connectionFailures.increment();
    }

    /** How many query connections were closed by an unexpected error (tests, status). */
    public long connectionFailures() {
        return (long) connectionFailures.count();
    }

    /** Counts one refused register file, by source and cause. */
    public void registerRefusal(String source, String cause) {
        refusalCounter(source, cause).increment();
    }

    private Counter refusalCounter(String source, String cause) {
        return refusals.computeIfAbsent(source + '\u0000' + cause, k -> Counter.builder("screening.register.refusals")
                .description("register files refused (the last good copy kept serving)")
                .tag("source", source).tag("cause", cause)
                .register(registry));
    }

    /** Updates the snapshot gauges (version, entries per source). Writer thread. */
    public void snapshotPublished(Snapshot snapshot) {
        snapshotVersion.set(snapshot.version());
        for (EntryIndex index : snapshot.indexes()) {
            entriesBySource.computeIfAbsent(index.source(), s -> {
                AtomicLong n = new AtomicLong();
                Gauge.builder("screening.snapshot.entries", n, AtomicLong::get)
                        .description("entries in the live snapshot, by source")
                        .tag("source", s).register(registry);
                return n;
            }).set(index.size());
        }
    }

    /** The registry, for binders the servers add (any thread). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
