package screening.server.logging;

import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import screening.server.config.LogSettings;

/**
 * Where {@code serve}'s log events go: one handler on the root java.util.logging logger, which the
 * filter's {@code System.Logger}s and Netty both log through, writing each event as one line in
 * the configured format to a stream (stderr), UTF-8, flushed per event.
 *
 * <p>{@link #install} is called once, from the thread that starts the filter, before the filter
 * logs anything. The handler it installs may then be called from any thread.
 */
public final class LogOutput {

    /**
     * The loggers {@code log.level} turns up: the filter's own and Netty's. Held here because JUL
     * keeps loggers weakly, and a collected logger forgets the level it was given.
     */
    private static final Logger[] LEVELLED = {Logger.getLogger("screening"), Logger.getLogger("io.netty")};

    private LogOutput() {
    }

    /** The formatter for {@code format}. */
    public static Formatter formatter(LogSettings.Format format) {
        return switch (format) {
            case TEXT -> new TextLogFormatter();
            case JSON -> new JsonLogFormatter();
        };
    }

    /**
     * Replaces the root logger's console handlers (the JDK's two-line default, or one this method
     * installed before) with one that writes {@code settings}' format to {@code out}, and sets the
     * levels: the filter's and Netty's loggers at {@code settings.level()}, everything else (the
     * JDK's own loggers) at that level but never below INFO, since the JDK's HTTP client logs
     * request headers at debug. A thread that dies of an uncaught exception is logged there too.
     *
     * @return the installed handler
     */
    public static Handler install(LogSettings settings, OutputStream out) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler || h instanceof LineHandler) {
                root.removeHandler(h);
                h.flush();
            }
        }
        Level level = julLevel(settings.level());
        LineHandler handler = new LineHandler(out, formatter(settings.format()));
        handler.setLevel(level);
        root.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
        for (Logger l : LEVELLED) {
            l.setLevel(level);
        }
        root.addHandler(handler);
        // a thread that dies of an exception is an event like any other: one line, not the
        // JVM's default multi-line stack trace on stderr
        Logger uncaught = Logger.getLogger(LogOutput.class.getName());
        Thread.setDefaultUncaughtExceptionHandler((t, e) ->
                uncaught.log(Level.SEVERE, "thread " + t.getName() + " died of an uncaught exception", e));
        return handler;
    }

    /** The JUL level that lets through {@code level} and everything more severe. */
    static Level julLevel(LogSettings.Level level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.ALL;
        };
    }

    /** A stream handler that flushes every event and, closed, leaves its stream (stderr) open. */
    private static final class LineHandler extends StreamHandler {

        LineHandler(OutputStream out, Formatter formatter) {
            super(out, formatter);
            try {
                setEncoding("UTF-8");
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("UTF-8 is always supported", e);
            }
        }

        @Override
        public synchronized void publish(LogRecord r) {
            super.publish(r);
            flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }
}
