package screening.server.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.server.storage.FileOpener;
import screening.server.storage.WriteFaults;

/**
 * The local entries pushed by security staff, kept in an append-only, checksummed journal in
 * {@code dataDir} (SPEC section 7): the file {@code local.journal}.
 *
 * <p>Each change (one push, batch or not, or one removal) is one record; {@link #add} and
 * {@link #remove} return only after the record is on disk ({@code FileChannel.force}), and after
 * what the caller confirms with it (its audit lines). At {@link #open} the journal is replayed: a
 * torn or corrupt last record is reported and cut off; a corrupt record with good records after it
 * stops start-up ({@link JournalCorruptException}). {@link #read} replays it without writing.
 * A failed write is cut off at once (SPEC section 15), and the next change is written after the
 * last whole record: the journal goes on taking changes when the disk has room again.
 *
 * <p>Threads: the mutators block on fsync, so call them from one writer thread, never an event
 * loop; they are synchronized, so a second caller waits. {@link #index()} and {@link #seq()} may
 * be read from any thread.
 */
public final class LocalJournal implements AutoCloseable {

    /*
     * The jobs, one class each: JournalFormat (a record's bytes), JournalReplay (reading the file,
     * the torn tail at open), JournalAppender (the append, its fsync, cut-back and confirmation),
     * JournalCompaction (the rewrite). This class keeps the live entries and their index.
     *
     * seq is the number of changes applied since the journal was first created; every record
     * carries it, and compaction keeps it in the SNAPSHOT record, so it only grows.
     *
     * Compaction is worth it when records exceed COMPACT_MIN_RECORDS and twice the live entries.
     */

    /** The journal's file name in {@code dataDir}. */
    public static final String FILE_NAME = "local.journal";
    static final String TMP_NAME = "local.journal.tmp";
    static final int COMPACT_MIN_RECORDS = 64;

    private static final System.Logger LOG = System.getLogger(LocalJournal.class.getName());

    private final Path dataDir;
    private final Path file;
    private final EntryValidator validator;
    private final FileOpener opener;
    private final JournalAppender appender;
    private boolean closed;
    private final Map<String, Entry> live; // insertion order; writer only
    private volatile State state; // the index and the seq it is at, read together
    private final OpenReport report;

    /**
     * What {@link #open} or {@link #read} found: records replayed, and whether a torn tail was
     * found (cut off by open, left in place by read) and its length.
     */
    public record OpenReport(int records, boolean tornTailDropped, long bytesDropped) {
    }

    /** The journal's content as {@link #read} found it. */
    public record Contents(EntryIndex index, long seq, OpenReport report) {
    }

    /** The local entries and the seq of the change that left them so: one consistent view. */
    public record State(EntryIndex index, long seq) {
    }

    /**
     * What must be durable with a change before it counts, run after the record's fsync and
     * before the change is applied: the change's audit lines.
     */
    @FunctionalInterface
    public interface Confirmation {
        /**
         * @param seq the change's journal seq
         * @throws IOException to refuse the change: its record is cut off again
         */
        void confirm(long seq) throws IOException;
    }

    private static final Confirmation NONE = seq -> { };

    private LocalJournal(Path dataDir, EntryValidator validator, FileOpener opener, FileChannel channel,
            JournalReplay replay) throws IOException {
        this.dataDir = dataDir;
        this.opener = opener;
        this.file = dataDir.resolve(FILE_NAME);
        this.validator = validator;
        this.appender = new JournalAppender(dataDir, file, opener, channel, replay.records());
        this.live = replay.live();
        this.report = report(replay);
        this.state = new State(buildIndex(live.values(), validator, file), replay.seq());
    }

    /**
     * Opens (or creates) the journal in {@code dataDir} and replays it; a torn last record is cut
     * off.
     *
     * @throws JournalCorruptException when a record other than the last is damaged, or a record
     *     holds an entry the validator refuses; the message names the offset, never a number
     * @throws IOException when the file cannot be read or written
     */
    public static LocalJournal open(Path dataDir, EntryValidator validator) throws IOException {
        return open(dataDir, validator, FileOpener.SYSTEM);
    }

    /**
     * As {@link #open(Path, EntryValidator)}, with the journal and its compactions' files opened
     * by {@code opener}.
     */
    public static LocalJournal open(Path dataDir, EntryValidator validator, FileOpener opener) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(dataDir.resolve(TMP_NAME)); // a compaction that did not finish
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel ch = opener.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            JournalReplay r = JournalReplay.repairAtOpen(ch, file);
            LocalJournal j = new LocalJournal(dataDir, validator, opener, ch, r);
            LOG.log(System.Logger.Level.INFO, "journal {0}: {1} local entries, seq {2}, {3} records",
                    file, r.live().size(), r.seq(), r.records());
            return j;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Replays the journal in {@code dataDir} without writing anything there: no file or directory
     * is created, a torn last record is left in place (and reported), a compaction's temporary
     * file is left alone. For {@code check}, which must never change the data it reads. A missing
     * journal has no entries.
     *
     * @throws JournalCorruptException as {@link #open}
     * @throws IOException when the file cannot be read
     */
    public static Contents read(Path dataDir, EntryValidator validator) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        JournalReplay r = JournalReplay.readOnly(file);
        return new Contents(buildIndex(r.live().values(), validator, file), r.seq(), report(r));
    }

