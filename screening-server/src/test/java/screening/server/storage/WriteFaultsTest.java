package screening.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class WriteFaultsTest {

    final WriteFaults faults = new WriteFaults("journal /data/local.journal", "pushes and deletes are refused",
            InstantSource.fixed(Instant.parse("2026-12-04T09:00:00Z")));

    @Test
    void isNoSpace_enospcOrQuotaAnywhereInTheChain_true() {
        assertThat(WriteFaults.isNoSpace(new IOException("No space left on device"))).isTrue();
        assertThat(WriteFaults.isNoSpace(new FileSystemException("/data/x", null, "No space left on device"))).isTrue();
        assertThat(WriteFaults.isNoSpace(new IOException("Disk quota exceeded"))).isTrue();
        assertThat(WriteFaults.isNoSpace(new IOException("write failed", new IOException("No space left on device"))))
                .isTrue();
    }

    @Test
    void isNoSpace_otherFailures_false() {
        assertThat(WriteFaults.isNoSpace(new IOException("Input/output error"))).isFalse();
        assertThat(WriteFaults.isNoSpace(new FileSystemException("/data/x", null, "Read-only file system"))).isFalse();
        assertThat(WriteFaults.isNoSpace(new IOException((String) null))).isFalse();
    }

    @Test
    void failedThenSucceeded_stateFollowsTheLastWriteAndFailuresCount() {
        assertThat(faults.state()).isEqualTo(WriteFaults.State.OK);

        IOException e = new IOException("No space left on device");
        assertThat(faults.failed(e)).isSameAs(e);
        assertThat(faults.state()).isEqualTo(WriteFaults.State.FULL);
        faults.failed(new IOException("Input/output error"));
        assertThat(faults.state()).isEqualTo(WriteFaults.State.FAILING);

        faults.succeeded();
        assertThat(faults.state()).isEqualTo(WriteFaults.State.OK);
        assertThat(faults.failures()).isEqualTo(2);
    }

    @Test
    void reason_fileSystemExceptions_theSystemsWordsWithoutThePath() {
        assertThat(WriteFaults.reason(new FileSystemException("/data", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
        assertThat(WriteFaults.reason(new AccessDeniedException("/data/audit.log"))).isEqualTo("Permission denied");
        assertThat(WriteFaults.reason(new IOException("No space left on device"))).isEqualTo("No space left on device");
    }
}
