package screening.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import screening.server.json.Json;

/**
 * Reads committed events back from {@code audit.log} (the admin API's {@code GET
 * /admin/v1/audit}). A sparse index of line offsets, one every {@value #SPARSE_EVERY} lines, finds
 * where to start; a read stops at the last committed byte, so it never sees a line being written.
 * Lines come back as written: a {@code type} this version does not know is returned as its text.
 *
 * <p>Thread-safe: the appender records each commit, any thread reads. {@link #read} blocks on the
 * file: never call it on an event loop.
 */
final class AuditReader {

    /** One offset in the index per this many lines. */
    static final int SPARSE_EVERY = 256;

    private final Path logFile;
    private final Object lock = new Object();
    private final List<Long> sparse = new ArrayList<>(); // offset of seq 1 + k*SPARSE_EVERY; guarded by lock
    private long committedSize; // guarded by lock

    /**
     * @param sparseOffsets the index of the lines already in the file
     * @param committedSize where the lines already in the file end
     */
    AuditReader(Path logFile, List<Long> sparseOffsets, long committedSize) {
        this.logFile = logFile;
        this.sparse.addAll(sparseOffsets);
        this.committedSize = committedSize;
    }

    /** Whether the line with {@code seq} has an entry in the index. */
    static boolean indexed(long seq) {
        return (seq - 1) % SPARSE_EVERY == 0;
    }

    /**
     * Adds the offsets of a commit's {@link #indexed} lines, once they are on disk. A read does not
     * go past the committed size, so an offset beyond it only makes a read start where it finds
     * nothing yet.
     */
    void index(List<Long> newOffsets) {
        synchronized (lock) {
            sparse.addAll(newOffsets);
        }
    }

    /** Records where the committed lines end: a read sees them from now on. */
    void committed(long newSize) {
        synchronized (lock) {
            committedSize = newSize;
        }
    }

    /**
     * Reads up to {@code limit} events with seq greater than {@code afterSeq}, in seq order, as
     * written. Blocks on the file.
     *
     * @throws IOException when the file cannot be read or a line does not parse
     */
    List<JsonNode> read(long afterSeq, int limit) throws IOException {
        long end;
        long start;
        synchronized (lock) {
            end = committedSize;
            long want = Math.max(afterSeq, 0);
            int k = (int) Math.min(want / SPARSE_EVERY, sparse.size() - 1L);
            if (k < 0) {
                return List.of();
            }
            start = sparse.get(k);
        }
        List<JsonNode> out = new ArrayList<>(Math.min(limit, 1024));
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            AuditChain.forEachLine(ch, start, end, (bytes, len) -> {
                if (out.size() >= limit) {
                    return false;
                }
                JsonNode n = Json.MAPPER.readTree(bytes, 0, len);
                if (n.path("seq").asLong() > afterSeq) {
                    out.add(n);
                }
                return true;
            });
        }
        return out;
    }
}
