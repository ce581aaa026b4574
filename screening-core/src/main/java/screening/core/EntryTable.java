package screening.core;

import java.time.Instant;
import java.util.List;

/**
 * One immutable open-addressing table from (number key, owner) to the entries of one scope,
 * action and match length. Built once by {@link EntryIndex.Builder}; read by any thread without a
 * lock; {@link #find} allocates nothing.
 *
 * <p>The owner is what the scope names: nothing for NATIONAL, the establishment for
 * ESTABLISHMENT, the PIN for PIN. A group is every entry of the table with the same number and
 * owner.
 */
final class EntryTable {

    /*
     * Layout. Two slot-parallel arrays of exactly ceil(n / 0.75) slots (at least n + 1, so a probe
     * always meets an empty slot):
     *
     *   keys[s]  the number key (for PREFIX tables: the prefix digits), EMPTY (-1) when free;
     *            keys are never negative, so -1 is free as the sentinel
     *   vals[s]  >= 0: the ordinal (into the index's Entry[]) of the group's only entry, which
     *            has no validity window: the fast path, no further array touched;
     *            <  0: ~g, group g in the overflow arrays (several entries, or a window)
     *
     * That is 12 bytes a slot, 16 bytes an entry at load factor 0.75. The slot comes from Lemire's
     * multiply-shift reduction of a mixed 32-bit hash ((h * capacity) >>> 32), so the capacity
     * need not be a power of two and the load factor is 0.75 exactly, not anywhere in
     * 0.375..0.75 as with a mask. Linear probing keeps a probe within one or two cache lines.
     *
     * The owner is mixed into the hash but not stored: a slot whose key matches is checked against
     * its group's first entry (String.equals on a pin or an establishment code, no allocation).
     * So one number shared by many owners (a solicitor approved for 500 PINs) spreads over 500
     * slots instead of one long list, and the per-PIN allowlist stays O(1).
     *
     * Overflow, for the rare groups: groupStart[g] .. groupStart[g+1] index groupOrd (entry
     * ordinals in the order they were added) and the slot-parallel groupFromMs / groupUntilMs
     * (half-open window, Long.MIN_VALUE / Long.MAX_VALUE for an open end).
     */

    static final long EMPTY = -1L;

    static final int NATIONAL = 0;
    static final int ESTABLISHMENT = 1;
    static final int PIN = 2;

    /** The table with no entries: every find misses at once. */
    static final EntryTable NONE = new EntryTable(NATIONAL, new long[0], new int[0], new int[] {0},
            new int[0], new long[0], new long[0]);

    private final int kind;
    private final long[] keys;
    private final int[] vals;
    private final int[] groupStart;
    private final int[] groupOrd;
    private final long[] groupFromMs;
    private final long[] groupUntilMs;

    private EntryTable(int kind, long[] keys, int[] vals, int[] groupStart, int[] groupOrd,
            long[] groupFromMs, long[] groupUntilMs) {
        this.kind = kind;
        this.keys = keys;
        this.vals = vals;
        this.groupStart = groupStart;
        this.groupOrd = groupOrd;
        this.groupFromMs = groupFromMs;
        this.groupUntilMs = groupUntilMs;
    }

    static int kindOf(Scope scope) {
        return switch (scope) {
            case NATIONAL -> NATIONAL;
            case ESTABLISHMENT -> ESTABLISHMENT;
            case PIN -> PIN;
        };
    }

