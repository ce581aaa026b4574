package screening.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
        assertThat(Files.exists(target.resolveSibling("taken.tmp"))).isFalse();
    }

    @Test
    void replace_diskFull_deletesTheTemporaryAndKeepsTheTarget() throws IOException {
        Path target = dir.resolve("national.ndjson");
        Files.writeString(target, "old\n");
        ScriptedDisk disk = new ScriptedDisk();
        disk.fullAfter(3);

        assertThatThrownBy(() -> DurableFiles.writeAndRename(target, utf8("new content\n"), FaultyFileChannel.opener(disk)))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");

        assertThat(Files.readString(target)).isEqualTo("old\n");
        assertThat(Files.exists(target.resolveSibling("national.ndjson.tmp"))).isFalse();
    }

    @Test
    void writeAndRename_returnsTheNewFileOpenAtItsEnd() throws IOException {
        Path target = dir.resolve("local.journal");
        Files.writeString(target, "old content\n");
        try (FileChannel ch = DurableFiles.writeAndRename(target, utf8("new\n"))) {
            assertThat(ch.position()).isEqualTo(4);
            ch.write(utf8("more\n"));
        }
        assertThat(Files.readString(target)).isEqualTo("new\nmore\n");
        assertThat(Files.exists(target.resolveSibling("local.journal.tmp"))).isFalse();
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
