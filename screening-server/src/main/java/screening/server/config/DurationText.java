package screening.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a duration is written, in the config ({@code pollInterval: 5s}) and on the command
 * lines of the tools ({@code --duration 30s}): 1 to 9 digits and a unit, {@code ms}, {@code s},
 * {@code m} or {@code h}. No sign, spaces, fractions or compound forms. Zero is well-formed; a
 * caller that needs a positive duration checks that itself, with its own message.
 *
 * <p>Stateless; thread-safe.
 */
public final class DurationText {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private DurationText() {
    }

    /**
     * Parses {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 0s}.
     *
     * @throws IllegalArgumentException {@code expected a duration like 5s, 500ms or 1m, got "soon"}
     *     for anything else
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration like 5s, 500ms or 1m, got \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