    /** The slot a (key, owner hash) starts probing at, in [0, capacity). */
    static int slot(long key, int ownerHash, int capacity) {
        long h = key ^ (ownerHash * 0x9E3779B97F4A7C15L);
        // murmur3 fmix64: sequential numbers must not cluster
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (((h >>> 32) * capacity) >>> 32);
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

    private static String ownerOf(int kind, Entry e) {
        return switch (kind) {
            case ESTABLISHMENT -> e.establishment();
            case PIN -> e.pin();
            default -> null;
        };
    }

    private static int ownerHash(String owner) {
        return owner == null ? 0 : owner.hashCode();
    }

    /** Whether entry {@code e} of this table belongs to {@code owner}'s groups. */
    private boolean ownerMatches(Entry e, String owner) {
        final int k = kind;
        if (k == NATIONAL) {
            return true;
        }
        return owner.equals(k == ESTABLISHMENT ? e.establishment() : e.pin());
    }

    /** A PIN entry that names an establishment covers only calls from there. */
    private boolean establishmentMatches(Entry e, String establishment) {
        if (kind != PIN) {
            return true;
        }
        String named = e.establishment();
        return named == null || named.equals(establishment);
    }

    static long millis(Instant t, long open) {
        if (t == null) {
            return open;
        }
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Builds the table of the entries {@code ords[from..to)}.
     *
     * @param tableKeys the key of each entry ordinal in this table (number or prefix digits)
     * @param windowed whether each entry ordinal has a validFrom or a validUntil
     */
    static EntryTable build(int kind, int[] ords, int from, int to, long[] tableKeys, boolean[] windowed, Entry[] entries) {
        final int n = to - from;
        if (n == 0) {
            return NONE;
        }
        final int cap = capacityFor(n);
        final long[] keys = new long[cap];
        java.util.Arrays.fill(keys, EMPTY);
        final int[] head = new int[cap];
        final int[] tail = new int[cap];
        final int[] next = new int[n];
        java.util.Arrays.fill(next, -1);
        for (int c = 0; c < n; c++) {
            int ord = ords[from + c];
            long key = tableKeys[ord];
            String owner = kind == NATIONAL ? null : ownerOf(kind, entries[ord]);
            int s = slot(key, ownerHash(owner), cap);
            while (true) {
                if (keys[s] == EMPTY) {
                    keys[s] = key;
                    head[s] = c;
                    tail[s] = c;
                    break;
                }
                if (keys[s] == key && java.util.Objects.equals(owner, ownerOf(kind, entries[ords[from + head[s]]]))) {
                    next[tail[s]] = c;
                    tail[s] = c;
                    break;
                }
                if (++s == cap) {
                    s = 0;
                }
            }
        }
        // second pass: single unwindowed entries stay inline, the rest go to overflow groups
        int groups = 0;
        int members = 0;
        for (int s = 0; s < cap; s++) {
            if (keys[s] != EMPTY) {
                int c = head[s];
                if (next[c] != -1 || windowed[ords[from + c]]) {
                    groups++;
                    for (; c != -1; c = next[c]) {
                        members++;
                    }
                }
            }
        }
        final int[] vals = new int[cap];
        final int[] groupStart = new int[groups + 1];
        final int[] groupOrd = new int[members];
        final long[] groupFromMs = new long[members];
        final long[] groupUntilMs = new long[members];
        int g = 0;
        int m = 0;
        for (int s = 0; s < cap; s++) {
            if (keys[s] == EMPTY) {
                continue;
            }
            int c = head[s];
            if (next[c] == -1 && !windowed[ords[from + c]]) {
                vals[s] = ords[from + c];
                continue;
            }
            groupStart[g] = m;
            for (; c != -1; c = next[c]) {
                int ord = ords[from + c];
                Entry e = entries[ord];
                groupOrd[m] = ord;
                groupFromMs[m] = millis(e.validFrom(), Long.MIN_VALUE);
                groupUntilMs[m] = millis(e.validUntil(), Long.MAX_VALUE);
                m++;
            }
            vals[s] = ~g;
            g++;
        }
        groupStart[g] = m;
        return new EntryTable(kind, keys, vals, groupStart, groupOrd, groupFromMs, groupUntilMs);
    }

    /**
     * The ordinal of an entry of this table that applies to {@code key} for {@code owner} at
     * {@code nowMs}, or -1. Allocation-free and lock-free.
     *
     * @param owner null for a NATIONAL table, else the call's establishment or PIN (not null)
     * @param ownerHash {@code owner.hashCode()}, 0 for NATIONAL
     * @param establishment the call's establishment (for PIN entries that name one), may be null
     */
    int find(long key, String owner, int ownerHash, String establishment, long nowMs, Entry[] entries) {
        // kept small (the group case is its own method) so that C2 inlines it into its callers
        final long[] keys = this.keys;
        final int cap = keys.length;
        if (cap == 0) {
            return -1;
        }
        int s = slot(key, kind == NATIONAL ? 0 : ownerHash, cap);
        while (true) {
            final long k = keys[s];
            if (k == EMPTY) {
                return -1;
            }
            if (k == key) {
                final int v = vals[s];
                if (v >= 0 && kind == NATIONAL) {
                    return v; // any owner, any establishment: no need to touch the entry
                }
                final int r = matchSlot(v, owner, establishment, nowMs, entries);
                if (r != OTHER_OWNER) {
                    return r;
                }
            }
            if (++s == cap) {
                s = 0;
            }
        }
    }

    /** What {@link #matchSlot} answers for a slot of another owner's group: keep probing. */
    private static final int OTHER_OWNER = -2;

    /**
     * For a slot whose key matches, with value {@code v}: the applicable ordinal, -1 if the slot
     * is {@code owner}'s group but nothing in it applies, or {@link #OTHER_OWNER}.
     */
    private int matchSlot(int v, String owner, String establishment, long nowMs, Entry[] entries) {
        if (v >= 0) {
            final Entry e = entries[v];
            if (ownerMatches(e, owner)) {
                return establishmentMatches(e, establishment) ? v : -1;
            }
            return OTHER_OWNER;
        }
        final int g = ~v;
        final int[] ord = groupOrd;
        final int start = groupStart[g];
        final int end = groupStart[g + 1];
        if (!ownerMatches(entries[ord[start]], owner)) {
            return OTHER_OWNER;
        }
        final long[] fromMs = groupFromMs;
        final long[] untilMs = groupUntilMs;
        for (int i = start; i < end; i++) {
            if (fromMs[i] <= nowMs && nowMs < untilMs[i] && establishmentMatches(entries[ord[i]], establishment)) {
                return ord[i];
            }
        }
        return -1;
    }

    /**
     * Adds to {@code out} every entry of this table with {@code key}, whatever its owner or
     * window. Admin path; NATIONAL tables probe, the others scan (the owner is in the hash).
     */
    void collect(long key, List<Entry> out, Entry[] entries) {
        final int cap = keys.length;
        if (cap == 0) {
            return;
        }
        if (kind == NATIONAL) {
            int s = slot(key, 0, cap);
            while (keys[s] != EMPTY) {
                if (keys[s] == key) {
                    addSlot(s, out, entries);
                    return;
                }
                if (++s == cap) {
                    s = 0;
                }
            }
            return;
        }
        for (int s = 0; s < cap; s++) {
            if (keys[s] == key) {
                addSlot(s, out, entries);
            }
        }
    }

    private void addSlot(int s, List<Entry> out, Entry[] entries) {
        int v = vals[s];
        if (v >= 0) {
            out.add(entries[v]);
            return;
        }
        for (int i = groupStart[~v]; i < groupStart[~v + 1]; i++) {
            out.add(entries[groupOrd[i]]);
        }
    }

    /** The bytes of this table's arrays (payload plus 16-byte array headers), for the memory report. */
    long footprintBytes() {
        if (keys.length == 0) {
            return 0;
        }
        return 16L * 6 + 8L * keys.length + 4L * vals.length + 4L * groupStart.length + 4L * groupOrd.length
                + 8L * groupFromMs.length + 8L * groupUntilMs.length;
    }

    /** The smallest key held, or Long.MAX_VALUE when empty. */
    long minKey() {
        long min = Long.MAX_VALUE;
        for (long k : keys) {
            if (k != EMPTY && k < min) {
                min = k;
            }
        }
        return min;
    }

    /** The largest key held, or -1 when empty. */
    long maxKey() {
        long max = EMPTY;
        for (long k : keys) {
            max = Math.max(max, k);
        }
        return max;
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

    /** Slots in the table. */
    int capacity() {
        return keys.length;
    }
}
