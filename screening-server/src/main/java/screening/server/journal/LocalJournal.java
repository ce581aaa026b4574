package screening.server.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import screening.server.json.Json;

/**
 * The local entries pushed by security staff, kept in an append-only, checksummed journal in
 * {@code dataDir} (SPEC section 7): the file {@code local.journal}.
 *
 * <p>Each change (one push, batch or not, or one removal) is one record; {@link #add} and
 * {@link #remove} return only after the record is on disk ({@code FileChannel.force}). At
 * {@link #open} the journal is replayed: a torn or corrupt last record is reported and cut off;
 * a corrupt record with good records after it stops start-up ({@link JournalCorruptException}).
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
    private FileChannel channel;
    private final Map<String, Entry> live; // insertion order; writer only
    private volatile EntryIndex index;
    private volatile long seq;
    private int records;
    private final OpenReport report;

    /** What {@link #open} found: records replayed, and whether a torn tail was cut off. */
    public record OpenReport(int records, boolean tornTailDropped, long bytesDropped) {
    }

    private LocalJournal(Path dataDir, EntryValidator validator, FileChannel channel, Map<String, Entry> live,
            long seq, int records, OpenReport report) {
        this.dataDir = dataDir;
        this.file = dataDir.resolve(FILE_NAME);
        this.validator = validator;
        this.channel = channel;
        this.live = live;
        this.seq = seq;
        this.records = records;
        this.report = report;
        this.index = buildIndex(live.values());
    }

    /**
     * Opens (or creates) the journal in {@code dataDir} and replays it.
     *
     * @throws JournalCorruptException when a record other than the last is damaged, or a record
     *     holds an entry the validator refuses; the message names the offset, never a number
     * @throws IOException when the file cannot be read or written
     */
    public static LocalJournal open(Path dataDir, EntryValidator validator) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(dataDir.resolve(TMP_NAME)); // a compaction that did not finish
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
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
            if (torn) {
                LOG.log(System.Logger.Level.WARNING, "journal {0}: dropped a torn or corrupt last record "
                        + "({1} bytes at byte {2}); it was never acknowledged", file, dropped, pos);
                ch.truncate(pos);
                ch.force(true);
            }
            ch.position(ch.size());
            LocalJournal j = new LocalJournal(dataDir, validator, ch, live, seq, records,
                    new OpenReport(records, torn, dropped));
            LOG.log(System.Logger.Level.INFO, "journal {0}: {1} local entries, seq {2}, {3} records",
                    file, live.size(), seq, records);
            return j;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
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

    private EntryIndex buildIndex(Iterable<Entry> entries) {
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
     * @throws IOException when the write or fsync fails; the journal is then closed and every
     *     later call fails, since the file's tail is unknown until the next open
     */
    public synchronized EntryIndex add(List<Entry> entries) throws IOException {
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
        write(rec);
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
     * @throws IOException as for {@link #add}
     */
    public synchronized Entry remove(String id) throws IOException {
        ensureOpen();
        Entry old = live.get(id);
        if (old == null) {
            return null;
        }
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq + 1);
        rec.put("op", "REMOVE");
        rec.put("id", id);
        write(rec);
        live.remove(id);
        index = buildIndex(live.values());
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

    /** Rewrites the live entries as one record in a new file and swaps it in atomically. */
    public synchronized void compact() throws IOException {
        ensureOpen();
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq);
        rec.put("op", "SNAPSHOT");
        ArrayNode arr = rec.putArray("entries");
        live.values().forEach(e -> arr.add(Json.MAPPER.valueToTree(e)));
        DurableFiles.replace(file, frame(rec)); // its temporary file is TMP_NAME
        FileChannel old = channel;
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
        old.close();
        int before = records;
        records = 1;
        LOG.log(System.Logger.Level.INFO, "journal {0}: compacted {1} records into 1 ({2} entries, seq {3})",
                file, before, live.size(), seq);
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

    private void write(ObjectNode rec) throws IOException {
        ByteBuffer buf = frame(rec);
        long start = channel.position();
        try {
            writeFully(channel, buf);
            channel.force(false);
        } catch (IOException e) {
            // the tail is unknown now: stop taking changes until the next open repairs it
            LOG.log(System.Logger.Level.ERROR, "journal {0}: write failed at byte {1}; refusing further changes",
                    file, start);
            channel.close();
            throw e;
        }
        records++;
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
        if (!channel.isOpen()) {
            throw new IOException("journal " + file + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "journal {0}: close failed: {1}", file, e.getMessage());
        }
    }
}
