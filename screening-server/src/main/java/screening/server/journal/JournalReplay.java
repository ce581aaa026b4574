package screening.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import screening.core.Entry;

/**
 * A journal file read from its start: the live entries its records leave, the last seq, how many
 * records, where the last whole record ends, and the torn tail found after it (its length).
 * Reading blocks on the file; {@link #repairAtOpen} also writes it. Call from one thread.
 *
 * @param live the live entries by id, in the order they were added
 * @param goodBytes where the last whole record ends
 * @param torn whether a torn or corrupt last record follows it
 * @param dropped that tail's length in bytes
 */
record JournalReplay(Map<String, Entry> live, long seq, int records, int goodBytes, boolean torn, long dropped) {

    /*
     * Telling a torn tail from damage in the middle: a record that fails its check is the last one
     * when its declared end reaches the end of the file (or lies beyond it), and no good record
     * can be found at any later offset. Otherwise good records follow a bad one, which a crash
     * cannot do: that is damage, and start-up stops rather than silently losing changes.
     */

    private static final System.Logger LOG = System.getLogger(LocalJournal.class.getName());

    /**
     * Replays the journal open on {@code ch} and cuts a torn last record off it (fsynced), so the
     * next record is written after the last whole one. Leaves {@code ch} positioned at its end.
     *
     * @throws JournalCorruptException when a record other than the last is damaged
     */
    static JournalReplay repairAtOpen(FileChannel ch, Path file) throws IOException {
        JournalReplay r = of(ch, file);
        if (r.torn()) {
            LOG.log(System.Logger.Level.WARNING, "journal {0}: dropped a torn or corrupt last record "
                    + "({1} bytes at byte {2}); it was never acknowledged", file, r.dropped(), r.goodBytes());
            ch.truncate(r.goodBytes());
            ch.force(true);
        }
        ch.position(ch.size());
        return r;
    }

    /**
     * Replays {@code file} without writing anything: a torn last record is left in place and
     * reported; a missing file has no records.
     *
     * @throws JournalCorruptException when a record other than the last is damaged
     */
    static JournalReplay readOnly(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return of(ch, file);
        } catch (NoSuchFileException e) {
            return new JournalReplay(new LinkedHashMap<>(), 0, 0, 0, false, 0);
        }
    }

    /** Replays the journal open on {@code ch} with positional reads; writes nothing. */
    static JournalReplay of(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8)).order(ByteOrder.LITTLE_ENDIAN);
        while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
            // positional read until full
        }
        all.flip();
        Map<String, Entry> live = new LinkedHashMap<>();
        long seq = 0;
        int records = 0;
        int pos = 0;
        boolean torn = false;
        long dropped = 0;
        while (pos < all.limit()) {
            byte[] payload = JournalFormat.payloadAt(all, pos);
            if (payload == null) {
                if (JournalFormat.goodRecordAfter(all, pos)) {
                    throw new JournalCorruptException("journal " + file + " is damaged at byte " + pos
                            + " with good records after it; this is not a torn write. Restore dataDir from "
                            + "a backup, or move " + LocalJournal.FILE_NAME + " aside to start without local entries");
                }
                torn = true;
                dropped = all.limit() - pos;
                break;
            }
            long recSeq = JournalFormat.apply(payload, live, pos, file);
            if (recSeq <= seq && records > 0) {
                throw new JournalCorruptException("journal " + file + " record at byte " + pos
                        + " has seq " + recSeq + " after seq " + seq);
            }
            seq = recSeq;
            records++;
            pos += JournalFormat.HEADER_BYTES + payload.length;
        }
        return new JournalReplay(live, seq, records, pos, torn, dropped);
    }
}
