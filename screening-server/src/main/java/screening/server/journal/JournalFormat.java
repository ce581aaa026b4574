package screening.server.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.zip.CRC32C;
import screening.core.Entry;
import screening.server.json.Json;

/**
 * The journal's record format: a change encoded as a framed, checksummed record, and a record's
 * bytes checked and decoded back into a change. No I/O; safe from any thread.
 */
final class JournalFormat {

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
     */

    static final int MAGIC = 0x4C4A524E; // "NRJL" little-endian
    static final int HEADER_BYTES = 12;
    static final int MAX_RECORD_BYTES = 256 << 20;

    private JournalFormat() {
    }

    /** The framed record that adds {@code entries} as change {@code seq}. */
    static ByteBuffer add(long seq, Collection<Entry> entries) throws IOException {
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq);
        rec.put("op", "ADD");
        ArrayNode arr = rec.putArray("entries");
        entries.forEach(e -> arr.add(Json.MAPPER.valueToTree(e)));
        return frame(rec);
    }

    /** The framed record that removes the entry {@code id} as change {@code seq}. */
    static ByteBuffer remove(long seq, String id) throws IOException {
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq);
        rec.put("op", "REMOVE");
        rec.put("id", id);
        return frame(rec);
    }

    /** The framed record that holds all of {@code live} at {@code seq}: a compacted file's first. */
    static ByteBuffer snapshot(long seq, Collection<Entry> live) throws IOException {
        ObjectNode rec = Json.MAPPER.createObjectNode();
        rec.put("seq", seq);
        rec.put("op", "SNAPSHOT");
        ArrayNode arr = rec.putArray("entries");
        live.forEach(e -> arr.add(Json.MAPPER.valueToTree(e)));
        return frame(rec);
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

    /**
     * The payload of the record at {@code pos} in {@code all} (little-endian), or null if it is
     * torn or fails its checksum.
     */
    static byte[] payloadAt(ByteBuffer all, int pos) {
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

    /** Whether a whole record passing its checksum starts anywhere after the offset {@code bad}. */
    static boolean goodRecordAfter(ByteBuffer all, int bad) {
        for (int p = bad + 1; p <= all.limit() - HEADER_BYTES; p++) {
            if (all.getInt(p) == MAGIC && payloadAt(all, p) != null) {
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

    /**
     * Applies the change in {@code payload} (the record at byte {@code pos} of {@code file}) to
     * {@code live}, and returns its seq.
     *
     * @throws JournalCorruptException when the payload, though its checksum held, is not a change
     */
    static long apply(byte[] payload, Map<String, Entry> live, int pos, Path file) throws IOException {
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
}
