package screening.server.register;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * How long a register source waits before its next poll: its interval while fetches succeed;
 * after failed fetches in a row, an exponential backoff with jitter, capped at
 * {@code min(10 x interval, maxBackoff)} and never below the interval.
 *
 * <p>Immutable; thread-safe when {@code jitter} is.
 *
 * @param intervalMs the poll interval, at least 1 ms
 * @param capMs the most a failing source waits, at least the interval
 * @param jitter given {@code n > 0}, a number from 0 to {@code n - 1}: random in service, fixed in tests
 */
record PollBackoff(long intervalMs, long capMs, LongUnaryOperator jitter) {

    /** The backoff of a source polled every {@code pollInterval}. */
    static PollBackoff of(Duration pollInterval, Duration maxBackoff, LongUnaryOperator jitter) {
        long interval = Math.max(1, pollInterval.toMillis());
        return new PollBackoff(interval, Math.max(interval, Math.min(interval * 10, maxBackoff.toMillis())), jitter);
    }

    /**
     * The delay after {@code failures} failed fetches in a row: the interval when none, else
     * {@code e / 2 + jitter(e / 2 + 1)} where {@code e = min(cap, interval x 2^failures)}, and at
     * least the interval.
     */
    long delayMs(int failures) {
        if (failures == 0) {
            return intervalMs;
        }
        // interval << failures only where it cannot overflow or pass the cap
        long exp = failures >= 20 || intervalMs > capMs >> failures ? capMs : intervalMs << failures;
        long half = exp / 2;
        return Math.max(intervalMs, half + jitter.applyAsLong(half + 1));
    }
}
