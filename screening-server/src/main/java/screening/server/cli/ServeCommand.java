package screening.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import screening.server.ScreeningServer;
import screening.server.audit.AuditLogDamagedException;
import screening.server.config.ConfigException;
import screening.server.config.ConfigLoader;
import screening.server.config.LogSettings;
import screening.server.config.ScreeningConfig;
import screening.server.journal.JournalCorruptException;
import screening.server.logging.LogOutput;
import screening.server.time.TimeSource;

/**
 * {@code serve [--config FILE] [--log-format text|json]} (SPEC section 10): runs the filter until
 * SIGTERM or SIGINT, then stops accepting, answers what is in flight and returns 0 (within 5
 * seconds). A bad config or a port that cannot be bound returns 2 after one line on stderr naming
 * the key. Log events go to stderr, one line each, in the format of {@code --log-format}, else of
 * {@code log.format}; the banner goes to stdout.
 *
 * <p>Blocks the calling thread for the server's lifetime.
 */
@Command(name = "serve", description = "Runs the filter (the default).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "The YAML config (SPEC section 11). Default: the embedded config/screening.yaml.")
    Path config;

    @Option(names = "--log-format", paramLabel = "text|json", converter = FormatConverter.class,
            description = "One line of text per log event (the default), or one JSON object per line. "
                    + "Wins over the config's log.format.")
    LogSettings.Format logFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ScreeningConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        // nothing logs before this point: a config error is the command line's one error line
        LogSettings log = logFormat == null ? cfg.log() : cfg.log().withFormat(logFormat);
        LogOutput.install(log, System.err);
        PrintStream out = System.out;
        ScreeningServer server;
        try {
            server = ScreeningServer.start(cfg, out, TimeSource.system());
        } catch (IOException e) {
            err.println("error: " + oneLine(e.getMessage()));
            err.flush();
            return ExitCode.USAGE;
        } catch (AuditLogDamagedException | JournalCorruptException e) {
            // evidence or acknowledged entries are damaged: refuse to serve rather than guess
            err.println("error: " + oneLine(e.getMessage()));
            err.flush();
            return ExitCode.CHECK_FAILED;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and SIGINT are handled here, not by the JVM's default handler, so that the
        // process can stop cleanly and still exit 0 (the default handler's exit status is 143);
        // installed only once the server runs, so a failed start leaves the JVM's handlers alone
        StopSignals.install(stop::countDown);
        Thread hook = new Thread(server::close, "screening-shutdown");
        Runtime.getRuntime().addShutdownHook(hook); // any other way out (SIGHUP, System.exit)
        printBanner(out, cfg, server);
        stop.await();
        out.println("screening-server: stopping");
        server.close();
        out.println("screening-server: stopped");
        out.flush();
        return ExitCode.OK;
    }

    private void printBanner(PrintStream out, ScreeningConfig cfg, ScreeningServer server) {
        InetSocketAddress q = server.queryAddress();
        InetSocketAddress a = server.adminAddress();
        String host = hostForUrl(q);
        String base = "http://" + host + ":" + q.getPort();
        out.println("screening-server: establishment " + cfg.establishment() + ", node " + cfg.node() + ", mode "
                + cfg.mode().name().toLowerCase() + ", data in " + cfg.dataDir().toAbsolutePath());
        out.println("  query port: " + base + "/v1/screen  (the switch's port)");
        String admin = (cfg.admin().tls() ? "https://" : "http://") + hostForUrl(a) + ":" + a.getPort();
        out.println("  admin port: " + admin + "  (/admin/v1, /metrics, /health)");
        out.println("  console:    " + admin + "/console/  (security staff; sign in with an admin token)");
        if (config == null) {
            out.println("  running on the embedded default config and its sample register; try:");
            out.println("  curl '" + base + "/v1/screen?pin=1234&number=07700900123'   # DENY BLOCKED");
            out.println("  curl '" + base + "/v1/screen?pin=1234&number=07700900456'   # ALLOW NOT_BLOCKED");
            out.println("  curl '" + base + "/v1/screen?pin=1234&email=Jane.Doe%2Bpost@example.org'   # DENY BLOCKED");
        } else {
            out.println("  try: curl '" + base + "/v1/screen?pin=1234&number=07700900123'");
        }
        out.flush();
    }

    private static String hostForUrl(InetSocketAddress a) {
        if (a.getAddress() == null || a.getAddress().isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String h = a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /** {@code --log-format}'s value, spelt as {@code log.format}'s; a bad one is exit 2 naming the flag. */
    static final class FormatConverter implements CommandLine.ITypeConverter<LogSettings.Format> {
        @Override
        public LogSettings.Format convert(String value) {
            try {
                return LogSettings.Format.parse("--log-format", value);
            } catch (ConfigException e) {
                // picocli's line already names the option: keep what follows the name
                throw new CommandLine.TypeConversionException(e.getMessage().substring("--log-format: ".length()));
            }
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
    }
}
