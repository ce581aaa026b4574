package screening.server.connection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import screening.server.config.ScreeningConfig;
import screening.server.time.TimeSource;

/**
 * One port's idle and request timeouts (SPEC section 15): an idle keep-alive connection is closed
 * after the idle timeout, and a request that has not arrived whole within the request timeout is
 * answered {@code 408} and closed. Each connection is a {@link TimedConnection}; one sweep per
 * event loop looks at that loop's connections periodically and calls them when a timeout is due.
 *
 * <p>Thread-safe. {@link #watch} and {@link Watch#cancel} are called on the connection's own event
 * loop (in {@code channelActive} and {@code channelInactive}); the sweep runs there too, so a
 * connection's fields are only ever touched by its one thread. Nothing here blocks.
 */
public final class ConnectionTimeouts {

    /*
     * Why a sweep, and not Netty's IdleStateHandler or a timer per connection:
     *
     * IdleStateHandler reads its ticker at every read and every write completion to note the last
     * activity, and keeps a scheduled task per connection that it re-arms on expiry; on the query
     * port that is a clock read on the path of every request. A timer per connection re-armed
     * lazily takes the clock read out of the path, but a request timeout starts when a request
     * starts, so each request's first byte would re-arm a timer (a priority-queue insert) or
     * leave the timer firing every request-timeout period per connection.
     *
     * Here a connection keeps two plain fields it has anyway, its phase (idle, receiving a
     * request, busy) and a progress count that moves when a request arrives whole or an answer
     * goes out, and each event loop runs one task per period that reads them for the loop's
     * connections. A phase seen with the same progress for a timeout's length is timed out. The
     * cost is one scheduled task per loop per period and a few field reads per connection per
     * sweep; nothing per request; at accept and close an array append and a swap-removal.
     *
     * The price is precision: a phase is timed from the first sweep that sees it, so a timeout
     * fires after its length and at most two periods more, never early. The period is an eighth
     * of the shorter timeout, between MIN_PERIOD_MS and MAX_PERIOD_MS.
     */

    static final long MIN_PERIOD_MS = 10;
    static final long MAX_PERIOD_MS = 1_000;

    private static final System.Logger LOG = System.getLogger(ConnectionTimeouts.class.getName());

    private final long idleNanos;
    private final long requestNanos;
    private final long periodNanos;
    private final TimeSource clock;
    private final Counter idleClosed;
    private final Counter requestsTimedOut;
    private final ConcurrentHashMap<EventExecutor, LoopSweep> sweeps = new ConcurrentHashMap<>();

    /**
     * @param port the port's name in metrics ({@code query} or {@code admin})
     * @param limits the port's timeouts
     * @param clock read once per sweep and once per new connection
     * @param registry where {@code screening_connections_timed_out_total{port,timeout}} is registered
     */
    public ConnectionTimeouts(String port, ScreeningConfig.Connections limits, TimeSource clock, MeterRegistry registry) {
        this.idleNanos = limits.idleTimeout().toNanos();
        this.requestNanos = limits.requestTimeout().toNanos();
        long eighth = Math.min(idleNanos, requestNanos) / 8;
        this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(MIN_PERIOD_MS),
                Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_PERIOD_MS), eighth));
        this.clock = clock;
        this.idleClosed = Counter.builder("screening.connections.timed.out")
                .description("connections closed by a timeout (SPEC section 15)")
                .tag("port", port).tag("timeout", "idle").register(registry);
        this.requestsTimedOut = Counter.builder("screening.connections.timed.out")
                .description("connections closed by a timeout (SPEC section 15)")
                .tag("port", port).tag("timeout", "request").register(registry);
    }

    /** How often each event loop sweeps its connections. */
    public long periodNanos() {
        return periodNanos;
    }

    /**
     * Starts timing {@code connection}, whose event loop is {@code loop}. Call on that loop.
     *
     * @return the handle whose {@link Watch#cancel} stops the timing (when the connection closes)
     */
    public Watch watch(EventExecutor loop, TimedConnection connection) {
        LoopSweep sweep = sweeps.get(loop);
        if (sweep == null) {
            sweep = sweeps.computeIfAbsent(loop, LoopSweep::new);
        }
        return sweep.add(connection);
    }

    /** One connection being timed; event loop only. */
    public final class Watch {
        private final LoopSweep sweep;
        private final TimedConnection connection;
        private int index;
        private TimedConnection.Phase phase;
        private long progress;
        private long since;

        private Watch(LoopSweep sweep, TimedConnection connection, int index) {
            this.sweep = sweep;
            this.connection = connection;
            this.index = index;
            this.phase = connection.phase();
            this.progress = connection.progress();
            this.since = clock.nanoTime();
        }

        /** Stops timing the connection; idempotent. Call on its event loop. */
        public void cancel() {
            if (index >= 0) {
                sweep.remove(this);
            }
        }
    }

    /** The connections of one event loop and the task that sweeps them; that loop only. */
    private final class LoopSweep implements Runnable {
        private Watch[] watches = new Watch[64];
        private int size;

        LoopSweep(EventExecutor loop) {
            loop.scheduleAtFixedRate(this, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }

        Watch add(TimedConnection c) {
            if (size == watches.length) {
                watches = Arrays.copyOf(watches, size * 2);
            }
            Watch w = new Watch(this, c, size);
            watches[size++] = w;
            return w;
        }

        void remove(Watch w) {
            int i = w.index;
            Watch last = watches[--size];
            watches[i] = last;
            last.index = i;
            watches[size] = null;
            w.index = -1;
        }

        @Override
        public void run() {
            long now = clock.nanoTime();
            // downwards, so that a connection removed during its callback moves one already seen
            for (int i = size - 1; i >= 0; i--) {
                if (i >= size) {
                    continue;
                }
                Watch w = watches[i];
                TimedConnection c = w.connection;
                TimedConnection.Phase phase = c.phase();
                long progress = c.progress();
                if (phase != w.phase || progress != w.progress) {
                    w.phase = phase;
                    w.progress = progress;
                    w.since = now;
                } else if (phase == TimedConnection.Phase.RECEIVING && now - w.since >= requestNanos) {
                    w.since = now;
                    requestsTimedOut.increment();
                    timedOut(c, true);
                } else if (phase == TimedConnection.Phase.IDLE && now - w.since >= idleNanos) {
                    w.since = now;
                    idleClosed.increment();
                    timedOut(c, false);
                }
            }
        }

        private void timedOut(TimedConnection c, boolean request) {
            try {
                if (request) {
                    c.requestTimedOut();
                } else {
                    c.idleTimedOut();
                }
            } catch (RuntimeException e) {
                // one connection's failure must not stop the sweep of the others
                LOG.log(System.Logger.Level.WARNING, "closing a timed-out connection failed: {0}", e.toString());
            }
        }
    }
}
