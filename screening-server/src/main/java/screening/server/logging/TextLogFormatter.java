package screening.server.logging;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code log.format: text}: one line per event,
 * {@code 2026-12-04T17:45:01.123Z INFO  admin.LocalEntryChanges entry hull-a-... added by spoc},
 * that is the UTC time with milliseconds, the level padded to five, the logger's name (without
 * {@code screening.server.}) and the message; a throwable follows on the same line after
 * {@code " | "}, its stack trace with line ends escaped.
 *
 * <p>Stateless; any thread. Never returns more than one line: a line end or any other control
 * character in a message is written as an escape ({@code \n}, {@code \u001b}), so that what a
 * caller logs cannot start a line that looks like another event.
 */
public final class TextLogFormatter extends Formatter {

    private static final String SERVER_PREFIX = "screening.server.";

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(128);
        b.append(LogFields.timestamp(r)).append(' ');
        String level = LogFields.level(r);
        b.append(level).append(" ".repeat(6 - level.length()));
        String logger = LogFields.logger(r);
        escape(logger.startsWith(SERVER_PREFIX) ? logger.substring(SERVER_PREFIX.length()) : logger, b);
        b.append(' ');
        escape(formatMessage(r), b);
        if (r.getThrown() != null) {
            b.append(" | ");
            escape(LogFields.stackTrace(r.getThrown()), b);
        }
        return b.append('\n').toString();
    }

    /**
     * Appends {@code s} with every character that could end a line or drive a terminal escaped:
     * C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
     * overrides that make a line read differently from its bytes.
     */
    static void escape(String s, StringBuilder b) {
        if (s == null) {
            b.append("null");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                            || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
