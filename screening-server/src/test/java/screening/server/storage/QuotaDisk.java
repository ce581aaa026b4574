package screening.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A disk of {@code capacity} bytes holding the tree under {@code root}: a write that would grow
 * the files there past the capacity is cut short, and one that finds no room fails with ENOSPC,
 * as on a small file system. Space is whatever the files take (no blocks), so deleting a file
 * under {@code root} frees it at once, whoever deletes it.
 */
public final class QuotaDisk implements FaultyFileChannel.Disk {

    private final Path root;
    private final long capacity;

    public QuotaDisk(Path root, long capacity) {
        this.root = root;
        this.capacity = capacity;
    }

    /** The bytes the files under the root take now. */
    public long used() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted while walking
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public synchronized long writable(Path file, long position, long size, long wanted) throws IOException {
        long overwrite = Math.max(0, Math.min(wanted, size - position));
        long free = Math.max(0, capacity - used());
        return overwrite + Math.min(wanted - overwrite, free);
    }
}
