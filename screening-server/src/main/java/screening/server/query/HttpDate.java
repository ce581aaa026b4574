package screening.server.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import screening.server.time.TimeSource;

/**
 * The {@code Date:} header line (RFC 9110 section 6.6.1), formatted at most once a second off
 * the request path and read with one volatile read.
 *
 * <p>Thread-safe: {@link #refresh} runs on a timer; {@link #line} on any event loop.
 */
final class HttpDate {

    // IMF-fixdate: two-digit day, English names (RFC_1123_DATE_TIME drops the day's leading zero)
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile byte[] line = format(TimeSource.system().instant());

    private HttpDate() {
    }

    /** {@code Date: Sat, 28 Nov 2026 13:15:56 GMT\r\n}, as ASCII. Do not modify. */
    static byte[] line() {
        return line;
    }

    /** Reformats the line for {@code clock}'s time now. */
    static void refresh(InstantSource clock) {
        line = format(clock.instant());
    }

    /**
     * Schedules {@link #refresh} on {@code timer} at the start of every second of {@code clock},
     * until the timer shuts down. Never blocks.
     */
    static void refreshEverySecond(ScheduledExecutorService timer, TimeSource clock) {
        timer.scheduleAtFixedRate(() -> refresh(clock), 1000 - clock.millis() % 1000, 1000, TimeUnit.MILLISECONDS);
    }

    /** The header line for {@code t}, its fraction of a second dropped. */
    static byte[] format(Instant t) {
        return ("Date: " + IMF_FIXDATE.format(t) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
