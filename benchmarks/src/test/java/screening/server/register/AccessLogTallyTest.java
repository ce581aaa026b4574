package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTallyTest {

    @TempDir
    Path dir;

    @Test
    void of_statusAndBytesLines_sumsByStatus() {
        AccessLogTally t = AccessLogTally.of("200 1000\n304 180\n304 181\n404 150\n\n");

        assertThat(t).isEqualTo(new AccessLogTally(4, 1, 2, 1, 1511));
        assertThat(t.mean()).isEqualTo(1511 / 4.0);
    }

    @Test
    void of_lineOfAnotherShape_throws() {
        assertThatThrownBy(() -> AccessLogTally.of("127.0.0.1 - - [04/Dec/2026] \"GET /\" 200 1000\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STATUS BYTES_SENT");
    }

    @Test
    void read_betweenOffsets_sumsOnlyThoseLines() throws IOException {
        Path log = dir.resolve("access.log");
        Files.writeString(log, "200 1000\n304 180\n304 181\n", StandardCharsets.US_ASCII);

        assertThat(AccessLogTally.read(log, 9, 25)).isEqualTo(new AccessLogTally(2, 0, 2, 0, 361));
        assertThat(AccessLogTally.read(log, 9, 9)).isEqualTo(AccessLogTally.NONE);
    }

    @Test
    void bytes_eachScale_namesItsUnit() {
        assertThat(AccessLogTally.bytes(512)).isEqualTo("512 B");
        assertThat(AccessLogTally.bytes(16_400_000)).isEqualTo("16.4 MB");
        assertThat(AccessLogTally.bytes(3.94e9)).isEqualTo("3.94 GB");
    }
}
