package screening.core;

import java.util.List;

/**
 * One immutable open-addressing table from (number key, owner) to the entries of one scope,
 * action and match length. Built once by {@link EntryTableBuilder}; read by any thread without a
 * lock; {@link #find} allocates nothing.
 *
 * <p>The owner is what the scope names: nothing for NATIONAL, the establishment for
 * ESTABLISHMENT, the PIN for PIN. A group is every entry of the table with the same number and
 * owner.
 */
final class EntryTable {

    /*
     * Layout: an ordered linear-probing table without wrap-around. Two slot-parallel arrays:
     *
     *   keys[s]  the stored hash of (number key, owner): h ^ Long.MIN_VALUE, where h is
     *            fmix64(key ^ ownerMix), a bijection of its argument; EMPTY
     *            (Long.MAX_VALUE) when free. The sign flip makes signed order the unsigned order
     *            of h, and EMPTY the greatest value of all.
     *   vals[s]  >= 0: the ordinal (into the index's Entry[]) of the group's only entry, which
     *            has no validity window: the fast path, no further array touched;
     *            EMPTY_VAL on a free slot; other negatives: ~g, group g in the overflow arrays
     *            (several entries, or a window).
     *
     * A (key, owner) starts at home(h) = ((h >>> 32) * homeSlots) >>> 32 (Lemire's reduction, so
     * homeSlots need not be a power of two and the load factor is 0.75 exactly), and the
     * occupied slots hold their h in ascending order, each at or after its home: what Robin Hood
     * insertion gives, built by sorting (EntryTableBuilder). Because home() is monotonic in h, a lookup of q
     * walks from home(q) while keys[s] < q and stops at the first slot >= q: a hit or a miss,
     * either way about 2.5 slots at load 0.75 (plain linear probing reads about 8.5 slots for a
     * miss there, to the first free slot). No wrap-around: the last cluster runs past homeSlots
     * into a tail, and at least one free slot ends the array, so the walk needs no bounds test.
     * That is 12 bytes a slot, 16 bytes an entry.
     *
     * For NATIONAL tables the owner mix is 0 and h is a bijection of the key, so a slot whose h
     * equals the query's is the number: no key is stored and none compared. For the owner scopes
     * the owner is mixed into h (so one number shared by 500 PINs spreads over 500 slots instead
     * of one long run) but not stored: a slot whose h matches is checked against its group's
     * first entry (String.equals on a PIN or an establishment code, no allocation), which also
     * settles the number: equal h, equal owner hash, so equal key.
     *
     * One (key, owner) in 2^64 hashes to EMPTY itself. It sorts last, like the free slots, and
     * free slots are told apart by their value, EMPTY_VAL, never by their key: a query with that
     * hash finds its item if it is there, else meets a free slot, which answers no entry.
     *
     * Overflow, for the rare groups: groupStart[g] .. groupStart[g+1] index groupOrd (entry
     * ordinals in the order they were added) and the slot-parallel groupFromMs / groupUntilMs
     * (half-open window, Long.MIN_VALUE / Long.MAX_VALUE for an open end).
     */

    static final long EMPTY = Long.MAX_VALUE;
    /** vals[s] of a free slot: no group is numbered ~Integer.MIN_VALUE. */
    static final int EMPTY_VAL = Integer.MIN_VALUE;
    /** maxKey of an empty table: below every key. */
    static final long EMPTY_KEY = -1L;

    /** The table with no entries: every find misses at once. */
    static final EntryTable NONE = new EntryTable(Scope.NATIONAL, 1, new long[] {EMPTY}, new int[] {EMPTY_VAL},
            new int[] {0}, new int[0], new long[0], new long[0], Long.MAX_VALUE, EMPTY_KEY, 0);

    /** The scope of every entry here: it says what the owner is (see the class javadoc). */
    private final Scope scope;
    private final int homeSlots;
    private final long[] keys;
    private final int[] vals;
    private final int[] groupStart;
    private final int[] groupOrd;
    private final long[] groupFromMs;
    private final long[] groupUntilMs;
    private final long minKey;
    private final long maxKey;
    private final int size;

