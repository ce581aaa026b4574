package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.audit.AuditLog;
import screening.server.metrics.ScreeningMetrics;
import screening.server.storage.FaultyFileChannel;
import screening.server.storage.ScriptedDisk;
import screening.server.time.ManualTimeSource;

/** Batched AUTH_FAILED events against a real audit log, with a clock moved by hand. */
class AuthFailureAuditTest {

    @TempDir
    Path dir;
    final ManualTimeSource time = new ManualTimeSource();
    final ScriptedDisk disk = new ScriptedDisk();
    AuditLog audit;
    AuthFailureAudit failures;

    @BeforeEach
    void open() throws Exception {
        audit = AuditLog.open(dir, new ScreeningMetrics(), time, FaultyFileChannel.opener(disk));
        failures = AuthFailureAudit.withoutWriter(audit, time);
    }

    @AfterEach
    void close() {
        failures.close();
        audit.close();
    }

    private static InetSocketAddress from(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> all = new java.util.ArrayList<>();
        List<JsonNode> page;
        while (!(page = audit.read(all.size(), 1000)).isEmpty()) {
            all.addAll(page);
        }
        return all;
    }

    @Test
    void flushDue_firstFailureFromAQuietAddress_oneEventAtOnceWithCountOneAndNoPort() throws Exception {
        failures.record(from("192.0.2.7", 50123), "/admin/v1/status");

        assertThat(failures.flushDue()).isEqualTo(1);

        JsonNode e = events().get(0);
        assertThat(e.path("type").asText()).isEqualTo("AUTH_FAILED");
        assertThat(e.path("actor").asText()).isEqualTo("system");
        assertThat(e.path("remote").asText()).isEqualTo("192.0.2.7");
        assertThat(e.path("path").asText()).isEqualTo("/admin/v1/status");
        assertThat(e.path("count").asLong()).isEqualTo(1);
    }

    @Test
    void flushDue_floodFromOneAddress_atMostOneEventASecondAndEveryFailureCounted() throws Exception {
        failures.record(from("192.0.2.7", 1), "/admin/v1/status");
        assertThat(failures.flushDue()).isEqualTo(1);
        for (int i = 0; i < 999; i++) {
            failures.record(from("192.0.2.7", 2 + i), i == 0 ? "/admin/v1/entries" : "/admin/v1/audit");
        }
        time.advance(Duration.ofMillis(999));
        assertThat(failures.flushDue()).isZero(); // not a second since the last event yet
        time.advance(Duration.ofMillis(1));
        assertThat(failures.flushDue()).isEqualTo(1);
        assertThat(failures.flushDue()).isZero();

        List<JsonNode> ev = events();
        assertThat(ev).hasSize(2);
        assertThat(ev.get(1).path("count").asLong()).isEqualTo(999);
        assertThat(ev.get(1).path("path").asText()).isEqualTo("/admin/v1/entries"); // the first of those counted
    }

    @Test
    void flushDue_severalAddresses_oneEventEachInOneBatch() throws Exception {
        for (int i = 0; i < 3; i++) {
            failures.record(from("192.0.2.1", 1000 + i), "/admin/v1/status");
            failures.record(from("198.51.100.2", 2000 + i), "/admin/v1/status");
        }
        failures.record(from("2001:db8::1", 3000), "/admin/v1/status");

        assertThat(failures.flushDue()).isEqualTo(3);

        assertThat(events()).extracting(e -> e.path("remote").asText() + "=" + e.path("count").asLong())
                .containsExactlyInAnyOrder("192.0.2.1=3", "198.51.100.2=3", "2001:db8:0:0:0:0:0:1=1");
    }

    @Test
    void flushDue_addressQuietForASecond_firstFailureWrittenAtOnceAgain() throws Exception {
        failures.record(from("192.0.2.7", 1), "/admin/v1/status");
        failures.flushDue();
        time.advance(Duration.ofSeconds(5));
        assertThat(failures.flushDue()).isZero(); // nothing counted: the address is forgotten

        failures.record(from("192.0.2.7", 2), "/admin/v1/status");

        assertThat(failures.flushDue()).isEqualTo(1);
        assertThat(events()).hasSize(2);
    }

    @Test
    void record_beyondMaxAddresses_countedUnderOther() throws Exception {
        for (int i = 0; i < AuthFailureAudit.MAX_ADDRESSES + 5; i++) {
            failures.record(from("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1), "/admin");
        }

        assertThat(failures.flushDue()).isEqualTo(AuthFailureAudit.MAX_ADDRESSES + 1);

        JsonNode other = events().stream().filter(e -> e.path("remote").asText().equals("other")).findFirst().orElseThrow();
        assertThat(other.path("count").asLong()).isEqualTo(5);
    }

    @Test
    void close_failuresStillCounted_writtenBeforeItReturns() throws Exception {
        failures.record(from("192.0.2.7", 1), "/admin/v1/status");
        failures.flushDue();
        failures.record(from("192.0.2.7", 2), "/admin/v1/status");
        failures.record(from("192.0.2.7", 3), "/admin/v1/status");

        failures.close();

        List<JsonNode> ev = events();
        assertThat(ev).hasSize(2);
        assertThat(ev.get(1).path("count").asLong()).isEqualTo(2);
    }

    @Test
    void flushDue_auditWriteFails_countsKeptForTheRetry() throws Exception {
        failures.record(from("192.0.2.7", 1), "/admin/v1/status");
        failures.record(from("192.0.2.8", 1), "/admin/v1/status");
        failures.record(from("192.0.2.8", 2), "/admin/v1/status");
        disk.fullAfter(0); // every append now fails: the disk is full

        assertThat(failures.flushDue()).isZero();

        assertThat(failures.countedNotWritten()).isEqualTo(3);
        time.advance(Duration.ofSeconds(1));
        assertThat(failures.flushDue()).isZero();
        assertThat(failures.countedNotWritten()).isEqualTo(3);

        disk.heal();
        time.advance(Duration.ofSeconds(1));
        assertThat(failures.flushDue()).isEqualTo(2);
        assertThat(failures.countedNotWritten()).isZero();
        assertThat(events().stream().mapToLong(e -> e.path("count").asLong()).sum()).isEqualTo(3);
    }

    @Test
    void start_writerThread_writesTheFirstFailureWithoutBeingAsked() throws Exception {
        try (AuthFailureAudit live = AuthFailureAudit.start(audit, time)) {
            live.record(from("192.0.2.9", 1), "/admin/v1/status");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (audit.lastSeq() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertThat(events()).hasSize(1);
        assertThat(events().get(0).path("remote").asText()).isEqualTo("192.0.2.9");
    }
}
