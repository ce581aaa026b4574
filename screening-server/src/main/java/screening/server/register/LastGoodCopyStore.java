package screening.server.register;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import screening.server.storage.DurableFiles;

/**
 * The last good copy of each register source, byte for byte as fetched, in
 * {@code dataDir/sources/NAME.ndjson}. A write is crash-safe: temporary file, fsync, atomic
 * rename, fsync of the directory, so after a {@code kill -9} the file is either the old copy or
 * the new one, never a mix. A fetch writes its body to {@code NAME.ndjson.fetch} beside it
 * ({@link #spoolPath}), which becomes the copy by that rename when it is loaded; a copy is never
 * written in place, so a mapping of it stays valid.
 *
 * <p>Blocking file I/O: poller threads and start-up only. Safe for concurrent use on different
 * source names; one writer per name.
 */
public final class LastGoodCopyStore {

    private final Path dir;

    /** A store in {@code dataDir/sources} (created on the first write). */
    public LastGoodCopyStore(Path dataDir) {
        this.dir = dataDir.resolve("sources");
    }

    /** Where the copy of {@code source} lives. */
    public Path path(String source) {
        return dir.resolve(source + ".ndjson");
    }

    /** The stored copy of {@code source}, or empty when there is none. */
    public Optional<byte[]> read(String source) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(source)));
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        }
    }

    /** Where a fetch of {@code source} writes its body before it is checked. */
    Path spoolPath(String source) {
        return dir.resolve(source + ".ndjson.fetch");
    }

    /** A read-only mapping of the stored copy of {@code source}, or empty when there is none. */
    Optional<RegisterBytes> map(String source) throws IOException {
        try {
            return Optional.of(RegisterBytes.map(path(source)));
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        }
    }

    /** When the stored copy of {@code source} was written, or null. */
    public FileTime writtenAt(String source) {
        try {
            return Files.getLastModifiedTime(path(source));
        } catch (IOException ex) {
            return null;
        }
    }

    /** Replaces the copy of {@code source} with {@code bytes}, durably; returns after fsync. */
    public void write(String source, byte[] bytes) throws IOException {
        DurableFiles.replace(path(source), ByteBuffer.wrap(bytes));
    }
}
