package screening.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The entries of one source ({@code local}, or a register source such as {@code national}),
 * validated and indexed for lookup. Immutable once built; safe to read from any thread without a
 * lock.
 *
 * <p>Build it with {@link #builder}: every entry is validated as it is added (an
 * {@link InvalidEntryException} names the field and the entry's position), duplicate ids are
 * refused, and {@link Builder#build} indexes the lot once, off the event loops. The tables the
 * screener asks on every query allocate nothing and take no lock; {@link #find(long)} and
 * {@link #entries()} are for the admin API and may allocate.
 */
public final class EntryIndex {

    /*
     * Layout (see EntryTable for one table):
     *
     *   entries   Entry[] in the order added: ordinals point here; entries() is a view of it
     *   idSlots   open-addressing id -> ordinal + 1 (0 free), ceil(n / 0.75) ints
     *   tables    six MatchTables, [action * 3 + scope ordinal]: BLOCK NATIONAL, BLOCK ESTABLISHMENT,
     *             BLOCK PIN, ALLOW NATIONAL, ALLOW ESTABLISHMENT, ALLOW PIN; each an EXACT table
     *             and one table per PREFIX length present. Absent combinations are the shared
     *             empty sentinel, so a lookup costs one array-length test for each.
     *
     * The lookup index proper (the tables) costs 16 bytes per EXACT entry with one entry per key
     * and no window: 8 for the key and 4 for the ordinal, at load factor 0.75. The Entry[] (4 per
     * entry) and the id table (5.3 per entry) serve ref ids and the admin API; the Entry objects
     * and their strings dominate everything else. Numbers are never boxed.
     */

    private static final Scope[] SCOPE_VALUES = Scope.values();
    private static final int SCOPES = SCOPE_VALUES.length;

    private final String source;
    private final Entry[] entries;
    private final List<Entry> entryList;
    private final int[] idSlots;
    private final MatchTables[] tables;
    private final TextIndex text;
    private final int blockCount;

    private EntryIndex(String source, Entry[] entries, int[] idSlots, MatchTables[] tables, TextIndex text, int blockCount) {
        this.source = source;
        this.entries = entries;
        this.entryList = Collections.unmodifiableList(Arrays.asList(entries));
        this.idSlots = idSlots;
        this.tables = tables;
        this.text = text;
        this.blockCount = blockCount;
    }

    /**
     * A builder for the entries of {@code source}, validated by {@code validator}.
     *
     * @throws NullPointerException if either is null
     */
    public static Builder builder(String source, EntryValidator validator) {
        return new Builder(source, validator);
    }

    /** An index with no entries. */
    public static EntryIndex empty(String source) {
        Objects.requireNonNull(source, "source");
        MatchTables[] t = new MatchTables[2 * SCOPES];
        Arrays.fill(t, MatchTables.NONE);
        return new EntryIndex(source, new Entry[0], new int[0], t, TextIndex.EMPTY, 0);
    }

    /** The source these entries come from. */
    public String source() {
        return source;
    }

    /** How many entries. */
    public int size() {
        return entries.length;
    }

    /** How many entries have {@code action}. */
    public int count(Action action) {
        return action == Action.BLOCK ? blockCount : entries.length - blockCount;
    }

    /** Every entry, in the order they were added (an unmodifiable view). */
    public List<Entry> entries() {
        return entryList;
    }

    /** The entry with {@code id}, or null. */
    public Entry get(String id) {
        final int[] slots = idSlots;
        if (slots.length == 0 || id == null) {
            return null;
        }
        int s = EntryTable.slot(id.hashCode(), 0, slots.length);
        while (true) {
            int v = slots[s];
            if (v == 0) {
                return null;
            }
            if (entries[v - 1].id().equals(id)) {
                return entries[v - 1];
            }
            if (++s == slots.length) {
                s = 0;
            }
        }
    }

    /**
     * Every entry whose number matches the canonical {@code key} (EXACT equal, or PREFIX covering
     * it), whatever its scope, action or validity, in no set order. For the admin API; allocates,
     * and scans the ESTABLISHMENT and PIN tables (their owner is part of the hash).
     */
    public List<Entry> find(long key) {
        List<Entry> out = new ArrayList<>();
        if (key < 0) {
            return out;
        }
        for (MatchTables t : tables) {
            t.collect(key, out, entries);
        }
        return out;
    }

    /**
     * Every e-mail or address entry whose value matches a query of {@code channel} whose
     * canonical form is {@code canonical} (EXACT equal, or DOMAIN / POSTCODE covering it),
     * whatever its scope, action or validity. For the admin API; allocates.
     *
     * @param canonical {@link EmailNormaliser#normalise}'s answer, or {@link PostalAddress#canonical()}
     */
    public List<Entry> findText(Channel channel, String canonical) {
        List<Entry> out = new ArrayList<>();
        text.collect(channel, canonical, out, entries);
        return out;
    }

    /** The e-mail and address entries: what {@link Screener} asks for those channels. */
    TextIndex text() {
        return text;
    }

    /** The E.164 digit count of {@code key} for prefix matching, 0 for a short number. */
    static int digitsForPrefix(long key) {
        if (!CanonicalNumber.isE164(key)) {
            return 0;
        }
        // floor(log10) from the bit length (1233 / 4096 ~ log10 2), then one correction: no loop
        int t = ((64 - Long.numberOfLeadingZeros(key)) * 1233) >>> 12;
        return key >= CanonicalNumber.pow10(t) ? t + 1 : t;
    }

    /** The tables of {@code action} and {@code scope}: what the screener's plan asks. */
    MatchTables tables(Action action, Scope scope) {
        return tables[(action == Action.BLOCK ? 0 : SCOPES) + scope.ordinal()];
    }

    /** The entries, by ordinal (not a copy: callers only read it). */
    Entry[] entryArray() {
        return entries;
    }

    /** Bytes of the lookup tables alone (arrays counted from their lengths), for the memory report. */
    long lookupFootprintBytes() {
        long b = 16 + 4L * tables.length;
        for (MatchTables t : tables) {
            b += t.footprintBytes();
        }
        return b;
    }

    /** The lookup tables alone, so a heap measurement can hold them without the entries. */
    Object lookupTables() {
        return tables.clone();
    }

    /**
     * Collects entries, validating each as it comes, and builds the index once. Not thread-safe;
     * use from one thread, off the event loops (building a large source takes seconds).
     */
    public static final class Builder {
        private final String source;
        private final EntryValidator validator;
        private final ArrayList<Entry> entries = new ArrayList<>();
        private long[] keys = new long[16];
        private String[] textKeys = new String[16]; // an e-mail or address entry's text key, else null
        private int[] idHashes = new int[16]; // id.hashCode() by ordinal, for build()
        private long[] idSet = new long[16]; // id hash << 32 | ordinal + 1 (0 free), power of two, load <= 0.5
        private boolean built;

        Builder(String source, EntryValidator validator) {
            this.source = Objects.requireNonNull(source, "source");
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        /**
         * Validates and adds {@code e}; its position is the number of entries added before it.
         *
         * @throws InvalidEntryException naming the field, for an invalid entry or a duplicate id
         * @throws IllegalStateException after {@link #build}
         */
        public Builder add(Entry e) {
            if (built) {
                throw new IllegalStateException("builder already built");
            }
            int position = entries.size();
            if (e == null) {
                throw new InvalidEntryException("entry", position, "must not be null");
            }
            long key = validator.validate(e, position);
            String textKey = e.channel() == Channel.PHONE ? null : validator.canonicalText(e, position);
            if (position == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
                idHashes = Arrays.copyOf(idHashes, idHashes.length * 2);
                textKeys = Arrays.copyOf(textKeys, textKeys.length * 2);
            }
            int h = e.id().hashCode();
            if (!addId(e.id(), h, position)) {
                throw new InvalidEntryException("id", position, "duplicates an earlier entry's id");
            }
            keys[position] = key;
            textKeys[position] = textKey;
            idHashes[position] = h;
            entries.add(e);
            return this;
        }

        /** Adds {@code id} (hash {@code h}) to the id set; false if an earlier entry has it. */
        private boolean addId(String id, int h, int ordinal) {
            if ((ordinal + 1) * 2 > idSet.length) {
                long[] old = idSet;
                idSet = new long[old.length * 2];
                for (long v : old) {
                    if (v != 0) {
                        insertId(v);
                    }
                }
            }
            // a slot holds the hash beside the ordinal: one cache miss settles almost every probe
            final long[] set = idSet;
            final int mask = set.length - 1;
            int s = mix(h) & mask;
            long v;
            while ((v = set[s]) != 0) {
                if ((int) (v >>> 32) == h && entries.get((int) v - 1).id().equals(id)) {
                    return false;
                }
                s = (s + 1) & mask;
            }
            set[s] = ((long) h << 32) | (ordinal + 1);
            return true;
        }

        private void insertId(long v) {
            final int mask = idSet.length - 1;
            int s = mix((int) (v >>> 32)) & mask;
            while (idSet[s] != 0) {
                s = (s + 1) & mask;
            }
            idSet[s] = v;
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        /**
         * Builds the immutable index. The builder must not be used afterwards.
         *
         * @throws IllegalStateException if called twice
         */
        public EntryIndex build() {
            if (built) {
                throw new IllegalStateException("builder already built");
            }
            built = true;
            final Entry[] es = entries.toArray(new Entry[0]);
            final int n = es.length;
            final long[] ks = keys;
            final int[] hs = idHashes;
            final String[] tks = textKeys;
            entries.clear();
            keys = null;
            textKeys = null;
            idHashes = null;
            idSet = null;

            // bucket = (action * 3 + scope ordinal) * 16 + (0 for EXACT, else the prefix length 1..15)
            final int buckets = 2 * SCOPES * 16;
            final int[] start = new int[buckets + 1];
            final byte[] bucketOf = new byte[n];
            final boolean[] windowed = new boolean[n];
            int blocks = 0;
            for (int i = 0; i < n; i++) {
                Entry e = es[i];
                if (e.action() == Action.BLOCK) {
                    blocks++;
                }
                if (tks[i] != null) {
                    bucketOf[i] = -1; // an e-mail or address: the text index holds it
                    continue;
                }
                int len = e.match() == MatchType.EXACT ? 0 : EntryValidator.prefixDigitCount(e);
                int b = ((e.action() == Action.BLOCK ? 0 : SCOPES) + e.scope().ordinal()) * 16 + len;
                bucketOf[i] = (byte) b;
                windowed[i] = e.validFrom() != null || e.validUntil() != null;
                start[b + 1]++;
            }
            for (int b = 0; b < buckets; b++) {
                start[b + 1] += start[b];
            }
            final int[] ords = new int[n];
            final int[] fill = Arrays.copyOf(start, buckets);
            for (int i = 0; i < n; i++) {
                if (bucketOf[i] >= 0) {
                    ords[fill[bucketOf[i]]++] = i;
                }
            }

            MatchTables[] tables = new MatchTables[2 * SCOPES];
            for (int t = 0; t < tables.length; t++) {
                Scope scope = SCOPE_VALUES[t % SCOPES];
                int base = t * 16;
                EntryTable exact = EntryTableBuilder.build(scope, ords, start[base], start[base + 1], ks, windowed, es);
                int lengths = 0;
                for (int len = 1; len < 16; len++) {
                    if (start[base + len + 1] > start[base + len]) {
                        lengths++;
                    }
                }
                int[] prefixLengths = new int[lengths];
                EntryTable[] prefixTables = new EntryTable[lengths];
                int p = 0;
                for (int len = 1; len < 16; len++) {
                    if (start[base + len + 1] > start[base + len]) {
                        prefixLengths[p] = len;
                        prefixTables[p] = EntryTableBuilder.build(scope, ords, start[base + len], start[base + len + 1], ks, windowed, es);
                        p++;
                    }
                }
                MatchTables m = new MatchTables(exact, prefixLengths, prefixTables);
                tables[t] = m.isEmpty() ? MatchTables.NONE : m;
            }

            int[] idSlots = new int[n == 0 ? 0 : EntryTable.capacityFor(n)];
            for (int i = 0; i < n; i++) {
                int s = EntryTable.slot(hs[i], 0, idSlots.length);
                while (idSlots[s] != 0) {
                    if (++s == idSlots.length) {
                        s = 0;
                    }
                }
                idSlots[s] = i + 1;
            }
            return new EntryIndex(source, es, idSlots, tables, TextIndex.build(es, Arrays.copyOf(tks, n)), blocks);
        }
    }
}
