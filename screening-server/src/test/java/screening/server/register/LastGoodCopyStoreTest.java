package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastGoodCopyStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void read_noCopy_isEmpty() throws Exception {
        assertThat(new LastGoodCopyStore(dataDir).read("national")).isEmpty();
    }

    @Test
    void write_twice_keepsTheLatestAndLeavesNoTemporaryFile() throws Exception {
        LastGoodCopyStore store = new LastGoodCopyStore(dataDir);

        store.write("national", "one\n".getBytes(StandardCharsets.UTF_8));
        store.write("national", "two\n".getBytes(StandardCharsets.UTF_8));

        assertThat(store.read("national")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("two\n"));
        try (var files = Files.list(dataDir.resolve("sources"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("national.ndjson");
        }
    }
}
