package screening.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path dir;

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void replace_newFile_writesContentAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("sub/dir/local.json");
        DurableFiles.replace(target, utf8("{\"a\":1}"));
        assertThat(Files.readString(target)).isEqualTo("{\"a\":1}");
        assertThat(Files.exists(target.resolveSibling("local.json.tmp"))).isFalse();
    }

    @Test
    void replace_existingFile_replacesWhole() throws IOException {
        Path target = dir.resolve("national.ndjson");
        Files.writeString(target, "old content that is longer than the new one\n");
        DurableFiles.replace(target, utf8("new\n"));
        assertThat(Files.readString(target)).isEqualTo("new\n");
    }

    @Test
    void replace_staleTemporaryFromACrash_isOverwritten() throws IOException {
        Path target = dir.resolve("local.json");
        Files.writeString(target.resolveSibling("local.json.tmp"), "half a write left by kill -9, longer");
        DurableFiles.replace(target, utf8("whole"));
        assertThat(Files.readString(target)).isEqualTo("whole");
        assertThat(Files.exists(target.resolveSibling("local.json.tmp"))).isFalse();
    }

    @Test
    void replace_targetIsADirectory_throwsAndKeepsIt() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child"));
        assertThatThrownBy(() -> DurableFiles.replace(target, utf8("x"))).isInstanceOf(IOException.class);
        assertThat(Files.isDirectory(target.resolve("child"))).isTrue();
    }

    @Test
    void fsyncDirectory_existingDirectory_succeeds() throws IOException {
        DurableFiles.fsyncDirectory(dir);
    }

    @Test
    void fsyncDirectory_missingDirectory_throwsOnLinux() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        assertThatThrownBy(() -> DurableFiles.fsyncDirectory(dir.resolve("absent"))).isInstanceOf(IOException.class);
    }
}
