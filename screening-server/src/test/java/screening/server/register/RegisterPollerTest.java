package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.metrics.ScreeningMetrics;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.time.ManualTimeSource;

class RegisterPollerTest {

    /** The jitter at the top of its range: each delay is the whole step. */
    private static final LongUnaryOperator HIGHEST = n -> n - 1;

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void nextDelayMs_afterFailedFetches_backsOffWithJitterUpToTenIntervals() throws Exception {
        RegisterPoller p = poller(closedPortUrl(), Duration.ofMinutes(5), HIGHEST);

        assertThat(p.nextDelayMs()).isEqualTo(1000);
        p.pollNow(false).get();
        assertThat(p.nextDelayMs()).isEqualTo(2000);
        p.pollNow(false).get();
        p.pollNow(false).get();
        assertThat(p.nextDelayMs()).isEqualTo(8000);
        for (int i = 0; i < 30; i++) {
            p.pollNow(false).get();
        }
        assertThat(p.nextDelayMs()).isEqualTo(10_000);
        assertThat(p.status().lastError()).startsWith("FETCH: ");
    }

    @Test
    void nextDelayMs_lowestJitter_halfTheStep() throws Exception {
        RegisterPoller p = poller(closedPortUrl(), Duration.ofMinutes(5), n -> 0);

        for (int i = 0; i < 3; i++) {
            p.pollNow(false).get();
        }

        assertThat(p.nextDelayMs()).isEqualTo(4000);
    }

    @Test
    void nextDelayMs_maxBackoffBelowTenIntervals_capsThere() throws Exception {
        RegisterPoller p = poller(closedPortUrl(), Duration.ofSeconds(3), HIGHEST);

        for (int i = 0; i < 10; i++) {
            p.pollNow(false).get();
        }

        assertThat(p.nextDelayMs()).isEqualTo(3000);
    }

    private static URI closedPortUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + closedPort + "/r.ndjson");
    }

    private RegisterPoller poller(URI url, Duration maxBackoff, LongUnaryOperator jitter) throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        DialledNumberNormaliser n = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        SnapshotPublisher publisher = new SnapshotPublisher(
                new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), n, clock),
                List.of(Entry.LOCAL_SOURCE, "national"));
        toClose.add(publisher::close);
        ScreeningMetrics metrics = new ScreeningMetrics();
        AuditLog audit = AuditLog.open(dataDir, metrics);
        toClose.add(audit::close);
        RegisterPoller p = new RegisterPoller(new ScreeningConfig.Source("national", url, Duration.ofSeconds(1)),
                new LastGoodCopyStore(dataDir), new EntryValidator(n), publisher, audit, metrics, 50,
                new RegisterSources.Options(Duration.ofMillis(500), Duration.ofMillis(500), maxBackoff, clock, jitter));
        toClose.add(0, p::close);
        return p;
    }
}
