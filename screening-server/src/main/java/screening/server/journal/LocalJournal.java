package screening.server.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.server.storage.DurableFiles;
import screening.server.storage.FileOpener;
import screening.server.storage.WriteFaults;
import screening.server.json.Json;

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
     * Record framing, little-endian:
     *
     *   +---------+----------+-----------+----------------------+
     *   | magic 4 | length 4 | crc32c 4  | payload (length)     |
     *   +---------+----------+-----------+----------------------+
     *
     * crc32c covers the length field and the payload, so a flipped length is caught too. The
     * payload is UTF-8 JSON: {"seq":N,"op":"ADD","entries":[...]}, {"seq":N,"op":"REMOVE","id":..}
     * or {"seq":N,"op":"SNAPSHOT","entries":[...]} (the first record of a compacted file).
     *
     * Telling a torn tail from damage in the middle: a record that fails its check is the last one
     * when its declared end reaches the end of the file (or lies beyond it), and no good record
     * can be found at any later offset. Otherwise good records follow a bad one, which a crash
     * cannot do: that is damage, and start-up stops rather than silently losing changes.
     *
     * seq is the number of changes applied since the journal was first created; every record
     * carries it, and compaction keeps it in the SNAPSHOT record, so it only grows.
     *
     * Compaction: when records exceed COMPACT_MIN_RECORDS and twice the live entries, the live
     * entries are written as one SNAPSHOT record to local.journal.tmp, fsynced, atomically renamed
     * over local.journal, and the directory fsynced. A crash leaves either the old or the new file.
     * The channel that wrote the new file is the one kept, so no open can fail after the rename;
     * if the directory's fsync fails, the next change makes it before it writes.
     *
     * A failed write or fsync (a full disk, an I/O error): goodSize is where the last whole record
     * ends, and moves only after a record's fsync and its confirmation. The file is cut back to it
     * at once; if the cut fails too, the next change cuts first and writes nothing until it has
     * (tailUnknown). A channel closed under the writer (an interrupt) is opened again. A record
     * whose confirmation fails (its audit lines could not be written) is cut off the same way, so
     * a change that is refused is not applied: if a crash comes first, the next start finds it,
     * unacknowledged and durable, and the admin side audits it as reconciled.
     */

    /** The journal's file name in {@code dataDir}. */
    public static final String FILE_NAME = "local.journal";
    static final String TMP_NAME = "local.journal.tmp";
    static final int MAGIC = 0x4C4A524E; // "NRJL" little-endian
    static final int HEADER_BYTES = 12;
    static final int MAX_RECORD_BYTES = 256 << 20;
    static final int COMPACT_MIN_RECORDS = 64;

    private static final System.Logger LOG = System.getLogger(LocalJournal.class.getName());

    private final Path dataDir;
    private final Path file;
    private final EntryValidator validator;
    private final WriteFaults faults;
    private final FileOpener opener;
    private FileChannel channel;
    private long goodSize; // where the last whole record ends
    private boolean tailUnknown; // a failed write's bytes may lie past goodSize
    private boolean dirSyncPending; // a compaction's rename is not known to be durable
    private boolean closed;
    private final Map<String, Entry> live; // insertion order; writer only
    private volatile EntryIndex index;
    private volatile long seq;
    private int records;
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

    /** The replay of a journal's bytes. */
    private record Replay(Map<String, Entry> live, long seq, int records, int goodBytes, boolean torn, long dropped) {
    }

    private LocalJournal(Path dataDir, EntryValidator validator, FileOpener opener, FileChannel channel,
            Map<String, Entry> live, long seq, int records, OpenReport report) throws IOException {
        this.dataDir = dataDir;
        this.opener = opener;
        this.file = dataDir.resolve(FILE_NAME);
        this.validator = validator;
        this.faults = new WriteFaults("journal " + file, "pushes and deletes are refused", InstantSource.system());
        this.channel = channel;
        this.goodSize = channel.size();
        this.live = live;
        this.seq = seq;
        this.records = records;
        this.report = report;
        this.index = buildIndex(live.values(), validator, file);
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
            Replay r = replay(ch, file);
            if (r.torn()) {
                LOG.log(System.Logger.Level.WARNING, "journal {0}: dropped a torn or corrupt last record "
                        + "({1} bytes at byte {2}); it was never acknowledged", file, r.dropped(), r.goodBytes());
                ch.truncate(r.goodBytes());
                ch.force(true);
            }
            ch.position(ch.size());
            LocalJournal j = new LocalJournal(dataDir, validator, opener, ch, r.live(), r.seq(), r.records(),
                    new OpenReport(r.records(), r.torn(), r.dropped()));
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
        Replay r;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            r = replay(ch, file);
        } catch (NoSuchFileException e) {
            r = new Replay(new LinkedHashMap<>(), 0, 0, 0, false, 0);
        }
        return new Contents(buildIndex(r.live().values(), validator, file), r.seq(),
                new OpenReport(r.records(), r.torn(), r.dropped()));
    }

    private static Replay replay(FileChannel ch, Path file) throws IOException {
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
            byte[] payload = readRecord(all, pos);
            if (payload == null) {
                if (findGoodRecordAfter(all, pos)) {
                    throw new JournalCorruptException("journal " + file + " is damaged at byte " + pos
                            + " with good records after it; this is not a torn write. Restore dataDir from "
                            + "a backup, or move " + FILE_NAME + " aside to start without local entries");
                }
                torn = true;
                dropped = all.limit() - pos;
                break;
            }
            long recSeq = apply(payload, live, pos, file);
            if (recSeq <= seq && records > 0) {
                throw new JournalCorruptException("journal " + file + " record at byte " + pos
                        + " has seq " + recSeq + " after seq " + seq);
            }
            seq = recSeq;
            records++;
            pos += HEADER_BYTES + payload.length;
        }
        return new Replay(live, seq, records, pos, torn, dropped);
    }

    /** The payload of the record at {@code pos}, or null if it is torn or fails its checksum. */
    private static byte[] readRecord(ByteBuffer all, int pos) {
        if (all.limit() - pos < HEADER_BYTES) {
            return null;
        }
        if (all.getInt(pos) != MAGIC) {
            return null;
        }
        int length = all.getInt(pos + 4);
        if (length < 0 || length > MAX_RECORD_BYTES || (long) pos + HEADER_BYTES + length > all.limit()) {
            return null;
        }
        int crc = all.getInt(pos + 8);
        byte[] payload = new byte[length];
        all.get(pos + HEADER_BYTES, payload);
        if (crc(length, payload) != crc) {
            return null;
        }
        return payload;
    }

    private static boolean findGoodRecordAfter(ByteBuffer all, int bad) {
        for (int p = bad + 1; p <= all.limit() - HEADER_BYTES; p++) {
            if (all.getInt(p) == MAGIC && readRecord(all, p) != null) {
                return true;
            }
        }
        return false;
    }

    static int crc(int length, byte[] payload) {
        CRC32C c = new CRC32C();
        ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, length);
        c.update(len);
        c.update(payload);
        return (int) c.getValue();
    }

    private static long apply(byte[] payload, Map<String, Entry> live, int pos, Path file) throws IOException {
        JsonNode rec;
        try {
            rec = Json.MAPPER.readTree(payload);
            String op = rec.path("op").asText();
            switch (op) {
                case "SNAPSHOT" -> {
                    live.clear();
                    for (JsonNode n : rec.path("entries")) {
                        Entry e = Json.MAPPER.treeToValue(n, Entry.class);
                        live.put(e.id(), e);
                    }
                }
                case "ADD" -> {
                    for (JsonNode n : rec.path("entries")) {
                        Entry e = Json.MAPPER.treeToValue(n, Entry.class);
                        if (live.putIfAbsent(e.id(), e) != null) {
                            throw new JournalCorruptException("journal " + file + " record at byte " + pos
                                    + " adds id " + e.id() + " twice");
                        }
                    }
                }
                case "REMOVE" -> live.remove(rec.path("id").asText());
                default -> throw new JournalCorruptException("journal " + file + " record at byte " + pos
                        + " has unknown op \"" + op + "\"");
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // the checksum held, so this is not a torn write: a bug or a foreign file
            throw new JournalCorruptException("journal " + file + " record at byte " + pos
                    + " passes its checksum but cannot be read: " + e.getOriginalMessage().split("\n")[0]);
        }
        if (!rec.path("seq").canConvertToLong()) {
            throw new JournalCorruptException("journal " + file + " record at byte " + pos + " has no seq");
        }
        return rec.path("seq").asLong();
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
        return index;
    }

    /** The journal's sequence: how many changes it holds; the local part of the snapshot version. */
    public long seq() {
        return seq;
    }

    /** The local entry with {@code id}, or null. Any thread. */
    public Entry get(String id) {
        return index.get(id);
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
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq + 1);
        rec.put("op", "ADD");
        ArrayNode arr = rec.putArray("entries");
        entries.forEach(e -> arr.add(Json.MAPPER.valueToTree(e)));
        write(rec, seq + 1, confirmation);
        for (Entry e : entries) {
            live.put(e.id(), e);
        }
        index = next;
        seq = seq + 1;
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
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq + 1);
        rec.put("op", "REMOVE");
        rec.put("id", id);
        write(rec, seq + 1, confirmation);
        live.remove(id);
        index = buildIndex(live.values(), validator, file);
        seq = seq + 1;
        return old;
    }

    /** Compacts now if the journal holds more than twice as many records as live entries. */
    public synchronized boolean compactIfWorthIt() throws IOException {
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
        readyToWrite();
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq);
        rec.put("op", "SNAPSHOT");
        ArrayNode arr = rec.putArray("entries");
        live.values().forEach(e -> arr.add(Json.MAPPER.valueToTree(e)));
        FileChannel next = DurableFiles.writeAndRename(file, frame(rec), opener); // its temporary file is TMP_NAME
        FileChannel old = channel;
        channel = next;
        goodSize = next.position();
        closeQuietly(old);
        int before = records;
        records = 1;
        dirSyncPending = true;
        DurableFiles.fsyncDirectory(dataDir);
        dirSyncPending = false;
        LOG.log(System.Logger.Level.INFO, "journal {0}: compacted {1} records into 1 ({2} entries, seq {3})",
                file, before, live.size(), seq);
    }

    /** What the last write of the journal found, and how many failed. Any thread. */
    public WriteFaults faults() {
        return faults;
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

    /**
     * Appends one record after the last whole one, fsyncs it and runs the confirmation; on any
     * failure cuts it off again and throws.
     */
    private void write(ObjectNode rec, long recSeq, Confirmation confirmation) throws IOException {
        ByteBuffer buf = frame(rec);
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
    private void readyToWrite() throws IOException {
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

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was pending on it
        }
    }

    private static ByteBuffer frame(ObjectNode rec) throws IOException {
        byte[] payload = Json.MAPPER.writeValueAsBytes(rec);
        if (payload.length > MAX_RECORD_BYTES) {
            throw new IOException("journal record of " + payload.length + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(payload.length).putInt(crc(payload.length, payload)).put(payload);
        buf.flip();
        return buf;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
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
            if (tailUnknown) {
                cutBack();
            }
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "journal {0}: close failed: {1}", file, e.getMessage());
        }
    }
}
