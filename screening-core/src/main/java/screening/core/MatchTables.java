package screening.core;

import java.util.List;

/**
 * The tables of one action and one scope: one for EXACT numbers and one per distinct PREFIX
 * length. Immutable; {@link #find} allocates nothing and takes no lock.
 */
final class MatchTables {

    /*
     * A PREFIX of length L matches an E.164 key of D >= L digits when key / 10^(D-L) equals the
     * prefix digits, so each length present is one probe of its own table: a handful of lengths in
     * practice, whatever the number of prefix entries. Short-number keys never prefix-match
     * (their digit count is taken as 0).
     *
     * Each prefix table also keeps its smallest and largest prefix, so a key outside
     * [min * 10^(D-L), (max + 1) * 10^(D-L)) skips the table with two multiplications and no
     * division or probe: the common miss when the prefixes sit in a few blocks of the plan.
     *
     * Before any of that, one test on the key's bit length b, which needs no digit count: the
     * keys any prefix here covers, cut to [2^(b-1), 2^b), lie in [hullLo[b], hullHi[b]), so a key
     * outside that hull matches no prefix. A bit-length band holds at most two digit counts, and
     * for a few blocks of prefixes the hull is about as narrow as the blocks: the common miss
     * ends there, without the digit count and the loop over lengths that would otherwise be
     * most of its cost.
     */

    static final MatchTables NONE = new MatchTables(EntryTable.NONE, new int[0], new EntryTable[0]);

    private final EntryTable exact;
    private final int[] prefixLengths; // ascending
    private final EntryTable[] prefixTables;
    private final long[] prefixMin; // per prefix table, its smallest key
    private final long[] prefixEnd; // per prefix table, its largest key + 1
    private final long[] hullLo = new long[65]; // per key bit length: the hull's start (see the note)
    private final long[] hullHi = new long[65]; // per key bit length: the hull's end, exclusive

    MatchTables(EntryTable exact, int[] prefixLengths, EntryTable[] prefixTables) {
        this.exact = exact;
        this.prefixLengths = prefixLengths;
        this.prefixTables = prefixTables;
        this.prefixMin = new long[prefixTables.length];
        this.prefixEnd = new long[prefixTables.length];
        for (int i = 0; i < prefixTables.length; i++) {
            prefixMin[i] = prefixTables[i].minKey();
            prefixEnd[i] = prefixTables[i].maxKey() + 1;
        }
        java.util.Arrays.fill(hullLo, Long.MAX_VALUE); // an empty hull: every key is outside
        for (int i = 0; i < prefixTables.length; i++) {
            // up to 18 digits, not just E.164's 15: findPrefix's answer for any key below 10^18 is kept
            for (int digits = prefixLengths[i]; digits <= 18; digits++) {
                long scale = CanonicalNumber.pow10(digits - prefixLengths[i]);
                widenHull(Math.max(prefixMin[i] * scale, CanonicalNumber.pow10(digits - 1)),
                        Math.min(prefixEnd[i] * scale, CanonicalNumber.pow10(digits)));
            }
        }
    }

    /** Widens the hulls of every bit length that [from, to) reaches, by its part there. */
    private void widenHull(long from, long to) {
        for (int b = 1; b < 64 && from < to; b++) {
            long bandFrom = 1L << (b - 1);
            long bandTo = b == 63 ? Long.MAX_VALUE : 1L << b;
            long lo = Math.max(from, bandFrom);
            long hi = Math.min(to, bandTo);
            if (lo < hi) {
                hullLo[b] = Math.min(hullLo[b], lo);
                hullHi[b] = Math.max(hullHi[b], hi);
            }
        }
    }

    /** Whether an entry here has a validity window (else {@link #find} ignores its time argument). */
    boolean windowed() {
        if (exact.windowed()) {
            return true;
        }
        for (EntryTable t : prefixTables) {
            if (t.windowed()) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return exact.size() == 0 && prefixLengths.length == 0;
    }

    /**
     * The ordinal of an applicable entry, or -1: EXACT first, then prefixes shortest first. The
     * digit count the prefixes need is worked out only when the EXACT table has no answer.
     */
    int find(long key, String owner, int ownerHash, String establishment, long nowMs, EntryColumns cols) {
        final int ord = exact.find(key, owner, ownerHash, establishment, nowMs, cols);
        if (ord >= 0 || prefixLengths.length == 0) {
            return ord;
        }
        return findPrefix(key, owner, ownerHash, establishment, nowMs, cols);
    }

    /** The PREFIX half of {@link #find}, its own method so that find stays small enough to inline. */
    private int findPrefix(long key, String owner, int ownerHash, String establishment, long nowMs, EntryColumns cols) {
        final int b = 64 - Long.numberOfLeadingZeros(key);
        if (key < hullLo[b] || key >= hullHi[b]) {
            return -1; // no prefix here covers a key of this size and value
        }
        final int digits = EntryIndex.digitsForPrefix(key); // 0 for a short number: no prefix is that short
        int ord;
        final int[] lengths = prefixLengths;
        final EntryTable[] tables = prefixTables;
        for (int i = 0; i < lengths.length; i++) {
            final int len = lengths[i];
            if (len > digits) {
                return -1;
            }
            final long scale = CanonicalNumber.pow10(digits - len);
            if (key < prefixMin[i] * scale || key >= prefixEnd[i] * scale) {
                continue; // no prefix of this length is this key's
            }
            ord = tables[i].find(key / scale, owner, ownerHash, establishment, nowMs, cols);
            if (ord >= 0) {
                return ord;
            }
        }
        return -1;
    }

    /** Every entry whose number matches {@code key}, whatever owner or window (admin path). */
    void collect(long key, List<Entry> out, EntryColumns cols) {
        exact.collect(key, out, cols);
        if (!CanonicalNumber.isE164(key)) {
            return;
        }
        int digits = CanonicalNumber.e164DigitCount(key);
        for (int i = 0; i < prefixLengths.length && prefixLengths[i] <= digits; i++) {
            prefixTables[i].collect(key / CanonicalNumber.pow10(digits - prefixLengths[i]), out, cols);
        }
    }

    long footprintBytes() {
        long b = 16 + 16 + 16 + 4L * prefixLengths.length + 4L * prefixTables.length + exact.footprintBytes()
                + 32 + 16L * prefixTables.length;
        for (EntryTable t : prefixTables) {
            b += 16 + t.footprintBytes();
        }
        return b;
    }
}
