package screening.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import screening.server.storage.DurableFiles;
import screening.server.storage.FileOpener;
import screening.server.storage.WriteFaults;

/**
 * The journal's append path: writes a framed record after the last whole one, fsyncs it, runs
 * its confirmation, and cuts it off again on any failure. Blocks on fsync; not thread-safe: the
 * owning {@link LocalJournal} calls it under its lock. {@link #faults()} may be read from any
 * thread.
 */
final class JournalAppender {

    /*
     * A failed write or fsync (a full disk, an I/O error): goodSize is where the last whole record
     * ends, and moves only after a record's fsync and its confirmation. The file is cut back to it
     * at once; if the cut fails too, the next change cuts first and writes nothing until it has
     * (tailUnknown). A channel closed under the writer (an interrupt) is opened again. A record
     * whose confirmation fails (its audit lines could not be written) is cut off the same way, so
     * a change that is refused is not applied: if a crash comes first, the next start finds it,
     * unacknowledged and durable, and the admin side audits it as reconciled.
     */

    private static final System.Logger LOG = System.getLogger(LocalJournal.class.getName());

    private final Path dataDir;
    private final Path file;
    private final FileOpener opener;
    private final WriteFaults faults;
    private FileChannel channel;
    private long goodSize; // where the last whole record ends
    private boolean tailUnknown; // a failed write's bytes may lie past goodSize
    private boolean dirSyncPending; // a compaction's rename is not known to be durable
    private int records;

    /**
     * @param channel the journal, open for writing, holding {@code records} whole records and
     *     positioned at its end
     */
    JournalAppender(Path dataDir, Path file, FileOpener opener, FileChannel channel, int records) throws IOException {
        this.dataDir = dataDir;
        this.file = file;
        this.opener = opener;
        this.faults = new WriteFaults("journal " + file, "pushes and deletes are refused", InstantSource.system());
        this.channel = channel;
        this.goodSize = channel.size();
        this.records = records;
    }

    /** What the last write found, and how many failed. Any thread. */
    WriteFaults faults() {
        return faults;
    }

    /** How many records the file holds. */
    int records() {
        return records;
    }

    /**
     * Appends {@code buf} (one framed record) after the last whole one, fsyncs it and runs the
     * confirmation with {@code recSeq}; on any failure cuts it off again and throws.
     */
    void append(ByteBuffer buf, long recSeq, LocalJournal.Confirmation confirmation) throws IOException {
        readyToWrite();
        tailUnknown = true; // until the record is whole and confirmed, or cut off
        try {
            writeFully(channel, buf);
            channel.force(false);
        } catch (IOException e) {
            cutBack();
            throw faults.failed(e);
        }
        faults.succeeded();
        try {
            confirmation.confirm(recSeq);
        } catch (IOException | RuntimeException e) {
            cutBack();
            if (tailUnknown) {
                LOG.log(System.Logger.Level.ERROR, "journal {0}: refused change seq {1} could not be cut off; "
                        + "the next change tries first, and a restart replays it as an unconfirmed change",
                        file, recSeq);
            }
            throw e;
        }
        goodSize += buf.limit();
        tailUnknown = false;
        records++;
    }

    /** Before a write: makes a pending directory fsync and cuts off what a failed write left. */
    void readyToWrite() throws IOException {
        if (dirSyncPending) {
            try {
                DurableFiles.fsyncDirectory(dataDir);
            } catch (IOException e) {
                throw faults.failed(e);
            }
            dirSyncPending = false;
        }
        if (tailUnknown || !channel.isOpen()) {
            tailUnknown = true;
            cutBack();
            if (tailUnknown) {
                throw faults.failed(new IOException("journal " + file + ": cannot cut back to byte " + goodSize));
            }
        }
    }

    /**
     * Takes {@code next}, a file of one whole record renamed over the journal and positioned at its
     * end, as the journal, and closes the old channel. The rename counts as not yet durable until
     * {@link #renameSynced}; until then the next write first fsyncs the directory.
     */
    void replaceWith(FileChannel next) throws IOException {
        FileChannel old = channel;
        channel = next;
        goodSize = next.position();
        closeQuietly(old);
        records = 1;
        dirSyncPending = true;
    }

    /** The directory holding the rename of {@link #replaceWith} is fsynced. */
    void renameSynced() {
        dirSyncPending = false;
    }

    /** Cuts the file back to goodSize, opening it again if its channel was closed; clears tailUnknown if it could. */
    private void cutBack() {
        try {
            if (!channel.isOpen()) {
                channel = opener.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            if (channel.size() > goodSize) {
                channel.truncate(goodSize);
            }
            channel.position(goodSize);
            channel.force(false);
            tailUnknown = false;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "journal {0}: cut back to byte {1} failed: {2}", file, goodSize,
                    e.getMessage());
        }
    }

    /** Cuts off what a failed write left, if anything, and closes the file. */
    void close() throws IOException {
        if (tailUnknown) {
            cutBack();
        }
        channel.close();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was pending on it
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
