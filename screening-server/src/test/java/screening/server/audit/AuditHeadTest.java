package screening.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.time.ManualTimeSource;

class AuditHeadTest {

    static final String HASH_1 = AuditChain.sha256Hex("line 1".getBytes(StandardCharsets.US_ASCII));
    static final String HASH_2 = AuditChain.sha256Hex("line 2".getBytes(StandardCharsets.US_ASCII));
    static final Duration INTERVAL = Duration.ofNanos(AuditHead.SYNC_INTERVAL_NANOS);

    @TempDir
    Path dir;

    final ManualTimeSource time = new ManualTimeSource();
    Path file;
    AuditHead head;

    @BeforeEach
    void openHead() throws Exception {
        file = dir.resolve(AuditLog.HEAD_NAME);
        head = new AuditHead(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), time, 0);
    }

    @AfterEach
    void closeHead() throws Exception {
        head.close();
    }

    String onDisk() throws Exception {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    @Test
    void write_syncNow_syncedAtOnce() throws Exception {
        head.write(1, HASH_1, true);
        assertThat(head.syncedSeq()).isEqualTo(1);
        assertThat(onDisk()).isEqualTo(String.format("%020d %s\n", 1, HASH_1));
    }

    @Test
    void write_withinTheInterval_writtenButNotSynced() throws Exception {
        time.advance(INTERVAL.minusNanos(1));
        head.write(1, HASH_1, false);
        assertThat(onDisk()).isEqualTo(String.format("%020d %s\n", 1, HASH_1));
        assertThat(head.syncedSeq()).isZero();
    }

    @Test
    void write_intervalPassedSinceTheLastSync_synced() throws Exception {
        head.write(1, HASH_1, true);
        time.advance(INTERVAL.minusNanos(1));
        head.write(2, HASH_2, false);
        assertThat(head.syncedSeq()).isEqualTo(1);
        time.advance(Duration.ofNanos(1));
        head.write(3, HASH_1, false);
        assertThat(head.syncedSeq()).isEqualTo(3);
    }

    @Test
    void syncIfLagging_afterAPacedWrite_syncsOnce() throws Exception {
        head.write(1, HASH_1, false);
        assertThat(head.syncIfLagging()).isTrue();
        assertThat(head.syncedSeq()).isEqualTo(1);
        assertThat(head.syncIfLagging()).isFalse();
    }

    @Test
    void syncIfLagging_afterASyncedWrite_doesNothing() throws Exception {
        head.write(1, HASH_1, true);
        assertThat(head.syncIfLagging()).isFalse();
    }

    @Test
    void write_overALongerHead_trimsToTheFixedWidth() throws Exception {
        Files.writeString(file, "x".repeat(200));
        head.write(2, HASH_2, true);
        assertThat(onDisk()).isEqualTo(String.format("%020d %s\n", 2, HASH_2)).hasSize(86);
        assertThat(AuditChain.readHead(file)).isEqualTo(new AuditChain.Head(2, HASH_2));
    }
}
