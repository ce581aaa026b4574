package screening.server.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The start-up check of {@code dataDir} (SPEC section 15): the directory is created if missing,
 * and must be a directory the filter can read and write. A failure is an {@link IOException}
 * whose message is one line naming the path and the reason, e.g.
 * {@code data directory /srv/data: not writable (Read-only file system)}.
 *
 * <p>Static; blocks on the file system: start-up only.
 */
public final class DataDirectory {

    /*
     * Writable is tried, not asked: access(2) says yes to root whatever the mode bits, and says
     * nothing about a directory whose files belong to someone else. The probe creates and
     * deletes an empty file, so a full disk (which still has room for a name) passes: the filter
     * must start and answer queries on a full disk, and refuses only the changes it cannot write.
     */

    static final String PROBE_NAME = ".write-probe";

    private static final System.Logger LOG = System.getLogger(DataDirectory.class.getName());

    private DataDirectory() {
    }

    /**
     * Creates {@code dir} if missing and checks it can be read and written.
     *
     * @throws IOException naming {@code dir} and the reason: cannot create, not a directory, not
     *     readable, not writable
     */
    public static void prepare(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw failure(dir, "not a directory", null);
            }
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw failure(dir, "cannot create", "a file is in the way: " + e.getFile());
            } catch (IOException e) {
                throw failure(dir, "cannot create", reasonWithPath(dir, e));
            }
        }
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            list.iterator().hasNext();
        } catch (IOException e) {
            throw failure(dir, "not readable", WriteFaults.reason(e));
        }
        Path probe = dir.resolve(PROBE_NAME);
        try {
            Files.deleteIfExists(probe); // a crash between create and delete
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            if (!WriteFaults.isNoSpace(e)) {
                throw failure(dir, "not writable", WriteFaults.reason(e));
            }
            LOG.log(System.Logger.Level.ERROR, "data directory {0}: no space left on device; starting, but changes "
                    + "are refused and contact attempts dropped until space returns", dir.toAbsolutePath());
        }
    }

    /**
     * The one-line message for a file in {@code dir} that cannot be opened at start-up:
     * {@code data directory DIR: cannot open FILE (reason)}.
     */
    public static IOException cannotOpen(Path dir, FileSystemException e) {
        String file = e.getFile();
        String name = file;
        if (file != null) {
            Path p = Path.of(file);
            Path abs = dir.toAbsolutePath();
            name = p.toAbsolutePath().startsWith(abs) ? abs.relativize(p.toAbsolutePath()).toString() : file;
        }
        return failure(dir, "cannot open " + name, WriteFaults.reason(e));
    }

    private static String reasonWithPath(Path dir, IOException e) {
        String reason = WriteFaults.reason(e);
        if (e instanceof FileSystemException f && f.getFile() != null
                && !Path.of(f.getFile()).toAbsolutePath().equals(dir.toAbsolutePath())) {
            return reason + " at " + f.getFile();
        }
        return reason;
    }

    private static IOException failure(Path dir, String what, String reason) {
        return new IOException("data directory " + dir.toAbsolutePath() + ": " + what
                + (reason == null ? "" : " (" + reason + ")"));
    }
}
