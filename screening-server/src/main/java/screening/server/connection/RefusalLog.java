package screening.server.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import screening.server.time.TimeSource;

/**
 * The log lines of one listening channel's refusals and failed accepts: the first after a quiet
 * spell at once, then at most one every {@link #INTERVAL_MS} with how many happened since the last
 * line, so that a flood is one line every few seconds and no count is lost. Never a stack trace.
 *
 * <p>The listening channel's event loop only (its handler's methods call it, and its delayed
 * lines are scheduled there).
 */
final class RefusalLog {

    static final long INTERVAL_MS = 5_000;

    private static final System.Logger LOG = System.getLogger(ConnectionLimit.class.getName());

    private final String port;
    private final String key;
    private final int max;
    private final TimeSource clock;
    private final Runnable flush = this::flush;
    private long refused;
    private long failed;
    private String lastFailure;
    private long nextLineNanos;
    private boolean scheduled;

    RefusalLog(String port, String key, int max, TimeSource clock) {
        this.port = port;
        this.key = key;
        this.max = max;
        this.clock = clock;
        this.nextLineNanos = clock.nanoTime();
    }

    void refused(EventExecutor loop) {
        refused++;
        due(loop);
    }

    void acceptFailed(EventExecutor loop, Throwable cause) {
        failed++;
        lastFailure = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        due(loop);
    }

    private void due(EventExecutor loop) {
        if (scheduled) {
            return;
        }
        long wait = nextLineNanos - clock.nanoTime();
        if (wait <= 0) {
            flush();
        } else {
            scheduled = true;
            loop.schedule(flush, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        scheduled = false;
        if (refused > 0) {
            LOG.log(System.Logger.Level.WARNING, port + " port: refused " + refused + " new connection"
                    + (refused == 1 ? "" : "s") + ": " + key + " (" + max + ") are open");
            refused = 0;
        }
        if (failed > 0) {
            LOG.log(System.Logger.Level.WARNING, port + " port: " + failed + " accept" + (failed == 1 ? "" : "s")
                    + " failed (" + lastFailure + "); accepting pauses " + ConnectionLimit.ACCEPT_PAUSE_MS
                    + " ms after each");
            failed = 0;
        }
        nextLineNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
    }
}
