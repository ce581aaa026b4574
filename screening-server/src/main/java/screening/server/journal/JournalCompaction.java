package screening.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collection;
import screening.core.Entry;
import screening.server.storage.DurableFiles;
import screening.server.storage.FileOpener;

/**
 * Compaction of the journal: the live entries rewritten as one record in a new file swapped in
 * atomically. Blocks on fsync; call under the owning {@link LocalJournal}'s lock.
 */
final class JournalCompaction {

    /*
     * The live entries are written as one SNAPSHOT record to local.journal.tmp, fsynced,
     * atomically renamed over local.journal, and the directory fsynced. A crash leaves either the
     * old or the new file. The channel that wrote the new file is the one kept, so no open can
     * fail after the rename; if the directory's fsync fails, the next change makes it before it
     * writes. The SNAPSHOT record keeps the seq, so seq only grows.
     */

    private static final System.Logger LOG = System.getLogger(LocalJournal.class.getName());

    private JournalCompaction() {
    }

    /**
     * Rewrites {@code live} at {@code seq} as the journal {@code file} in {@code dataDir}, written
     * through {@code appender} from then on. A failure before the rename leaves the journal as it
     * was, and its temporary file deleted.
     */
    static void compact(Path dataDir, Path file, FileOpener opener, JournalAppender appender, long seq,
            Collection<Entry> live) throws IOException {
        appender.readyToWrite();
        // its temporary file is LocalJournal.TMP_NAME
        FileChannel next = DurableFiles.writeAndRename(file, JournalFormat.snapshot(seq, live), opener);
        int before = appender.records();
        appender.replaceWith(next);
        DurableFiles.fsyncDirectory(dataDir);
        appender.renameSynced();
        LOG.log(System.Logger.Level.INFO, "journal {0}: compacted {1} records into 1 ({2} entries, seq {3})",
                file, before, live.size(), seq);
    }
}