    /** The arrays as the layout note describes them; {@link EntryTableBuilder} fills them. */
    EntryTable(Scope scope, int homeSlots, long[] keys, int[] vals, int[] groupStart, int[] groupOrd,
            long[] groupFromMs, long[] groupUntilMs, long minKey, long maxKey, int size) {
        this.scope = scope;
        this.homeSlots = homeSlots;
        this.keys = keys;
        this.vals = vals;
        this.groupStart = groupStart;
        this.groupOrd = groupOrd;
        this.groupFromMs = groupFromMs;
        this.groupUntilMs = groupUntilMs;
        this.minKey = minKey;
        this.maxKey = maxKey;
        this.size = size;
    }

    /** murmur3's fmix64: a bijection of 64-bit values whose every output bit depends on every input bit. */
    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The stored form of (key, owner hash): see the layout note. */
    static long stored(long key, int ownerHash) {
        return fmix64(key ^ (ownerHash * 0x9E3779B97F4A7C15L)) ^ Long.MIN_VALUE;
    }

    /** The home slot of a stored hash, in [0, homeSlots); monotonic in the stored value. */
    static int home(long stored, int homeSlots) {
        return (int) ((((stored ^ Long.MIN_VALUE) >>> 32) * homeSlots) >>> 32);
    }

    /** The slot a (key, owner hash) starts probing at in a plain wrap-around table of {@code capacity} (the id index). */
    static int slot(long key, int ownerHash, int capacity) {
        return home(stored(key, ownerHash), capacity);
    }

    /** Exactly ceil(n / 0.75) slots, and at least one free. */
    static int capacityFor(int n) {
        long cap = ((long) n * 4 + 2) / 3;
        if (cap <= n) {
            cap = n + 1L;
        }
        if (cap > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many entries for one table: " + n);
        }
        return (int) cap;
    }

    /** What an entry of {@code scope} is owned by: null for NATIONAL, else its establishment or PIN. */
    static String ownerOf(Scope scope, Entry e) {
        return switch (scope) {
            case NATIONAL -> null;
            case ESTABLISHMENT -> e.establishment();
            case PIN -> e.pin();
        };
    }

    static int ownerHash(String owner) {
        return owner == null ? 0 : owner.hashCode();
    }

    /** Whether entry {@code ord} of this table belongs to {@code owner}'s groups. */
    private boolean ownerMatches(int ord, String owner, EntryColumns cols) {
        return scope == Scope.NATIONAL || owner.equals(cols.owners[ord]);
    }

    /** A PIN entry that names an establishment covers only calls from there. */
    private boolean establishmentMatches(int ord, String establishment, EntryColumns cols) {
        final String[] named = cols.pinEstablishments;
        if (scope != Scope.PIN || named == null) {
            return true;
        }
        return named[ord] == null || named[ord].equals(establishment);
    }

    /**
     * The ordinal of an entry of this table that applies to {@code key} for {@code owner} at
     * {@code nowMs}, or -1. Allocation-free and lock-free.
     *
     * @param owner null for a NATIONAL table, else the call's establishment or PIN (not null)
     * @param ownerHash {@code owner.hashCode()}, 0 for NATIONAL
     * @param establishment the call's establishment (for PIN entries that name one), may be null
     */
    int find(long key, String owner, int ownerHash, String establishment, long nowMs, EntryColumns cols) {
        // kept small (the group case is its own method) so that C2 inlines it into its callers
        final long[] t = this.keys;
        final long q = stored(key, scope == Scope.NATIONAL ? 0 : ownerHash);
        int s = home(q, homeSlots);
        long k;
        while ((k = t[s]) < q) {
            s++; // ends: a free slot (EMPTY, the greatest value) ends the array
        }
        while (k == q) {
            final int v = vals[s];
            if (v >= 0 && scope == Scope.NATIONAL) {
                return v; // any owner, any establishment: no need to touch the entry
            }
            final int r = matchSlot(v, owner, establishment, nowMs, cols);
            if (r != OTHER_OWNER) {
                return r;
            }
            k = t[++s];
        }
        return -1;
    }

