package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import screening.server.time.ManualTimeSource;
import screening.server.time.TimeSource;

class HttpDateTest {

    @AfterEach
    void backToTheSystemClock() {
        HttpDate.refresh(TimeSource.system());
    }

    @Test
    void format_singleDigitDay_isImfFixdateWithLeadingZero() {
        assertThat(text(HttpDate.format(Instant.parse("2026-12-04T09:05:07.999Z"))))
                .isEqualTo("Date: Fri, 04 Dec 2026 09:05:07 GMT\r\n");
    }

    @Test
    void format_twoDigitDayAndHour_isImfFixdate() {
        assertThat(text(HttpDate.format(Instant.parse("2026-11-28T13:15:56Z"))))
                .isEqualTo("Date: Sat, 28 Nov 2026 13:15:56 GMT\r\n");
    }

    @Test
    void refresh_manualClock_lineFollowsTheClock() {
        ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-03-01T00:00:09Z"));

        HttpDate.refresh(clock);
        assertThat(text(HttpDate.line())).isEqualTo("Date: Sun, 01 Mar 2026 00:00:09 GMT\r\n");

        clock.advance(Duration.ofSeconds(1));
        HttpDate.refresh(clock);
        assertThat(text(HttpDate.line())).isEqualTo("Date: Sun, 01 Mar 2026 00:00:10 GMT\r\n");
    }

    @Test
    void refreshEverySecond_timer_keepsTheLineAtTheClocksTime() throws Exception {
        ManualTimeSource clock = new ManualTimeSource(Instant.parse("2030-01-02T03:04:05.999Z"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            HttpDate.refreshEverySecond(timer, clock);
            awaitLine("Date: Wed, 02 Jan 2030 03:04:05 GMT\r\n");

            clock.advance(Duration.ofSeconds(1));
            awaitLine("Date: Wed, 02 Jan 2030 03:04:06 GMT\r\n");
        } finally {
            timer.shutdownNow();
            assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Waits, generously, for the timer's next refresh to give {@code expected}. */
    private static void awaitLine(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!text(HttpDate.line()).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(text(HttpDate.line())).isEqualTo(expected);
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.US_ASCII);
    }
}
