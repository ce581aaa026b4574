package screening.core;

import java.time.Instant;
import java.util.Arrays;

/**
 * Builds an {@link EntryTable} from the entries of one scope, action and match length: the slot
 * order and the overflow groups the table's layout note describes. Called by
 * {@link EntryIndex.Builder} off the event loops; stateless, so any thread may call it.
 */
final class EntryTableBuilder {

    /*
     * The layout note in EntryTable asks for every stored hash at or after its home slot, in
     * ascending order: what Robin Hood insertion would give. Sorting the items by stored hash
     * and placing them in that order gives it without moving anything twice (the steps are
     * commented in build).
     */

    /** Slots the last cluster may run past the home slots with vals still made from the sort's array. */
    private static final int SPILL = 256;

    private EntryTableBuilder() {
    }

    /** {@code t} in epoch milliseconds, clamped to the long range; {@code open} for null. */
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
     * @param fromMs each entry ordinal's validFrom in epoch ms ({@code Long.MIN_VALUE} when open), or null when no entry has a window
     * @param untilMs each entry ordinal's validUntil ({@code Long.MAX_VALUE} when open), or null with {@code fromMs}
     * @param owners each entry ordinal's owner (see {@link EntryColumns#owners})
     */
    static EntryTable build(Scope scope, int[] ords, int from, int to, long[] tableKeys, long[] fromMs, long[] untilMs,
            String[] owners) {
        final int n = to - from;
        if (n == 0) {
            return EntryTable.NONE;
        }
        final int homeSlots = EntryTable.capacityFor(n);
        final long[] h = new long[n]; // per item: its stored hash
        long minKey = Long.MAX_VALUE;
        long maxKey = EntryTable.EMPTY_KEY;
        for (int c = 0; c < n; c++) {
            int ord = ords[from + c];
            h[c] = EntryTable.stored(tableKeys[ord], scope == Scope.NATIONAL ? 0 : EntryTable.ownerHash(owners[ord]));
            minKey = Math.min(minKey, tableKeys[ord]);
            maxKey = Math.max(maxKey, tableKeys[ord]);
        }

        // sort the items by stored hash: counting sort by home slot (stable, so each group keeps
        // its entries' order), then insertion sort within a home (about 0.75 items each)
        // sized to serve as vals afterwards (see below), which can be a few slots longer
        final int[] bucket = new int[homeSlots + 1 + SPILL];
        for (int c = 0; c < n; c++) {
            bucket[EntryTable.home(h[c], homeSlots) + 1]++;
        }
        for (int b = 0; b < homeSlots; b++) {
            bucket[b + 1] += bucket[b];
        }
        final int[] order = new int[n];
        for (int c = 0; c < n; c++) {
            order[bucket[EntryTable.home(h[c], homeSlots)]++] = c;
        }
        // bucket[b] now ends home b's items (and so starts home b + 1's)
        for (int b = 0; b < homeSlots; b++) {
            final int first = b == 0 ? 0 : bucket[b - 1];
            for (int i = first + 1; i < bucket[b]; i++) {
                int c = order[i];
                int j = i - 1;
                while (j >= first && h[order[j]] > h[c]) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = c;
            }
        }

        // group: within each run of equal h (almost always one item) move the items of a group
        // next to its first, stably, so that each group is one segment of order[], its entries in
        // the order they were added, and the groups in the order of their first entries
        for (int a = 0; a < n; ) {
            int b = a + 1;
            while (b < n && h[order[b]] == h[order[a]]) {
                b++;
            }
            for (int seg = a; seg < b; ) {
                int end = seg + 1;
                final int head = ords[from + order[seg]];
                for (int i = end; i < b; i++) {
                    final int c = order[i];
                    if (sameGroup(scope, tableKeys, owners, ords[from + c], head)) {
                        System.arraycopy(order, end, order, end + 1, i - end);
                        order[end++] = c;
                    }
                }
                seg = end;
            }
            a = b;
        }

        // place: each group goes to the first slot at or after its home and after the last one
        // used. A first pass finds the length and the overflow's size, the second fills them.
        int last = -1;
        int groups = 0;
        int members = 0;
        for (int i = 0; i < n; ) {
            final int end = groupEnd(scope, order, i, n, h, tableKeys, owners, ords, from);
            last = Math.max(EntryTable.home(h[order[i]], homeSlots), last + 1);
            if (end - i > 1 || windowed(fromMs, untilMs, ords[from + order[i]])) {
                groups++;
                members += end - i;
            }
            i = end;
        }

        // the arrays: every home slot, the tail the last cluster ran into, and one free slot to end the walk
        final int length = Math.max(homeSlots, last + 1) + 1;
        final long[] keys = new long[length];
        // the sort is done with bucket: it becomes vals when long enough (slots past keys' length
        // stay free and are never read), so a table's build allocates one int array, not two
        final int[] vals = length <= bucket.length ? bucket : new int[length];
        Arrays.fill(keys, EntryTable.EMPTY);
        Arrays.fill(vals, EntryTable.EMPTY_VAL);
        final int[] groupStart = new int[groups + 1];
        final int[] groupOrd = new int[members];
        final long[] groupFromMs = new long[members];
        final long[] groupUntilMs = new long[members];
        int g = 0;
        int m = 0;
        int s = -1;
        for (int i = 0; i < n; ) {
            final int end = groupEnd(scope, order, i, n, h, tableKeys, owners, ords, from);
            final int c = order[i];
            s = Math.max(EntryTable.home(h[c], homeSlots), s + 1);
            keys[s] = h[c];
            if (end - i == 1 && !windowed(fromMs, untilMs, ords[from + c])) {
                vals[s] = ords[from + c];
            } else {
                groupStart[g] = m; // slot order, so groups are numbered in slot order
                for (int k = i; k < end; k++) {
                    int ord = ords[from + order[k]];
                    groupOrd[m] = ord;
                    groupFromMs[m] = fromMs == null ? Long.MIN_VALUE : fromMs[ord];
                    groupUntilMs[m] = untilMs == null ? Long.MAX_VALUE : untilMs[ord];
                    m++;
                }
                vals[s] = ~g;
                g++;
            }
            i = end;
        }
        groupStart[g] = m;
        return new EntryTable(scope, homeSlots, keys, vals, groupStart, groupOrd, groupFromMs, groupUntilMs,
                minKey, maxKey, n);
    }

    /** The end (exclusive) of the group whose first item is at {@code order[i]}, once grouped. */
    private static int groupEnd(Scope scope, int[] order, int i, int n, long[] h, long[] tableKeys, String[] owners,
            int[] ords, int from) {
        final int c = order[i];
        int end = i + 1;
        while (end < n && h[order[end]] == h[c] && sameGroup(scope, tableKeys, owners, ords[from + order[end]], ords[from + c])) {
            end++;
        }
        return end;
    }

    /** Whether entry ordinals {@code a} and {@code b} of one table have the same key and owner. */
    private static boolean sameGroup(Scope scope, long[] tableKeys, String[] owners, int a, int b) {
        return tableKeys[a] == tableKeys[b] && (scope == Scope.NATIONAL || owners[a].equals(owners[b]));
    }

    /** Whether entry ordinal {@code ord} has a window that is not open at both ends. */
    private static boolean windowed(long[] fromMs, long[] untilMs, int ord) {
        return fromMs != null && (fromMs[ord] != Long.MIN_VALUE || untilMs[ord] != Long.MAX_VALUE);
    }
}
