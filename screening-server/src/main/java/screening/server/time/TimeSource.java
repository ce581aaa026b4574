package screening.server.time;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The server's one clock: wall time ({@link InstantSource}) for what is recorded or shown, and a
 * monotonic {@link #nanoTime()} for pacing, intervals and timeouts. Injected wherever the server
 * reads time, as Caffeine injects its {@code Ticker}, so that a test moves time by hand instead of
 * sleeping.
 *
 * <p>Implementations are thread-safe and never block.
 */
public interface TimeSource extends InstantSource {

    /** A monotonic reading in nanoseconds, for differences only (as {@link System#nanoTime()}). */
    long nanoTime();

    /** The system clock: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}

/** The system clock. */
enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
