package screening.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.storage.FaultyFileChannel;
import screening.server.storage.FileOpener;
import screening.server.storage.ScriptedDisk;
import screening.server.storage.WriteFaults;
import screening.server.time.ManualTimeSource;

/** The head's pacing as the commits see it, with no writer thread: each commit is made here, by hand. */
class AuditAppenderTest {

    static final Duration INTERVAL = Duration.ofNanos(AuditHead.SYNC_INTERVAL_NANOS);

    @TempDir
    Path dir;

    final ManualTimeSource time = new ManualTimeSource();

    final ScriptedDisk disk = new ScriptedDisk();

    AuditAppender open() throws Exception {
        return open(FileOpener.SYSTEM);
    }

    AuditAppender open(FileOpener opener) throws Exception {
        AuditRecovery.Recovered r = AuditRecovery.recover(dir, time, opener);
        Path logFile = dir.resolve(AuditLog.LOG_NAME);
        return new AuditAppender(logFile, r,
                new AuditReader(logFile, r.tail().sparseOffsets(), r.tail().goodBytes()), time, opener);
    }

    long event(AuditAppender a, String remote) throws Exception {
        return a.appendEvents(List.of(new AuditLog.Event(AuditLog.EventType.AUTH_FAILED, "anonymous",
                Map.of("remote", remote))), "2026-12-04T09:00:00Z");
    }

    long logSize() throws Exception {
        return Files.size(dir.resolve(AuditLog.LOG_NAME));
    }

    void attempt(AuditAppender a, String ref) throws Exception {
        a.appendContactAttempts(List.of(new ContactAttempt(time.millis(), "1234", "HULL", ref, screening.core.Channel.PHONE)));
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

    @Test
    void appendEvents_diskFullPartWayThroughTheLine_cutsBackAndTheNextLineFollowsTheLastWholeOne() throws Exception {
        try (AuditAppender a = open(FaultyFileChannel.opener(disk))) {
            event(a, "127.0.0.1:5001");
            long whole = logSize();
            disk.fullAfter(40); // a short write, then ENOSPC

            assertThatThrownBy(() -> event(a, "127.0.0.1:5002")).isInstanceOf(IOException.class)
                    .hasMessage("No space left on device");
            assertThat(logSize()).isEqualTo(whole);
            assertThat(a.faults().state()).isEqualTo(WriteFaults.State.FULL);
            assertThat(a.lastSeq()).isEqualTo(1);

            disk.heal();
            assertThat(event(a, "127.0.0.1:5003")).isEqualTo(2);
            assertThat(a.faults().state()).isEqualTo(WriteFaults.State.OK);
            assertThat(a.faults().failures()).isEqualTo(1);
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 2, 0, null));
        assertThat(Files.readString(dir.resolve(AuditLog.LOG_NAME))).doesNotContain("5002");
    }

    @Test
    void appendContactAttempts_fsyncFails_cutsBackAndCountsNothingCommitted() throws Exception {
        try (AuditAppender a = open(FaultyFileChannel.opener(disk))) {
            attempt(a, "SPC-2026-000101");
            long whole = logSize();
            disk.failForce(true);

            assertThatThrownBy(() -> attempt(a, "SPC-2026-000102")).isInstanceOf(IOException.class);
            assertThat(logSize()).isEqualTo(whole);
            assertThat(a.faults().state()).isEqualTo(WriteFaults.State.FAILING);

            disk.heal();
            attempt(a, "SPC-2026-000103");
            assertThat(a.lastSeq()).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }

    @Test
    void appendEvents_cutBackFailsToo_nextAppendCutsFirstAndWritesNothingUntilItCan() throws Exception {
        try (AuditAppender a = open(FaultyFileChannel.opener(disk))) {
            event(a, "127.0.0.1:5001");
            long whole = logSize();
            disk.fullAfter(40);
            disk.failTruncate(true);
            assertThatThrownBy(() -> event(a, "127.0.0.1:5002")).isInstanceOf(IOException.class);
            assertThat(logSize()).isEqualTo(whole + 40); // the partial line is still there

            disk.fullAfter(Long.MAX_VALUE);
            assertThatThrownBy(() -> event(a, "127.0.0.1:5003")).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot cut back");
            assertThat(logSize()).isEqualTo(whole + 40); // nothing written after it

            disk.heal();
            assertThat(event(a, "127.0.0.1:5004")).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 2, 0, null));
    }

    @Test
    void appendEvents_headWriteFails_commitsTheLinesAndWritesTheHeadAgainLater() throws Exception {
        AtomicBoolean headFails = new AtomicBoolean();
        FaultyFileChannel.Disk disk = (file, position, size, wanted) -> {
            if (headFails.get() && file.getFileName().toString().equals(AuditLog.HEAD_NAME)) {
                throw new IOException("Input/output error");
            }
            return wanted;
        };
        try (AuditAppender a = open(FaultyFileChannel.opener(disk))) {
            event(a, "127.0.0.1:5001");
            headFails.set(true);

            assertThat(event(a, "127.0.0.1:5002")).isEqualTo(2); // the line is durable: no failure
            assertThat(headFileSeq()).isEqualTo(1);

            headFails.set(false);
            a.syncLaggingHead();
            assertThat(headFileSeq()).isEqualTo(2);
            assertThat(a.headSyncedSeq()).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 2, 0, null));
    }
}
