package screening.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The {@link ConnectionFlood}'s report: the normal query's latency in each phase as a Markdown
 * table, what became of the flood's connections, the watcher's counts, the server's connection
 * metrics, and a summary of the server's log; also reads the metrics and the server's open-file
 * limit it reports. Main thread; blocking (files and loopback sockets, each read at most 10 s).
 */
final class FloodReport {

    private static final String METRICS = "GET /metrics HTTP/1.1\r\nHost: filter\r\nConnection: close\r\n\r\n";
    private static final Pattern CONNECTION_METRIC =
            Pattern.compile("^(screening_connections_\\S+|screening_accept_failures\\S+) (\\S+)$");

    /** The normal query's latencies: each phase, and the part of "during" while the flood connects. */
    record Phases(Histogram before, Histogram during, Histogram whileConnecting, Histogram after) {
    }

    private final PrintStream out;

    FloodReport(PrintStream out) {
        this.out = out;
    }

    /** The admin port's {@code /metrics} text, or "" when it cannot be read. */
    static String scrape(InetSocketAddress admin) {
        try (Socket s = new Socket()) {
            s.connect(admin, ConnectionFlood.IO_TIMEOUT_MS);
            s.setSoTimeout(ConnectionFlood.IO_TIMEOUT_MS);
            s.getOutputStream().write(METRICS.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Process {@code pid}'s soft open-file limit from {@code /proc/PID/limits}, or "unknown". */
    static String fileLimit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).findFirst()
                    .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0]).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Prints the report.
     *
     * @param slow the slow connections asked for (the rest of those opened were reopened)
     * @param openedNanos how long the flood took to place its connections, -1 if it never did
     * @param fresh what became of a new query connection after the flood
     * @param log the server's stderr
     * @throws IOException when the log cannot be read
     */
    void print(Phases h, LatencyProbe probe, FloodConnections flood, int slow, long openedNanos, FloodWatcher watcher,
            FloodWatcher.Outcome fresh, String duringMetrics, String afterMetrics, Path log) throws IOException {
        out.println();
        out.println("| phase | normal queries | errors | p50 | p99 | max |");
        out.println("|---|---|---|---|---|---|");
        row("before", h.before(), probe.errorsIn(0));
        row("during", h.during(), probe.errorsIn(1));
        row("during: while the flood connects", h.whileConnecting(), -1);
        row("after", h.after(), probe.errorsIn(2));
        out.println();
        out.printf(Locale.ROOT, "flood placed in %.1f s; %d connect failures%n", openedNanos / 1e9, flood.connectFailures);
        out.printf(Locale.ROOT, "idle: %d opened, %d closed by the server at once (< 1 s), %d closed later, %d still open "
                + "when the flood stopped%n", flood.idleOpened, flood.idleClosedAtOnce, flood.idleClosedLater,
                flood.idleOpened - flood.idleClosedAtOnce - flood.idleClosedLater);
        out.printf(Locale.ROOT, "slow: %d opened (%d of them reopened after a close), %d answered 408 and closed, "
                + "%d closed at once with no answer (refused), %d closed otherwise, %d finished their request%n",
                flood.slowOpened, flood.slowOpened - slow, flood.slow408, flood.slowRefused, flood.slowClosedOther,
                flood.slowFinished);
        out.printf(Locale.ROOT, "new query connections during: %d tried, %d closed at once, %d answered 200, %d other; "
                + "after: %s%n", watcher.queryTried, watcher.queryRefused, watcher.queryAnswered,
                watcher.queryTried - watcher.queryRefused - watcher.queryAnswered, fresh);
        out.printf(Locale.ROOT, "admin during (a new connection each second): %d asked, %d answered 200, slowest %.1f ms%n",
                watcher.adminAsked, watcher.adminAnswered, watcher.adminSlowestNanos / 1e6);
        out.println("server metrics at the end of 'during':");
        printMetrics(duringMetrics);
        out.println("server metrics at the end:");
        printMetrics(afterMetrics);
        printLogSummary(log);
    }

    private void row(String phase, Histogram h, long errors) {
        out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", phase, h.getTotalCount(), errors < 0 ? "" : errors,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+Z (ERROR|WARN |INFO |DEBUG|TRACE) ");
    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\S+ (ERROR|WARN) ");

    private void printMetrics(String scrape) {
        scrape.lines().map(CONNECTION_METRIC::matcher).filter(Matcher::matches)
                .forEach(m -> out.println("  " + m.group(1) + " " + m.group(2)));
    }

    private void printLogSummary(Path log) throws IOException {
        List<String> all = Files.readAllLines(log);
        // serve's text log lines (docs/operations.md, "Logs"): one per event, a stack trace escaped on its line
        List<String> events = all.stream().filter(l -> LOG_LINE.matcher(l).lookingAt()).toList();
        long records = events.size();
        long warnings = events.stream().filter(l -> WARN_OR_ERROR.matcher(l).lookingAt()).count();
        long refusals = events.stream().filter(l -> l.contains("port: refused")).count();
        long accepts = events.stream().filter(l -> l.contains("accept") && l.contains("failed")).count();
        long traced = events.stream().filter(l -> l.contains("\\n\\tat ")).count();
        long frames = all.stream().filter(l -> l.startsWith("\tat ")).count(); // printed by the JVM, not logged
        out.printf(Locale.ROOT, "server log: %d records (%d warnings), %d refusal lines, %d accept-failure lines, "
                + "%d with a stack trace, %d raw stack-trace lines%n", records, warnings, refusals, accepts, traced, frames);
        all.stream().filter(l -> l.contains("port: refused")).forEach(l -> out.println("  " + l));
    }
}
