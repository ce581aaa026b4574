package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.metrics.ScreeningMetrics;

class RegisterPollerTest {

    @TempDir
    Path dataDir;

    @Test
    void nextDelayMs_afterFailedFetches_backsOffWithJitterUpToTenIntervals() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RegisterPoller p = poller(URI.create("http://127.0.0.1:" + closedPort + "/r.ndjson"), Duration.ofMinutes(5));
        try {
            assertThat(p.nextDelayMs()).isEqualTo(1000);
            p.pollNow(false).get();
            assertThat(p.nextDelayMs()).isBetween(1000L, 2000L);
            p.pollNow(false).get();
            p.pollNow(false).get();
            assertThat(p.nextDelayMs()).isBetween(4000L, 8000L);
            for (int i = 0; i < 30; i++) {
                p.pollNow(false).get();
            }
            assertThat(p.nextDelayMs()).isBetween(5000L, 10_000L);
            assertThat(p.status().lastError()).startsWith("FETCH: ");
        } finally {
            p.close();
        }
    }

    @Test
    void nextDelayMs_maxBackoffBelowTenIntervals_capsThere() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RegisterPoller p = poller(URI.create("http://127.0.0.1:" + closedPort + "/r.ndjson"), Duration.ofSeconds(3));
        try {
            for (int i = 0; i < 10; i++) {
                p.pollNow(false).get();
            }
            assertThat(p.nextDelayMs()).isBetween(1500L, 3000L);
        } finally {
            p.close();
        }
    }

    private RegisterPoller poller(URI url, Duration maxBackoff) throws Exception {
        DialledNumberNormaliser n = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        SnapshotPublisher publisher = new SnapshotPublisher(
                new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), n, InstantSource.system()),
                List.of(Entry.LOCAL_SOURCE, "national"));
        ScreeningMetrics metrics = new ScreeningMetrics();
        return new RegisterPoller(new ScreeningConfig.Source("national", url, Duration.ofSeconds(1)),
                new LastGoodCopyStore(dataDir), new EntryValidator(n), publisher, AuditLog.open(dataDir, metrics),
                metrics, 50, new RegisterSources.Options(Duration.ofMillis(500), Duration.ofMillis(500), maxBackoff,
                        InstantSource.system()));
    }
}
