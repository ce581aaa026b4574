package screening.core;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * What the lookup and the answer read of one source's entries, by ordinal, without an
 * {@link Entry} object per entry: the ids (a BLOCKED answer's ref), the owner of each
 * ESTABLISHMENT or PIN entry, and the establishment a PIN entry names. The rest of an entry is
 * made on demand by its {@link EntryReader}. Immutable once built; any thread.
 */
final class EntryColumns {

    /** The id of each entry: one String per entry, made at load (shared with the version before where equal). */
    final String[] ids;
    /** ESTABLISHMENT: the establishment; PIN: the PIN; NATIONAL and e-mail or address entries: null. */
    final String[] owners;
    /** The establishment a PIN entry names, else null; the array itself is null when no entry names one. */
    final String[] pinEstablishments;
    /** Makes the whole entry of an ordinal, for the admin API. */
    final EntryReader reader;
    /**
     * Kept for an index built with a reader, so that a reload can keep an unchanged line's
     * columns without validating it again ({@link EntryIndex.Builder#addUnchanged}), else null:
     * each entry's key, its table bucket (-1 for an e-mail or address entry), and its window in
     * epoch ms (both null when no entry has one).
     */
    final long[] keys;
    final byte[] buckets;
    final long[] fromMs;
    final long[] untilMs;

    EntryColumns(String[] ids, String[] owners, String[] pinEstablishments, EntryReader reader) {
        this(ids, owners, pinEstablishments, reader, null, null, null, null);
    }

    EntryColumns(String[] ids, String[] owners, String[] pinEstablishments, EntryReader reader, long[] keys,
            byte[] buckets, long[] fromMs, long[] untilMs) {
        this.ids = ids;
        this.owners = owners;
        this.pinEstablishments = pinEstablishments;
        this.reader = reader;
        this.keys = keys;
        this.buckets = buckets;
        this.fromMs = fromMs;
        this.untilMs = untilMs;
    }

    /** The columns of {@code entries}, whose reader is the array itself. */
    static EntryColumns of(Entry[] entries) {
        int n = entries.length;
        String[] ids = new String[n];
        String[] owners = new String[n];
        String[] pinEstablishments = null;
        for (int i = 0; i < n; i++) {
            Entry e = entries[i];
            ids[i] = e.id();
            owners[i] = e.channel() == Channel.PHONE ? EntryTable.ownerOf(e.scope(), e) : null;
            if (e.scope() == Scope.PIN && e.establishment() != null) {
                if (pinEstablishments == null) {
                    pinEstablishments = new String[n];
                }
                pinEstablishments[i] = e.establishment();
            }
        }
        return new EntryColumns(ids, owners, pinEstablishments, ordinal -> entries[ordinal]);
    }

    /** The whole entry at {@code ordinal} (may allocate). */
    Entry entry(int ordinal) {
        return reader.entry(ordinal);
    }

    /**
     * The id equal to the ASCII characters {@code latin1[from, from + length)}, or null: the one
     * at {@code ordinal} first, then through {@code idSlots}, the index's id table
     * ({@link EntryIndex#existingId}). No allocation.
     */
    String existingId(int[] idSlots, int ordinal, byte[] latin1, int from, int length) {
        if (ordinal >= 0 && ordinal < ids.length && sameChars(ids[ordinal], latin1, from, length)) {
            return ids[ordinal];
        }
        if (idSlots.length == 0) {
            return null;
        }
        int h = 0;
        for (int k = from; k < from + length; k++) {
            h = 31 * h + (latin1[k] & 0xFF);
        }
        final int mask = idSlots.length - 1;
        for (int s = EntryIndex.Builder.mix(h) & mask; ; s = (s + 1) & mask) {
            int v = idSlots[s];
            if (v == 0) {
                return null;
            }
            String id = ids[v - 1];
            if (id.hashCode() == h && sameChars(id, latin1, from, length)) {
                return id;
            }
        }
    }

    private static boolean sameChars(String s, byte[] b, int from, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (s.charAt(k) != (b[from + k] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code size} entries as an unmodifiable list, made by the reader on each get. */
    List<Entry> list(int size) {
        return new Entries(this, size);
    }

    private static final class Entries extends AbstractList<Entry> implements RandomAccess {
        private final EntryColumns cols;
        private final int size;

        Entries(EntryColumns cols, int size) {
            this.cols = cols;
            this.size = size;
        }

        @Override
        public Entry get(int index) {
            Objects.checkIndex(index, size);
            return cols.entry(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
