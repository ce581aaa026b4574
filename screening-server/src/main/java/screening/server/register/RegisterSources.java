package screening.server.register;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.metrics.ScreeningMetrics;
import screening.server.time.TimeSource;

/**
 * Every configured register source (SPEC section 6): loads the last good copies at start, polls
 * each source on a daemon thread of its own at its {@code pollInterval}, validates each new file
 * whole, keeps it in {@code dataDir/sources/}, and hands it to the {@link SnapshotPublisher}. A
 * refused file or a failed fetch changes nothing: the last good copy keeps serving.
 *
 * <p>Threads: {@link #loadAtStart} and {@link #pollNow} block until done (network within the
 * timeouts, parsing, fsync) and must never be called on an event loop; {@link #status} never
 * blocks and may be called from any thread. Nothing here throws for an unreachable or bad source:
 * that shows in {@link #status}.
 */
public final class RegisterSources implements AutoCloseable {

    /*
     * One RegisterPoller per source, each with its own single thread: a slow or hung register
     * cannot delay another, and a source's scheduled poll and an operator's pollNow never overlap
     * (both run on that thread). Start-up runs the per-source loads in parallel on those threads and
     * waits for all, so N unreachable sources cost one timeout, not N.
     */

    private static final System.Logger LOG = System.getLogger(RegisterSources.class.getName());

    /**
     * Network and timing settings that the config (SPEC section 11) does not expose.
     *
     * @param connectTimeout TCP/TLS connect timeout of an HTTP(S) fetch
     * @param requestTimeout the whole HTTP exchange, body included
     * @param maxBackoff the most a failing source waits between polls (also capped at 10 x its
     *     pollInterval)
     * @param clock the time {@code lastSuccess} is read from
     * @param jitter the backoff's randomness: given {@code n > 0}, a number from 0 to
     *     {@code n - 1}; called on poller threads
     */
    public record Options(Duration connectTimeout, Duration requestTimeout, Duration maxBackoff, TimeSource clock,
            LongUnaryOperator jitter) {
        /** 5 s connect, 60 s per exchange, 5 min backoff cap, the system clock, random jitter. */
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofMinutes(5), TimeSource.system(), n -> ThreadLocalRandom.current().nextLong(n));

        public Options {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(jitter, "jitter");
            if (connectTimeout.isNegative() || connectTimeout.isZero()
                    || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("register timeouts must be positive");
            }
        }
    }

    private final List<RegisterPoller> pollers = new ArrayList<>();
    private volatile boolean closed;

    /** Sources with {@link Options#DEFAULTS}. */
    public RegisterSources(ScreeningConfig.Register config, Path dataDir, EntryValidator validator,
            SnapshotPublisher publisher, AuditLog audit, ScreeningMetrics metrics) {
        this(config, dataDir, validator, publisher, audit, metrics, Options.DEFAULTS);
    }

    /**
     * @throws IllegalArgumentException for a source name that is not 1 to 64 of
     *     {@code [A-Za-z0-9_-]}, is {@code local} or repeats, or a url scheme other than
     *     {@code file:}, {@code http:}, {@code https:}, {@code classpath:}
     */
    public RegisterSources(ScreeningConfig.Register config, Path dataDir, EntryValidator validator,
            SnapshotPublisher publisher, AuditLog audit, ScreeningMetrics metrics, Options options) {
        LastGoodCopyStore store = new LastGoodCopyStore(dataDir);
        Set<String> names = new HashSet<>();
        for (ScreeningConfig.Source s : config.sources()) {
            if (!RegisterHeader.SOURCE_NAME.matcher(s.name()).matches()) {
                throw new IllegalArgumentException("register.sources name '" + s.name()
                        + "' must be 1 to 64 of [A-Za-z0-9_-]");
            }
            if (s.name().equals(Entry.LOCAL_SOURCE) || !names.add(s.name())) {
                throw new IllegalArgumentException("register.sources name '" + s.name()
                        + "' is reserved or used twice");
            }
            RegisterPoller poller = new RegisterPoller(s, store, validator, publisher, audit, metrics,
                    config.maxShrinkPercent(s), options);
            pollers.add(poller);
            metrics.registerSource(s.name(), s.pollInterval().toMillis() / 1000.0,
                    Arrays.stream(RefusalCause.values()).map(RefusalCause::name).toList(), poller,
                    p -> p.status().version() == null ? -1 : p.status().version(),
                    p -> p.status().lastSuccess() == null ? 0 : p.status().lastSuccess().toEpochMilli() / 1000.0);
        }
    }

    /**
     * Loads the last good copy of every source from {@code dataDir} (re-validated whole); a source
     * without one gets one fetch, bounded by the timeouts. Returns when every source is loaded or
     * has failed; a failed source stays missing (the filter is not ready, SPEC section 7) and its
     * status says why. Call before listening.
     */
    public void loadAtStart() throws IOException {
        awaitAll(pollers.stream().map(RegisterPoller::loadAtStart).toList());
    }

    /** Starts polling every source at its interval (the first poll one interval from now). */
    public void start() {
        pollers.forEach(RegisterPoller::start);
    }

    /**
     * Polls every source now and returns when each poll has finished (loaded, unchanged, refused
     * or failed). {@code force} overrides the shrink guard for this one load of each source.
     */
    public void pollNow(boolean force) {
        if (closed) {
            return;
        }
        List<Future<?>> polls = new ArrayList<>();
        for (RegisterPoller p : pollers) {
            try {
                polls.add(p.pollNow(force));
            } catch (RejectedExecutionException ex) {
                return; // closing
            }
        }
        awaitAll(polls);
    }

    /** The status of every source, in config order. Never blocks. */
    public List<SourceStatus> status() {
        List<SourceStatus> out = new ArrayList<>(pollers.size());
        for (RegisterPoller p : pollers) {
            out.add(p.status());
        }
        return out;
    }

    /** Stops polling; a poll in progress is interrupted. */
    @Override
    public void close() {
        closed = true;
        pollers.forEach(RegisterPoller::close);
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.CancellationException ex) {
                return; // closed while polling
            } catch (ExecutionException ex) {
                LOG.log(Level.ERROR, "register poll failed", ex.getCause());
            }
        }
    }
}
