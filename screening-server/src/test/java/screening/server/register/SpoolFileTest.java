package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SpoolFile on a real directory: hashes as written, renamed once, never written in place. */
class SpoolFileTest {

    @TempDir
    Path dir;

    @Test
    void hash_bodyWrittenInAnyPieces_sameAsHashingTheWholeFile() throws Exception {
        Random random = new Random(6);
        byte[] whole = RegisterFiles.file("national", 2, RegisterFiles.blocks(0, 40));
        for (int round = 0; round < 30; round++) {
            try (SpoolFile spool = SpoolFile.create(dir.resolve("s.fetch"))) {
                int at = 0;
                while (at < whole.length) {
                    int n = Math.min(whole.length - at, 1 + random.nextInt(round < 10 ? 8 : 700));
                    spool.write(ByteBuffer.wrap(whole, at, n));
                    at += n;
                }

                assertThat(spool.hash()).isEqualTo(SpoolFile.FileHash.of(RegisterBytes.of(whole)));
                assertThat(spool.size()).isEqualTo(whole.length);
                assertThat(Files.readAllBytes(spool.path())).isEqualTo(whole);
            }
        }
    }

    @Test
    void hash_noNewline_allHeader() throws Exception {
        byte[] bytes = "{\"format\":".getBytes(StandardCharsets.US_ASCII);
        try (SpoolFile spool = SpoolFile.create(dir.resolve("s.fetch"))) {
            spool.write(ByteBuffer.wrap(bytes));

            assertThat(spool.hash()).isEqualTo(SpoolFile.FileHash.of(RegisterBytes.of(bytes)));
            assertThat(spool.hash().body()).isEqualTo(RegisterFile.sha256Hex(new byte[0], 0, 0));
        }
    }

    @Test
    void commitTo_mappedSpool_becomesTheTargetAndTheMappingStillReads() throws Exception {
        Path target = dir.resolve("national.ndjson");
        Files.write(target, "old".getBytes(StandardCharsets.US_ASCII));
        byte[] body = "new content\n".getBytes(StandardCharsets.US_ASCII);
        RegisterBytes mapped;
        try (SpoolFile spool = SpoolFile.create(dir.resolve("national.ndjson.fetch"))) {
            spool.write(ByteBuffer.wrap(body));
            mapped = spool.map();

            spool.commitTo(target);
        }

        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(Files.exists(dir.resolve("national.ndjson.fetch"))).isFalse();
        assertThat(mapped.copy(0, mapped.length())).isEqualTo(body);
    }

    @Test
    void create_overAMappedLeftover_unlinksItSoTheMappingKeepsItsBytes() throws Exception {
        Path path = dir.resolve("national.ndjson.fetch");
        byte[] first = "first spool\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(path, first);
        RegisterBytes mapped = RegisterBytes.map(path);

        try (SpoolFile spool = SpoolFile.create(path)) {
            spool.write(ByteBuffer.wrap("second\n".getBytes(StandardCharsets.US_ASCII)));

            assertThat(mapped.copy(0, mapped.length())).isEqualTo(first);
        }
    }

    @Test
    void close_notCommitted_deletesTheFile() throws Exception {
        Path path = dir.resolve("national.ndjson.fetch");
        SpoolFile spool = SpoolFile.create(path);
        spool.write(ByteBuffer.wrap(new byte[] {'x'}));

        spool.close();

        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void create_pathIsAFullDirectory_failsAsSpoolFailed() throws Exception {
        Path path = dir.resolve("national.ndjson.fetch");
        Files.createDirectories(path);
        Files.write(path.resolve("x"), new byte[] {1});

        assertThatThrownBy(() -> SpoolFile.create(path)).isInstanceOf(SpoolFile.Failed.class)
                .hasMessageContaining("national.ndjson.fetch");
    }
}
