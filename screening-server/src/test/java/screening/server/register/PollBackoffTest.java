package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class PollBackoffTest {

    private static final LongUnaryOperator LOWEST = n -> 0;
    private static final LongUnaryOperator HIGHEST = n -> n - 1;

    @Test
    void delayMs_noFailure_isTheInterval() {
        assertThat(backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), HIGHEST).delayMs(0)).isEqualTo(1000);
    }

    @Test
    void delayMs_afterFailures_doublesBetweenHalfAndAllOfTheStep() {
        PollBackoff low = backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), LOWEST);
        PollBackoff high = backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), HIGHEST);

        assertThat(low.delayMs(1)).isEqualTo(1000);
        assertThat(high.delayMs(1)).isEqualTo(2000);
        assertThat(low.delayMs(2)).isEqualTo(2000);
        assertThat(high.delayMs(2)).isEqualTo(4000);
        assertThat(low.delayMs(3)).isEqualTo(4000);
        assertThat(high.delayMs(3)).isEqualTo(8000);
    }

    @Test
    void delayMs_manyFailures_capsAtTenIntervals() {
        PollBackoff low = backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), LOWEST);
        PollBackoff high = backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), HIGHEST);

        assertThat(high.delayMs(4)).isEqualTo(10_000);
        assertThat(low.delayMs(33)).isEqualTo(5000);
        assertThat(high.delayMs(33)).isEqualTo(10_000);
        assertThat(high.delayMs(Integer.MAX_VALUE)).isEqualTo(10_000);
    }

    @Test
    void delayMs_maxBackoffBelowTenIntervals_capsThere() {
        PollBackoff low = backoff(Duration.ofSeconds(1), Duration.ofSeconds(3), LOWEST);
        PollBackoff high = backoff(Duration.ofSeconds(1), Duration.ofSeconds(3), HIGHEST);

        assertThat(low.delayMs(10)).isEqualTo(1500);
        assertThat(high.delayMs(10)).isEqualTo(3000);
    }

    @Test
    void delayMs_maxBackoffBelowTheInterval_neverWaitsLessThanTheInterval() {
        PollBackoff low = backoff(Duration.ofMinutes(10), Duration.ofMinutes(5), LOWEST);

        assertThat(low.capMs()).isEqualTo(600_000);
        assertThat(low.delayMs(5)).isEqualTo(600_000);
    }

    @Test
    void delayMs_hugeInterval_doesNotOverflow() {
        PollBackoff high = backoff(Duration.ofHours(999_999_999), Duration.ofDays(365_000_000), HIGHEST);

        assertThat(high.delayMs(19)).isEqualTo(high.capMs()).isPositive();
    }

    @Test
    void delayMs_randomJitter_staysWithinTheStep() {
        SplittableRandom random = new SplittableRandom(1);
        PollBackoff b = backoff(Duration.ofMillis(100), Duration.ofMinutes(5), random::nextLong);

        for (int failures = 1; failures < 40; failures++) {
            long step = Math.min(1000, 100L << Math.min(failures, 20));
            for (int i = 0; i < 100; i++) {
                assertThat(b.delayMs(failures)).isBetween(Math.max(100, step / 2), step);
            }
        }
    }

    @Test
    void delayMs_jitter_isAskedForANumberBelowHalfTheStepPlusOne() {
        long[] asked = new long[1];
        PollBackoff b = backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), n -> {
            asked[0] = n;
            return 0;
        });

        b.delayMs(2);

        assertThat(asked[0]).isEqualTo(2001);
    }

    private static PollBackoff backoff(Duration interval, Duration maxBackoff, LongUnaryOperator jitter) {
        return PollBackoff.of(interval, maxBackoff, jitter);
    }
}
