package screening.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Crash-safe file writes for the data directory: a file is replaced by writing a temporary file,
 * fsyncing it, renaming it over the target atomically and fsyncing the directory, so that after a
 * {@code kill -9} or a power cut the target is whole, either the old content or the new.
 *
 * <p>Static, thread-safe for distinct targets; blocks on disk I/O: never call on an event loop.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} durably; returns after the rename is on disk.
     * The temporary file is {@code target} + {@code .tmp}, left behind only by a crash.
     *
     * @throws IOException on any write failure, or if the file system cannot rename atomically
     */
    public static void replace(Path target, ByteBuffer content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                ch.write(content);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically", e);
        }
        fsyncDirectory(dir);
    }

    /**
     * Fsyncs a directory, so that a rename or a new file in it survives a crash. Linux can open a
     * directory for this and must succeed; elsewhere (Windows) a failure to open it is ignored.
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                throw e;
            }
        }
    }
}
