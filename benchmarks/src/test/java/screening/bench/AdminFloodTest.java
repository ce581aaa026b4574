package screening.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminFloodTest {

    @TempDir
    Path dir;

    @Test
    void run_badOptions_exit2NamingTheOption() {
        for (String[] args : new String[][] {{"--duration", "3m"}, {"--token-connections", "2001"}, {"--body-bytes", "0"},
                {"--duration"}, {"--colour", "red"}, {"--push-interval", "0ms"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = AdminFlood.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("admin-flood: ");
        }
    }

    /**
     * A short run of both floods on a child filter whose heap is committed up front (so that its
     * resident size moves only with what the floods make it hold): 40 clients streaming 15 MB
     * bodies with a wrong token must not grow it (reading those bodies would take 600 MB), every
     * push is answered, and every 401 a client saw is counted in far fewer AUTH_FAILED lines.
     */
    @Test
    void flood_shortRun_memoryFlatPushesAnsweredFailuresCountedInFewLines() throws Exception {
        AdminFlood.Options o = new AdminFlood.Options(Duration.ofSeconds(2), 100, Duration.ofMillis(50), 40, 15_000_000,
                List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                System.getProperty("java.class.path"));

        AdminFlood.Report r = AdminFlood.flood(o, dir, new PrintStream(new ByteArrayOutputStream()));

        assertThat(r.serverAlive()).isTrue();
        assertThat(r.quiet().pushed()).isPositive();
        assertThat(r.flooded().pushed()).isPositive();
        assertThat(r.quiet().failed() + r.flooded().failed()).isZero();
        assertThat(r.tokenRefusals()).isPositive();
        assertThat(r.bodyConnections()).isPositive();
        long growthKiB = 64 * 1024;
        assertThat(r.memory().idleKiB()).isPositive();
        assertThat(r.memory().duringMaxKiB()).isLessThan(r.memory().idleKiB() + growthKiB);
        assertThat(r.memory().afterKiB()).isLessThan(r.memory().idleKiB() + growthKiB);
        assertThat(r.authFailedCounted()).isBetween(r.tokenRefusals(), r.wrongTokenRequestsSent());
        assertThat(r.authFailedEvents()).isLessThan(r.authFailedCounted() / 10);
    }
}
