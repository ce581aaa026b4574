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
     * The temporary file is {@code target} + {@code .tmp}; a failed write deletes it (it may be
     * what filled the disk), so only a crash leaves one behind.
     *
     * @throws IOException on any write failure, or if the file system cannot rename atomically
     */
    public static void replace(Path target, ByteBuffer content) throws IOException {
        writeAndRename(target, content).close();
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Writes {@code content} to {@code target} + {@code .tmp}, fsyncs it and renames it over
     * {@code target} atomically, and returns the new file open for reading and writing,
     * positioned at its end. The rename is not yet durable: call {@link #fsyncDirectory} on the
     * target's directory. The channel is the one that wrote the content, so no later open can
     * fail and leave a caller holding the file the rename unlinked.
     *
     * @throws IOException on any write failure (the temporary file is deleted and {@code target}
     *     is unchanged), or if the file system cannot rename atomically
     */
    public static FileChannel writeAndRename(Path target, ByteBuffer content) throws IOException {
        return writeAndRename(target, content, FileOpener.SYSTEM);
    }

    /** As {@link #writeAndRename(Path, ByteBuffer)}, opening the temporary file with {@code opener}. */
    public static FileChannel writeAndRename(Path target, ByteBuffer content, FileOpener opener) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        FileChannel ch = opener.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            while (content.hasRemaining()) {
                ch.write(content);
            }
            ch.force(true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            deleteQuietly(tmp);
            if (e instanceof AtomicMoveNotSupportedException) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the next replace truncates it, and the journal's open deletes its own
        }
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
