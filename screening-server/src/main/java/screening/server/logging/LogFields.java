package screening.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** The fields both line formats take from a record. Stateless; any thread. */
final class LogFields {

    /** UTC, ISO-8601, always three fraction digits, so lines sort and align as text. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LogFields() {
    }

    static String timestamp(LogRecord r) {
        return TIMESTAMP.format(r.getInstant());
    }

    /**
     * The level as {@code log.level} names it. {@code System.Logger}'s levels reach JUL as SEVERE,
     * WARNING, INFO, FINE (debug) and FINER (trace); CONFIG counts as debug, FINEST as trace.
     */
    static String level(LogRecord r) {
        int v = r.getLevel().intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /** The logger's name, or {@code -} for an anonymous logger. */
    static String logger(LogRecord r) {
        String name = r.getLoggerName();
        return name == null || name.isEmpty() ? "-" : name;
    }

    /**
     * The logging thread's name. JUL calls handlers on the thread that logs, so the current thread
     * is the record's unless the record was handed on; then its id stands in.
     */
    static String thread(LogRecord r) {
        Thread t = Thread.currentThread();
        return t.getId() == r.getLongThreadID() ? t.getName() : "#" + r.getLongThreadID();
    }

    /** {@code t}'s stack trace as {@link Throwable#printStackTrace} writes it (causes included), without the last line end. */
    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().stripTrailing();
    }
}
