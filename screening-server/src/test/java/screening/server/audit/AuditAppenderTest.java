package screening.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.time.ManualTimeSource;

/** The head's pacing as the commits see it, with no writer thread: each commit is made here, by hand. */
class AuditAppenderTest {

    static final Duration INTERVAL = Duration.ofNanos(AuditHead.SYNC_INTERVAL_NANOS);

    @TempDir
    Path dir;

    final ManualTimeSource time = new ManualTimeSource();

    AuditAppender open() throws Exception {
        AuditRecovery.Recovered r = AuditRecovery.recover(dir, time);
        Path logFile = dir.resolve(AuditLog.LOG_NAME);
        return new AuditAppender(logFile, r,
                new AuditReader(logFile, r.tail().sparseOffsets(), r.tail().goodBytes()));
    }

    void attempt(AuditAppender a, String ref) throws Exception {
        a.appendContactAttempts(List.of(new ContactAttempt(time.millis(), "1234", "HULL", ref)));
    }

    long headFileSeq() throws Exception {
        return AuditChain.readHead(dir.resolve(AuditLog.HEAD_NAME)).seq();
    }

    @Test
    void appendContactAttempts_withinThePacingInterval_headWrittenButNotSynced() throws Exception {
        try (AuditAppender a = open()) {
            for (int i = 1; i <= 3; i++) {
                time.advance(INTERVAL.dividedBy(4));
                attempt(a, "SPC-2026-00010" + i);
            }
            assertThat(a.lastSeq()).isEqualTo(3);
            assertThat(headFileSeq()).isEqualTo(3);
            assertThat(a.headSyncedSeq()).isZero();
        }
    }

    @Test
    void appendContactAttempts_pacingIntervalPassed_headSynced() throws Exception {
        try (AuditAppender a = open()) {
            attempt(a, "SPC-2026-000101");
            time.advance(INTERVAL.minusNanos(1));
            attempt(a, "SPC-2026-000102");
            assertThat(a.headSyncedSeq()).isZero();
            time.advance(Duration.ofNanos(1));
            attempt(a, "SPC-2026-000103");
            assertThat(a.headSyncedSeq()).isEqualTo(3);
            // the interval starts again from that sync
            attempt(a, "SPC-2026-000104");
            assertThat(a.headSyncedSeq()).isEqualTo(3);
        }
    }

    @Test
    void syncLaggingHead_afterContactAttempts_headSyncedWithoutTimePassing() throws Exception {
        try (AuditAppender a = open()) {
            attempt(a, "SPC-2026-000101");
            attempt(a, "SPC-2026-000102");
            assertThat(a.headSyncedSeq()).isZero();
            a.syncLaggingHead(); // what the writer does when it finds the queue empty
            assertThat(a.headSyncedSeq()).isEqualTo(2);
        }
    }

    @Test
    void appendEvents_behindALaggingHead_syncsTheHeadAtOnce() throws Exception {
        try (AuditAppender a = open()) {
            attempt(a, "SPC-2026-000101");
            long seq = a.appendEvents(List.of(new AuditLog.Event(AuditLog.EventType.AUTH_FAILED, "anonymous",
                    Map.of("remote", "127.0.0.1:5000"))), "2026-12-04T09:00:00Z");
            assertThat(seq).isEqualTo(2);
            assertThat(a.headSyncedSeq()).isEqualTo(2);
        }
    }

    @Test
    void close_laggingHead_syncedBeforeTheFilesClose() throws Exception {
        AuditAppender a = open();
        attempt(a, "SPC-2026-000101");
        assertThat(a.headSyncedSeq()).isZero();
        a.close();
        assertThat(a.headSyncedSeq()).isEqualTo(1);
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 1, 0, null));
    }
}