    private static OpenReport report(JournalReplay r) {
        return new OpenReport(r.records(), r.torn(), r.dropped());
    }

    private static EntryIndex buildIndex(Iterable<Entry> entries, EntryValidator validator, Path file) {
        EntryIndex.Builder b = EntryIndex.builder(Entry.LOCAL_SOURCE, validator);
        for (Entry e : entries) {
            try {
                b.add(e);
            } catch (InvalidEntryException ex) {
                throw new JournalCorruptException("journal " + file + ": local entry " + e.id()
                        + " is no longer valid under this config: " + ex.getMessage());
            }
        }
        return b.build();
    }

    /** What the last {@link #open} found. */
    public OpenReport openReport() {
        return report;
    }

    /** The local entries now, as an index of source {@code local}. */
    public EntryIndex index() {
        return state.index();
    }

    /**
     * The journal's sequence: how many changes it holds; the local part of the snapshot version.
     * It only grows, across restarts and compactions, as long as the journal file is kept.
     */
    public long seq() {
        return state.seq();
    }

    /** The local entries and their seq, read together (the feed renders one with the other). Any thread. */
    public State state() {
        return state;
    }

    /** The local entry with {@code id}, or null. Any thread. */
    public Entry get(String id) {
        return state.index().get(id);
    }

    /**
     * Adds {@code entries} as one record, all or nothing, and returns once it is on disk.
     * The entries must already carry their provenance (source {@code local}).
     *
     * @return the new index of local entries
     * @throws InvalidEntryException when an entry is invalid or its id is already a local entry
     *     (field {@code id}); nothing is written then
     * @throws IOException when the write or fsync fails; the record is cut off, nothing is
     *     applied, and the next change is written after the last whole record
     */
    public EntryIndex add(List<Entry> entries) throws IOException {
        return add(entries, NONE);
    }

    /**
     * As {@link #add(List)}, with {@code confirmation} run after the record's fsync and before the
     * entries are applied; if it throws, the record is cut off and nothing is applied.
     *
     * @throws IOException from the write, the fsync or {@code confirmation}
     */
    public synchronized EntryIndex add(List<Entry> entries, Confirmation confirmation) throws IOException {
        ensureOpen();
        List<Entry> all = new ArrayList<>(live.values());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (live.containsKey(e.id())) {
                throw new InvalidEntryException("id", i, "already exists");
            }
            all.add(e);
        }
        EntryIndex next = buildIndexChecked(all, live.size());
        long seq = state.seq() + 1;
        appender.append(JournalFormat.add(seq, entries), seq, confirmation);
        for (Entry e : entries) {
            live.put(e.id(), e);
        }
        state = new State(next, seq);
        return next;
    }

    /**
     * Removes the local entry {@code id} and returns once the removal is on disk.
     *
     * @return the entry as it was, or null if there is no such local entry (nothing written)
     * @throws IOException as for {@link #add(List)}
     */
    public Entry remove(String id) throws IOException {
        return remove(id, NONE);
    }

    /**
     * As {@link #remove(String)}, with {@code confirmation} run after the record's fsync and
     * before the removal is applied; if it throws, the record is cut off and the entry stays.
     *
     * @throws IOException from the write, the fsync or {@code confirmation}
     */
    public synchronized Entry remove(String id, Confirmation confirmation) throws IOException {
        ensureOpen();
        Entry old = live.get(id);
        if (old == null) {
            return null;
        }
        long seq = state.seq() + 1;
        appender.append(JournalFormat.remove(seq, id), seq, confirmation);
        live.remove(id);
        state = new State(buildIndex(live.values(), validator, file), seq);
        return old;
    }

    /** Compacts now if the journal holds more than twice as many records as live entries. */
    public synchronized boolean compactIfWorthIt() throws IOException {
        int records = appender.records();
        if (records >= COMPACT_MIN_RECORDS && records > 2 * live.size()) {
            compact();
            return true;
        }
        return false;
    }

    /**
     * Rewrites the live entries as one record in a new file and swaps it in atomically. A failure
     * before the rename leaves the journal as it was, and its temporary file deleted.
     */
    public synchronized void compact() throws IOException {
        ensureOpen();
        JournalCompaction.compact(dataDir, file, opener, appender, state.seq(), live.values());
    }

    /** What the last write of the journal found, and how many failed. Any thread. */
    public WriteFaults faults() {
        return appender.faults();
    }

    private EntryIndex buildIndexChecked(List<Entry> all, int firstNew) {
        EntryIndex.Builder b = EntryIndex.builder(Entry.LOCAL_SOURCE, validator);
        for (int i = 0; i < all.size(); i++) {
            try {
                b.add(all.get(i));
            } catch (InvalidEntryException ex) {
                // re-number against the batch, not the whole local list
                int pos = i - firstNew;
                throw new InvalidEntryException(ex.field(), pos, stripPrefix(ex.getMessage(), ex.field()));
            }
        }
        return b.build();
    }

    private static String stripPrefix(String message, String field) {
        int i = message.indexOf(field + " ");
        return i >= 0 ? message.substring(i + field.length() + 1) : message;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("journal " + file + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            appender.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "journal {0}: close failed: {1}", file, e.getMessage());
        }
    }
}
