package screening.server.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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

    private static volatile byte[] line = format(System.currentTimeMillis());

    private HttpDate() {
    }

    /** {@code Date: Sat, 28 Nov 2026 13:15:56 GMT\r\n}, as ASCII. Do not modify. */
    static byte[] line() {
        return line;
    }

    /** Reformats the line for {@code epochMillis}. */
    static void refresh(long epochMillis) {
        line = format(epochMillis);
    }

    private static byte[] format(long epochMillis) {
        String d = IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
        return ("Date: " + d + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
