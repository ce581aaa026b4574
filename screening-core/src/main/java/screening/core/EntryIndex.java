package screening.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * screener asks on every query allocate nothing and take no lock; {@link #get}, {@link #find(long)}
 * and {@link #entries()} are for the admin API and may allocate.
 *
 * <p>An index built with an {@link EntryReader} ({@link #builder(String, EntryValidator, EntryReader, int)},
 * a register file's) keeps no {@link Entry} object for a number entry: only the columns a lookup
 * and an answer read, and the reader makes an entry again when the admin API asks for it.
 */
public final class EntryIndex {

    /*
     * Layout (see EntryTable for one table):
     *
     *   cols      EntryColumns by ordinal (the order added): ids, owners, the establishment a
     *             PIN entry names, and the reader that makes an Entry again on demand
     *   idSlots   open addressing id -> ordinal + 1 (0 free), a power of two at load <= 0.5,
     *             slot mix(id.hashCode()), linear probing with wrap-around
     *   tables    six MatchTables, [action * 3 + scope ordinal]: BLOCK NATIONAL, BLOCK ESTABLISHMENT,
     *             BLOCK PIN, ALLOW NATIONAL, ALLOW ESTABLISHMENT, ALLOW PIN; each an EXACT table
     *             and one table per PREFIX length present. Absent combinations are the shared
     *             empty sentinel, so a lookup costs one array-length test for each.
     *   text      the e-mail and address entries (TextIndex), over textEntries: those entries as
     *             Entry objects at their ordinals (they are few), null elsewhere
     *
     * The lookup index proper (the tables) costs 16 bytes per EXACT entry with one entry per key
     * and no window: 8 for the key and 4 for the ordinal, at load factor 0.75. Per entry besides:
     * the id reference (4) and its String, the owner reference (4, owners are shared Strings),
     * the id table (8); and what the reader keeps (a register file's bytes and line offsets).
     * Numbers are never boxed.
     */

    private static final Scope[] SCOPE_VALUES = Scope.values();
    private static final int SCOPES = SCOPE_VALUES.length;
    private static final Entry[] NO_ENTRIES = new Entry[0];

    private final String source;
    private final int size;
    private final EntryColumns cols;
    private final List<Entry> entryList;
    private final int[] idSlots;
    private final MatchTables[] tables;
    private final TextIndex text;
    private final Entry[] textEntries;
    private final int blockCount;

    private EntryIndex(String source, int size, EntryColumns cols, int[] idSlots, MatchTables[] tables, TextIndex text,
            Entry[] textEntries, int blockCount) {
        this.source = source;
        this.size = size;
        this.cols = cols;
        this.entryList = cols.list(size);
        this.idSlots = idSlots;
        this.tables = tables;
        this.text = text;
        this.textEntries = textEntries;
        this.blockCount = blockCount;
    }

    /**
     * A builder for the entries of {@code source}, validated by {@code validator}, that keeps
     * every entry added.
     *
     * @throws NullPointerException if either is null
     */
    public static Builder builder(String source, EntryValidator validator) {
        return new Builder(source, validator, null, 16);
    }

    /**
     * A builder that keeps only the columns of a number entry, not the entry: {@code reader}
     * makes the entry at an ordinal again when asked (it must give back what was added there).
     * E-mail and address entries are kept whole.
     *
     * @param expected how many entries will be added (a capacity hint; more may be)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code expected} is negative
     */
    public static Builder builder(String source, EntryValidator validator, EntryReader reader, int expected) {
        Objects.requireNonNull(reader, "reader");
        if (expected < 0) {
            throw new IllegalArgumentException("expected must not be negative: " + expected);
        }
        return new Builder(source, validator, reader, expected);
    }

    /** An index with no entries. */
    public static EntryIndex empty(String source) {
        Objects.requireNonNull(source, "source");
        MatchTables[] t = new MatchTables[2 * SCOPES];
        Arrays.fill(t, MatchTables.NONE);
        return new EntryIndex(source, 0, EntryColumns.of(NO_ENTRIES), new int[0], t, TextIndex.EMPTY, NO_ENTRIES, 0);
    }

    /** The source these entries come from. */
    public String source() {
        return source;
    }

    /** How many entries. */
    public int size() {
        return size;
    }

    /** How many entries have {@code action}. */
    public int count(Action action) {
        return action == Action.BLOCK ? blockCount : size - blockCount;
    }

    /**
     * Every entry, in the order they were added (an unmodifiable view). For an index built with
     * a reader, each {@code get} makes the entry again: iterate it only where that is meant.
     */
    public List<Entry> entries() {
        return entryList;
    }

    /**
     * The id of the entry at {@code ordinal} (its position in {@link #entries()}); no allocation.
     *
     * @throws IndexOutOfBoundsException if there is no such ordinal
     */
    public String id(int ordinal) {
        Objects.checkIndex(ordinal, size);
        return cols.ids[ordinal];
    }

    /** The entry with {@code id}, or null. */
    public Entry get(String id) {
        int ord = ordinalOf(id);
        return ord < 0 ? null : cols.entry(ord);
    }

    /** Whether an entry has {@code id}; no allocation. */
    public boolean contains(String id) {
        return ordinalOf(id) >= 0;
    }

    /**
     * The id String of this index equal to the ASCII characters {@code latin1[from, from + length)},
     * or null: lets a reload share the Strings of the ids it keeps. Asks the entry at
     * {@code ordinal} first (a register export keeps its order), then the id table. No allocation.
     */
    public String existingId(int ordinal, byte[] latin1, int from, int length) {
        return cols.existingId(idSlots, ordinal, latin1, from, length);
    }

    /** The ordinal of the entry with {@code id}, or -1. */
    private int ordinalOf(String id) {
        final int[] slots = idSlots;
        if (slots.length == 0 || id == null) {
            return -1;
        }
        final String[] ids = cols.ids;
        final int mask = slots.length - 1;
        for (int s = Builder.mix(id.hashCode()) & mask; ; s = (s + 1) & mask) {
            int v = slots[s];
            if (v == 0) {
                return -1;
            }
            if (ids[v - 1].equals(id)) {
                return v - 1;
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
            t.collect(key, out, cols);
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
        text.collect(channel, canonical, out, textEntries);
        return out;
    }

    /** The e-mail and address entries: what {@link Screener} asks for those channels. */
    TextIndex text() {
        return text;
    }

    /** The e-mail and address entries by ordinal, null at a number entry's (what {@link #text()} reads). */
    Entry[] textEntries() {
        return textEntries;
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

    /** What makes this index's entries again: the builder's reader, or the entries added. */
    public EntryReader reader() {
        return cols.reader;
    }

    /** The columns by ordinal (not a copy: callers only read them). */
    EntryColumns columns() {
        return cols;
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
        /** Null: keep every entry (entries). Else: keep columns, and this makes entries again. */
        private final EntryReader reader;
        private final ArrayList<Entry> entries;
        private int n;
        private String[] ids;
        private String[] owners;
        private String[] pinEstablishments; // null until an entry names one
        private long[] keys;
        private byte[] bucketOf; // see build(); -1 for an e-mail or address entry
        private long[] fromMs; // null until an entry has a window
        private long[] untilMs;
        private String[] textKeys; // null until an e-mail or address entry comes
        private Entry[] textEntries;
        private int blocks;
        private int[] idSlots; // the index's id table, built as entries come (duplicates found here)
        private boolean built;

        Builder(String source, EntryValidator validator, EntryReader reader, int expected) {
            this.source = Objects.requireNonNull(source, "source");
            this.validator = Objects.requireNonNull(validator, "validator");
            this.reader = reader;
            this.entries = reader == null ? new ArrayList<>() : null;
            int cap = Math.max(expected, 16);
            ids = new String[cap];
            owners = new String[cap];
            keys = new long[cap];
            bucketOf = new byte[cap];
            idSlots = new int[Math.max(16, Integer.highestOneBit(Math.max(1, cap - 1)) << 2)];
        }

        /**
         * Validates and adds {@code e}; its position is the number of entries added before it.
         *
         * @throws InvalidEntryException naming the field, for an invalid entry or a duplicate id
         * @throws IllegalStateException after {@link #build}
         */
        public Builder add(Entry e) {
            checkOpen();
            int position = n;
            if (e == null) {
                throw new InvalidEntryException("entry", position, "must not be null");
            }
            boolean phone = e.channel() == Channel.PHONE;
            long key = phone ? validator.validate(e, position) : CanonicalNumber.INVALID;
            String textKey = phone ? null : validator.validateText(e, position);
            if (!addId(e.id())) {
                throw new InvalidEntryException("id", position, "duplicates an earlier entry's id");
            }
            if (textKey != null) {
                if (textKeys == null) {
                    textKeys = new String[ids.length];
                    textEntries = new Entry[ids.length];
                }
                textKeys[position] = textKey;
                textEntries[position] = e;
            }
            String pinEstablishment = e.scope() == Scope.PIN ? e.establishment() : null;
            put(e.id(), e.action(), e.match(), e.scope(), textKey != null ? null : EntryTable.ownerOf(e.scope(), e),
                    pinEstablishment, key, textKey != null ? -1 : e.match() == MatchType.EXACT ? 0 : EntryValidator.prefixDigitCount(e),
                    EntryTableBuilder.millis(e.validFrom(), Long.MIN_VALUE), EntryTableBuilder.millis(e.validUntil(), Long.MAX_VALUE));
            if (entries != null) {
                entries.add(e);
            }
            return this;
        }

        /**
         * Adds a number entry given by its fields, when {@link EntryValidator#validateNumberEntry}
         * accepts them and its id is new: what {@link #add} would do with the entry of these
         * fields (email and address absent), without an {@link Entry}. Answers false, adding
         * nothing, when it does not accept them: then {@link #add} of the entry itself adds it or
         * names the problem. Only on a builder with a reader (which makes the entry when asked).
         *
         * @param reasonChars the reason's length in characters, -1 when absent; likewise
         *     {@code referenceChars} and {@code noteChars}; none of them may hold an unpaired surrogate
         * @param number the number; read here only
         * @throws IllegalStateException after {@link #build}, or on a builder without a reader
         */
        public boolean addNumberEntry(String id, Action action, MatchType match, Scope scope, String establishment,
                String pin, Instant validFrom, Instant validUntil, int reasonChars, int referenceChars, int noteChars,
                CharSequence number) {
            checkOpen();
            if (reader == null) {
                throw new IllegalStateException("a builder without a reader keeps whole entries: use add");
            }
            long key = validator.validateNumberEntry(id, action, match, scope, establishment, pin, validFrom, validUntil,
                    reasonChars, referenceChars, noteChars, number);
            if (key == CanonicalNumber.INVALID || !addId(id)) {
                return false;
            }
            String owner = switch (scope) {
                case NATIONAL -> null;
                case ESTABLISHMENT -> establishment;
                case PIN -> pin;
            };
            put(id, action, match, scope, owner, scope == Scope.PIN ? establishment : null, key,
                    match == MatchType.EXACT ? 0 : number.length() - 1,
                    EntryTableBuilder.millis(validFrom, Long.MIN_VALUE), EntryTableBuilder.millis(validUntil, Long.MAX_VALUE));
            return true;
        }

        /**
         * Adds, without validating it again, the number entry at {@code ordinal} of {@code loaded}
         * (an index built with a reader, from the same validator): for a reload whose line there is
         * byte for byte the loaded one. False, adding nothing, for an e-mail or address entry, an
         * ordinal {@code loaded} has not, or a repeated id: then the caller adds the entry itself.
         */
        public boolean addUnchanged(EntryIndex loaded, int ordinal) {
            checkOpen();
            final EntryColumns c = loaded.cols;
            if (reader == null || c.buckets == null || ordinal >= loaded.size || c.buckets[ordinal] < 0
                    || !addId(c.ids[ordinal])) {
                return false;
            }
            final int b = c.buckets[ordinal];
            final int prefix = b & 15;
            put(c.ids[ordinal], b >> 4 < SCOPES ? Action.BLOCK : Action.ALLOW, prefix == 0 ? MatchType.EXACT : MatchType.PREFIX,
                    SCOPE_VALUES[(b >> 4) % SCOPES], c.owners[ordinal], c.pinEstablishments == null ? null : c.pinEstablishments[ordinal],
                    c.keys[ordinal], prefix, c.fromMs == null ? Long.MIN_VALUE : c.fromMs[ordinal],
                    c.untilMs == null ? Long.MAX_VALUE : c.untilMs[ordinal]);
            return true;
        }

        /** The position of the entry added with {@code id}, or -1 (to name the earlier line of a duplicate). */
        public int positionOf(String id) {
            checkOpen();
            final int[] slots = idSlots;
            final int mask = slots.length - 1;
            for (int s = mix(id.hashCode()) & mask; ; s = (s + 1) & mask) {
                int v = slots[s];
                if (v == 0 || v > n) {
                    return -1;
                }
                if (ids[v - 1].equals(id)) {
                    return v - 1;
                }
            }
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("builder already built");
            }
        }

        /** Records the columns of the entry at ordinal n (its id already in the id table); prefixLength -1 for text. */
        private void put(String id, Action action, MatchType match, Scope scope, String owner, String pinEstablishment,
                long key, int prefixLength, long from, long until) {
            final int i = n;
            if (i == ids.length) {
                grow();
            }
            ids[i] = id;
            owners[i] = owner;
            keys[i] = key;
            if (action == Action.BLOCK) {
                blocks++;
            }
            // bucket = (action * 3 + scope ordinal) * 16 + (0 for EXACT, else the prefix length 1..15)
            bucketOf[i] = prefixLength < 0 ? -1
                    : (byte) (((action == Action.BLOCK ? 0 : SCOPES) + scope.ordinal()) * 16 + prefixLength);
            if (pinEstablishment != null) {
                if (pinEstablishments == null) {
                    pinEstablishments = new String[ids.length];
                }
                pinEstablishments[i] = pinEstablishment;
            }
            if (prefixLength >= 0 && (from != Long.MIN_VALUE || until != Long.MAX_VALUE) && fromMs == null) {
                fromMs = new long[ids.length];
                untilMs = new long[ids.length];
                Arrays.fill(fromMs, Long.MIN_VALUE);
                Arrays.fill(untilMs, Long.MAX_VALUE);
            }
            if (fromMs != null) {
                fromMs[i] = prefixLength < 0 ? Long.MIN_VALUE : from;
                untilMs[i] = prefixLength < 0 ? Long.MAX_VALUE : until;
            }
            n = i + 1;
        }

        private static long[] trim(long[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private static byte[] trim(byte[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private void grow() {
            int cap = ids.length * 2;
            ids = Arrays.copyOf(ids, cap);
            owners = Arrays.copyOf(owners, cap);
            keys = Arrays.copyOf(keys, cap);
            bucketOf = Arrays.copyOf(bucketOf, cap);
            if (pinEstablishments != null) {
                pinEstablishments = Arrays.copyOf(pinEstablishments, cap);
            }
            if (fromMs != null) {
                int old = fromMs.length;
                fromMs = Arrays.copyOf(fromMs, cap);
                untilMs = Arrays.copyOf(untilMs, cap);
                Arrays.fill(fromMs, old, cap, Long.MIN_VALUE);
                Arrays.fill(untilMs, old, cap, Long.MAX_VALUE);
            }
            if (textKeys != null) {
                textKeys = Arrays.copyOf(textKeys, cap);
                textEntries = Arrays.copyOf(textEntries, cap);
            }
        }

        /**
         * Adds {@code id} for the entry at ordinal n to the id table; false if an earlier entry
         * has it. The id must be the one put at ordinal n next.
         */
        private boolean addId(String id) {
            if ((n + 1) * 2 > idSlots.length) {
                rehash(idSlots.length * 2);
            }
            final int[] slots = idSlots;
            final int mask = slots.length - 1;
            final int h = id.hashCode();
            int s = mix(h) & mask;
            int v;
            while ((v = slots[s]) != 0) {
                String other = ids[v - 1];
                if (other.hashCode() == h && other.equals(id)) {
                    return false;
                }
                s = (s + 1) & mask;
            }
            if (n == ids.length) {
                grow();
            }
            ids[n] = id; // put() writes it again; a rehash before then reads it here
            slots[s] = n + 1;
            return true;
        }

        private void rehash(int capacity) {
            int[] slots = new int[capacity];
            final int mask = capacity - 1;
            for (int v : idSlots) {
                if (v != 0) {
                    int s = mix(ids[v - 1].hashCode()) & mask;
                    while (slots[s] != 0) {
                        s = (s + 1) & mask;
                    }
                    slots[s] = v;
                }
            }
            idSlots = slots;
        }

        static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        /**
         * Builds the immutable index. The builder must not be used afterwards.
         *
         * @throws IllegalStateException if called twice
         */
        public EntryIndex build() {
            checkOpen();
            built = true;
            final int count = n;
            final String[] idCol = count == ids.length ? ids : Arrays.copyOf(ids, count);
            final String[] ownerCol = count == owners.length ? owners : Arrays.copyOf(owners, count);
            final String[] pinEstCol = pinEstablishments == null ? null
                    : count == pinEstablishments.length ? pinEstablishments : Arrays.copyOf(pinEstablishments, count);
            final EntryReader r;
            if (reader != null) {
                r = reader;
            } else {
                final Entry[] es = entries.toArray(NO_ENTRIES);
                r = ordinal -> es[ordinal];
            }
            final EntryColumns cols = reader == null ? new EntryColumns(idCol, ownerCol, pinEstCol, r)
                    : new EntryColumns(idCol, ownerCol, pinEstCol, r, trim(keys, count), trim(bucketOf, count),
                            fromMs == null ? null : trim(fromMs, count), untilMs == null ? null : trim(untilMs, count));

            final int buckets = 2 * SCOPES * 16;
            final int[] start = new int[buckets + 1];
            final byte[] bucket = bucketOf;
            for (int i = 0; i < count; i++) {
                if (bucket[i] >= 0) {
                    start[bucket[i] + 1]++;
                }
            }
            for (int b = 0; b < buckets; b++) {
                start[b + 1] += start[b];
            }
            final int[] ords = new int[start[buckets]];
            final int[] fill = Arrays.copyOf(start, buckets);
            for (int i = 0; i < count; i++) {
                if (bucket[i] >= 0) {
                    ords[fill[bucket[i]]++] = i;
                }
            }

            MatchTables[] tables = new MatchTables[2 * SCOPES];
            for (int t = 0; t < tables.length; t++) {
                Scope scope = SCOPE_VALUES[t % SCOPES];
                int base = t * 16;
                EntryTable exact = EntryTableBuilder.build(scope, ords, start[base], start[base + 1], keys, fromMs, untilMs, owners);
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
                        prefixTables[p] = EntryTableBuilder.build(scope, ords, start[base + len], start[base + len + 1], keys, fromMs, untilMs, owners);
                        p++;
                    }
                }
                MatchTables m = new MatchTables(exact, prefixLengths, prefixTables);
                tables[t] = m.isEmpty() ? MatchTables.NONE : m;
            }

            TextIndex text = TextIndex.EMPTY;
            Entry[] texts = NO_ENTRIES;
            if (textKeys != null) {
                texts = Arrays.copyOf(textEntries, count);
                text = TextIndex.build(texts, Arrays.copyOf(textKeys, count));
            }
            int[] slots = count == 0 ? new int[0] : idSlots;
            EntryIndex index = new EntryIndex(source, count, cols, slots, tables, text, texts, blocks);
            ids = null;
            owners = null;
            pinEstablishments = null;
            keys = null;
            bucketOf = null;
            fromMs = null;
            untilMs = null;
            textKeys = null;
            textEntries = null;
            idSlots = null;
            if (entries != null) {
                entries.clear();
            }
            return index;
        }
    }
}
