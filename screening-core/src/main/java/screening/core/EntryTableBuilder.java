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
        final int[] bucket = new int[homeSlots + 1];
        for (int c = 0; c < n; c++) {
            bucket[EntryTable.home(h[c], homeSlots) + 1]++;
        }
        for (int b = 0; b < homeSlots; b++) {
            bucket[b + 1] += bucket[b];
        }
        final int[] order = new int[n];
        final int[] fill = Arrays.copyOf(bucket, homeSlots);
        for (int c = 0; c < n; c++) {
            order[fill[EntryTable.home(h[c], homeSlots)]++] = c;
        }
        for (int b = 0; b < homeSlots; b++) {
            for (int i = bucket[b] + 1; i < bucket[b + 1]; i++) {
                int c = order[i];
                int j = i - 1;
                while (j >= bucket[b] && h[order[j]] > h[c]) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = c;
            }
        }

        // place: a new group goes to the first slot at or after its home and after the last one
        // used; an item of a group already placed joins it (its equals have the same h, so they
        // sit in the run of equal h just before it)
        final int[] slotOf = new int[n]; // per item: its group's slot
        final int[] next = new int[n]; // per item: the next item of its group, -1 at the end
        final int[] tail = new int[n]; // per group head: its last item
        Arrays.fill(next, -1);
        int last = -1;
        int runStart = 0; // in order[]: the first item of the run of equal h the current one is in
        for (int i = 0; i < n; i++) {
            final int c = order[i];
            if (i == 0 || h[order[i - 1]] != h[c]) {
                runStart = i;
            }
            int joined = -1;
            for (int j = runStart; j < i && joined < 0; j++) {
                int d = order[j];
                if (slotOf[d] >= 0 && sameGroup(scope, tableKeys, owners, ords[from + c], ords[from + d])) {
                    joined = d;
                }
            }
            if (joined >= 0) {
                next[tail[joined]] = c;
                tail[joined] = c;
                slotOf[c] = -1; // not a head
                continue;
            }
            last = Math.max(EntryTable.home(h[c], homeSlots), last + 1);
            slotOf[c] = last;
            tail[c] = c;
        }

        // the arrays: every home slot, the tail the last cluster ran into, and one free slot to end the walk
        final int length = Math.max(homeSlots, last + 1) + 1;
        final long[] keys = new long[length];
        final int[] vals = new int[length];
        Arrays.fill(keys, EntryTable.EMPTY);
        Arrays.fill(vals, EntryTable.EMPTY_VAL);
        int groups = 0;
        int members = 0;
        for (int c = 0; c < n; c++) {
            if (slotOf[c] >= 0 && (next[c] != -1 || windowed(fromMs, untilMs, ords[from + c]))) {
                groups++;
                for (int d = c; d != -1; d = next[d]) {
                    members++;
                }
            }
        }
        final int[] groupStart = new int[groups + 1];
        final int[] groupOrd = new int[members];
        final long[] groupFromMs = new long[members];
        final long[] groupUntilMs = new long[members];
        int g = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            final int c = order[i]; // slot order, so groups are numbered in slot order
            final int s = slotOf[c];
            if (s < 0) {
                continue;
            }
            keys[s] = h[c];
            if (next[c] == -1 && !windowed(fromMs, untilMs, ords[from + c])) {
                vals[s] = ords[from + c];
                continue;
            }
            groupStart[g] = m;
            for (int d = c; d != -1; d = next[d]) {
                int ord = ords[from + d];
                groupOrd[m] = ord;
                groupFromMs[m] = fromMs == null ? Long.MIN_VALUE : fromMs[ord];
                groupUntilMs[m] = untilMs == null ? Long.MAX_VALUE : untilMs[ord];
                m++;
            }
            vals[s] = ~g;
            g++;
        }
        groupStart[g] = m;
        return new EntryTable(scope, homeSlots, keys, vals, groupStart, groupOrd, groupFromMs, groupUntilMs,
                minKey, maxKey, n);
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
