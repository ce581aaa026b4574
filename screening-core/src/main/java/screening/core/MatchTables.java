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
     * (the caller passes digits = 0 for them).
     */

    static final MatchTables NONE = new MatchTables(EntryTable.NONE, new int[0], new EntryTable[0]);

    private final EntryTable exact;
    private final int[] prefixLengths; // ascending
    private final EntryTable[] prefixTables;

    MatchTables(EntryTable exact, int[] prefixLengths, EntryTable[] prefixTables) {
        this.exact = exact;
        this.prefixLengths = prefixLengths;
        this.prefixTables = prefixTables;
    }

    boolean isEmpty() {
        return exact.capacity() == 0 && prefixLengths.length == 0;
    }

    /**
     * The ordinal of an applicable entry, or -1: EXACT first, then prefixes shortest first.
     *
     * @param digits the E.164 digit count of {@code key}, or 0 for a short number
     */
    int find(long key, int digits, String owner, int ownerHash, String establishment, long nowMs, Entry[] entries) {
        int ord = exact.find(key, owner, ownerHash, establishment, nowMs, entries);
        if (ord >= 0) {
            return ord;
        }
        final int[] lengths = prefixLengths;
        final EntryTable[] tables = prefixTables;
        for (int i = 0; i < lengths.length; i++) {
            final int len = lengths[i];
            if (len > digits) {
                return -1;
            }
            ord = tables[i].find(key / CanonicalNumber.pow10(digits - len), owner, ownerHash, establishment, nowMs, entries);
            if (ord >= 0) {
                return ord;
            }
        }
        return -1;
    }

    /** Every entry whose number matches {@code key}, whatever owner or window (admin path). */
    void collect(long key, List<Entry> out, Entry[] entries) {
        exact.collect(key, out, entries);
        if (!CanonicalNumber.isE164(key)) {
            return;
        }
        int digits = CanonicalNumber.e164DigitCount(key);
        for (int i = 0; i < prefixLengths.length && prefixLengths[i] <= digits; i++) {
            prefixTables[i].collect(key / CanonicalNumber.pow10(digits - prefixLengths[i]), out, entries);
        }
    }

    long footprintBytes() {
        long b = 16 + 16 + 16 + 4L * prefixLengths.length + 4L * prefixTables.length + exact.footprintBytes();
        for (EntryTable t : prefixTables) {
            b += 16 + t.footprintBytes();
        }
        return b;
    }
}
