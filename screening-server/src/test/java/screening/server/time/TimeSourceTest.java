package screening.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSourceTest {

    @Test
    void system_readsTheSystemClock() {
        long before = System.currentTimeMillis();
        long millis = TimeSource.system().millis();
        assertThat(millis).isBetween(before, System.currentTimeMillis());
        long n1 = TimeSource.system().nanoTime();
        assertThat(TimeSource.system().nanoTime()).isGreaterThanOrEqualTo(n1);
    }

    @Test
    void manual_advance_movesWallAndTickerTogether() {
        ManualTimeSource t = new ManualTimeSource(Instant.parse("2026-12-04T09:00:00Z"));
        long n0 = t.nanoTime();
        t.advance(Duration.ofMillis(1500));
        assertThat(t.nanoTime() - n0).isEqualTo(1_500_000_000L);
        assertThat(t.instant()).isEqualTo(Instant.parse("2026-12-04T09:00:01.500Z"));
        assertThat(t.millis()).isEqualTo(Instant.parse("2026-12-04T09:00:01.500Z").toEpochMilli());
    }
}
