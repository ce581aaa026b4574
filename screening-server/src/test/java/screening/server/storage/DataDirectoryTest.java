package screening.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line start-up refusals; the read-only cases run in ScreeningServerDiskFaultTest. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void prepare_missing_createsItAndLeavesNoProbe() throws IOException {
        Path data = dir.resolve("a/b/data");

        DataDirectory.prepare(data);

        assertThat(Files.isDirectory(data)).isTrue();
        try (var list = Files.list(data)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void prepare_fileWhereTheDirectoryShouldBe_refusesNamingPathAndReason() throws IOException {
        Path data = Files.writeString(dir.resolve("data"), "not a directory");

        assertThatThrownBy(() -> DataDirectory.prepare(data)).isInstanceOf(IOException.class)
                .hasMessage("data directory " + data.toAbsolutePath() + ": not a directory");
    }

    @Test
    void prepare_parentIsAFile_refusesAsCannotCreate() throws IOException {
        Path parent = Files.writeString(dir.resolve("srv"), "a file");
        Path data = parent.resolve("data");

        assertThatThrownBy(() -> DataDirectory.prepare(data)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("data directory " + data.toAbsolutePath() + ": cannot create (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void cannotOpen_fileInTheDirectory_namesItRelativeWithTheReason() {
        Path data = dir.resolve("data");

        IOException e = DataDirectory.cannotOpen(data, new AccessDeniedException(data.resolve("audit.log").toString()));

        assertThat(e).hasMessage("data directory " + data.toAbsolutePath() + ": cannot open audit.log (Permission denied)");
    }
}