    /** What {@link #matchSlot} answers for a slot of another owner's group: keep probing. */
    private static final int OTHER_OWNER = -2;

    /**
     * For a slot whose stored hash matches, with value {@code v}: the applicable ordinal, -1 if
     * the slot is {@code owner}'s group (or free) but nothing in it applies, or {@link #OTHER_OWNER}.
     */
    private int matchSlot(int v, String owner, String establishment, long nowMs, EntryColumns cols) {
        if (v >= 0) {
            if (ownerMatches(v, owner, cols)) {
                return establishmentMatches(v, establishment, cols) ? v : -1;
            }
            return OTHER_OWNER;
        }
        if (v == EMPTY_VAL) {
            return -1; // a free slot: only a query whose hash is EMPTY compares equal to one
        }
        final int g = ~v;
        final int[] ord = groupOrd;
        final int start = groupStart[g];
        final int end = groupStart[g + 1];
        if (!ownerMatches(ord[start], owner, cols)) {
            return OTHER_OWNER;
        }
        final long[] fromMs = groupFromMs;
        final long[] untilMs = groupUntilMs;
        for (int i = start; i < end; i++) {
            if (fromMs[i] <= nowMs && nowMs < untilMs[i] && establishmentMatches(ord[i], establishment, cols)) {
                return ord[i];
            }
        }
        return -1;
    }

    /**
     * Adds to {@code out} every entry of this table with {@code key}, whatever its owner or
     * window. Admin path; NATIONAL tables probe, the others scan (the owner is in the hash).
     */
    void collect(long key, List<Entry> out, EntryColumns cols) {
        final long[] t = keys;
        if (scope == Scope.NATIONAL) {
            final long q = stored(key, 0);
            int s = home(q, homeSlots);
            while (t[s] < q) {
                s++;
            }
            if (t[s] == q && vals[s] != EMPTY_VAL) {
                addSlot(s, out, cols);
            }
            return;
        }
        for (int s = 0; s < t.length; s++) {
            if (vals[s] != EMPTY_VAL) {
                int v = vals[s];
                String owner = cols.owners[v >= 0 ? v : groupOrd[groupStart[~v]]];
                if (t[s] == stored(key, ownerHash(owner))) {
                    addSlot(s, out, cols);
                }
            }
        }
    }

    private void addSlot(int s, List<Entry> out, EntryColumns cols) {
        int v = vals[s];
        if (v >= 0) {
            out.add(cols.entry(v));
            return;
        }
        for (int i = groupStart[~v]; i < groupStart[~v + 1]; i++) {
            out.add(cols.entry(groupOrd[i]));
        }
    }

    /** The bytes of this table's arrays (payload plus 16-byte array headers), for the memory report. */
    long footprintBytes() {
        if (size == 0) {
            return 0;
        }
        return 16L * 6 + 8L * keys.length + 4L * vals.length + 4L * groupStart.length + 4L * groupOrd.length
                + 8L * groupFromMs.length + 8L * groupUntilMs.length;
    }

    /** The smallest key held, or Long.MAX_VALUE when empty. */
    long minKey() {
        return minKey;
    }

    /** The largest key held, or -1 when empty. */
    long maxKey() {
        return maxKey;
    }

    /** Whether an entry here has a validity window, so that {@link #find} needs the time. */
    boolean windowed() {
        for (int i = 0; i < groupFromMs.length; i++) {
            if (groupFromMs[i] != Long.MIN_VALUE || groupUntilMs[i] != Long.MAX_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** How many entries; 0 for an empty table. */
    int size() {
        return size;
    }
}
