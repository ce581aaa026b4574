package screening.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import screening.server.config.ScreeningConfig;
import screening.server.time.ManualTimeSource;

/**
 * The sweep on a real event loop, with connections whose phase the test sets and a clock the test
 * moves: a timeout is due only after its whole length with the same phase and progress.
 */
class ConnectionTimeoutsTest {

    // short, so that the real sweep period (an eighth of the shorter) is 100 ms
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration REQUEST = Duration.ofMillis(800);
    private static final Duration STEP = Duration.ofMillis(100);

    private final EventLoop loop = new DefaultEventLoop();
    private final ManualTimeSource clock = new ManualTimeSource();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConnectionTimeouts timeouts = new ConnectionTimeouts("admin",
            new ScreeningConfig.Connections(16, IDLE, REQUEST), clock, registry);

    /** A connection whose phase and progress the test sets; counts the sweep's calls. */
    private static class Fake implements TimedConnection {
        volatile Phase phase = Phase.IDLE;
        volatile long progress;
        final AtomicInteger requestTimeouts = new AtomicInteger();
        final AtomicInteger idleTimeouts = new AtomicInteger();

        @Override
        public Phase phase() {
            return phase;
        }

        @Override
        public long progress() {
            return progress;
        }

        @Override
        public void requestTimedOut() {
            requestTimeouts.incrementAndGet();
            phase = Phase.BUSY;
        }

        @Override
        public void idleTimedOut() {
            idleTimeouts.incrementAndGet();
            phase = Phase.BUSY;
        }
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private <T> T onLoop(Callable<T> c) throws Exception {
        return loop.submit(c).get(10, TimeUnit.SECONDS);
    }

    private ConnectionTimeouts.Watch watch(Fake f) throws Exception {
        return onLoop(() -> timeouts.watch(loop, f));
    }

    /** Waits until the loop has swept at least twice more (the sweep runs on real time). */
    private void sweeps() throws Exception {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(2 * timeouts.periodNanos()) + 50);
        onLoop(() -> null);
    }

    private double timedOut(String timeout) {
        return registry.get("screening.connections.timed.out").tag("port", "admin").tag("timeout", timeout).counter().count();
    }

    @Test
    void periodNanos_shorterTimeoutOverEight_betweenTenMsAndOneSecond() {
        assertThat(timeouts.periodNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        ConnectionTimeouts slow = new ConnectionTimeouts("query",
                new ScreeningConfig.Connections(1, Duration.ofMinutes(10), Duration.ofSeconds(10)), clock, registry);
        assertThat(slow.periodNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        ConnectionTimeouts fast = new ConnectionTimeouts("query",
                new ScreeningConfig.Connections(1, Duration.ofMillis(400), Duration.ofSeconds(1)), clock, registry);
        assertThat(fast.periodNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        ConnectionTimeouts tiny = new ConnectionTimeouts("query",
                new ScreeningConfig.Connections(1, Duration.ofMillis(1), Duration.ofMillis(1)), clock, registry);
        assertThat(tiny.periodNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void sweep_receivingForTheRequestTimeout_requestTimedOutOnce() throws Exception {
        Fake f = new Fake();
        f.phase = TimedConnection.Phase.RECEIVING;
        watch(f);

        clock.advance(REQUEST.minus(STEP));
        sweeps();
        assertThat(f.requestTimeouts).hasValue(0);
        clock.advance(STEP);
        sweeps();

        assertThat(f.requestTimeouts).hasValue(1);
        assertThat(f.idleTimeouts).hasValue(0);
        assertThat(timedOut("request")).isEqualTo(1.0);
    }

    @Test
    void sweep_idleForTheIdleTimeout_idleTimedOut() throws Exception {
        Fake f = new Fake();
        watch(f);

        clock.advance(IDLE.minus(STEP));
        sweeps();
        assertThat(f.idleTimeouts).hasValue(0);
        clock.advance(STEP);
        sweeps();

        assertThat(f.idleTimeouts).hasValue(1);
        assertThat(timedOut("idle")).isEqualTo(1.0);
    }

    @Test
    void sweep_progressBetweenSweeps_restartsTheTimeout() throws Exception {
        Fake f = new Fake();
        f.phase = TimedConnection.Phase.RECEIVING;
        watch(f);

        clock.advance(REQUEST.minus(STEP));
        sweeps();
        f.progress++; // a request arrived whole and the next one started
        sweeps();
        clock.advance(REQUEST.minus(STEP));
        sweeps();

        assertThat(f.requestTimeouts).hasValue(0);
    }

    @Test
    void sweep_phaseChange_restartsTheTimeout() throws Exception {
        Fake f = new Fake();
        watch(f);

        clock.advance(IDLE.minus(STEP));
        sweeps();
        f.phase = TimedConnection.Phase.RECEIVING;
        sweeps();
        clock.advance(REQUEST.minus(STEP));
        sweeps();

        assertThat(f.idleTimeouts).hasValue(0);
        assertThat(f.requestTimeouts).hasValue(0);
    }

    @Test
    void sweep_busy_neverTimesOut() throws Exception {
        Fake f = new Fake();
        f.phase = TimedConnection.Phase.BUSY;
        watch(f);

        clock.advance(IDLE.multipliedBy(10));
        sweeps();

        assertThat(f.idleTimeouts).hasValue(0);
        assertThat(f.requestTimeouts).hasValue(0);
    }

    @Test
    void cancel_thenTimeoutDue_notCalledAndOthersStillSwept() throws Exception {
        Fake gone = new Fake();
        Fake kept = new Fake();
        ConnectionTimeouts.Watch w = watch(gone);
        watch(kept);
        Fake third = new Fake();
        watch(third);

        onLoop(() -> {
            w.cancel();
            w.cancel();
            return null;
        });
        clock.advance(IDLE);
        sweeps();

        assertThat(gone.idleTimeouts).hasValue(0);
        assertThat(kept.idleTimeouts).hasValue(1);
        assertThat(third.idleTimeouts).hasValue(1);
    }

    @Test
    void sweep_aCallbackThrows_theOthersAreStillSwept() throws Exception {
        Fake throwing = new Fake() {
            @Override
            public void idleTimedOut() {
                super.idleTimedOut();
                throw new IllegalStateException("test");
            }
        };
        Fake other = new Fake();
        watch(other);
        watch(throwing);

        clock.advance(IDLE);
        sweeps();
        Fake later = new Fake();
        watch(later);
        clock.advance(IDLE);
        sweeps();

        assertThat(throwing.idleTimeouts).hasValue(1);
        assertThat(other.idleTimeouts).hasValue(1);
        assertThat(later.idleTimeouts).hasValue(1);
    }
}
