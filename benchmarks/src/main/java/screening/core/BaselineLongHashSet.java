package screening.core;

/**
 * The yardstick of the decision benchmarks: a plain primitive open-addressing set of positive
 * {@code long}s (one {@code long[]}, linear probing, power-of-two capacity, load factor at most
 * one half, {@code 0} as the empty sentinel). A decision is judged by how many of these probes it
 * costs ({@code guard-thresholds.properties}), so this must stay the simplest fast set there is.
 *
 * <p>Not thread-safe while adding; safe to read from any thread once built and published.
 */
public final class BaselineLongHashSet {

    private static final long EMPTY = 0L;

    private final long[] table;
    private final int mask;
    private int size;

    /**
     * @param expected how many keys will be added
     * @throws IllegalArgumentException if {@code expected} is negative or above 2^29
     */
    public BaselineLongHashSet(int expected) {
        if (expected < 0 || expected > (1 << 29)) {
            throw new IllegalArgumentException("expected size must be between 0 and 2^29, got " + expected);
        }
        int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1) << 1;
        table = new long[capacity];
        mask = capacity - 1;
    }

    /**
     * Adds {@code key}.
     *
     * @return true if it was not there yet
     * @throws IllegalArgumentException if {@code key} is not positive
     * @throws IllegalStateException if the set is full beyond its load factor
     */
    public boolean add(long key) {
        if (key <= 0) {
            throw new IllegalArgumentException("keys must be positive");
        }
        int i = index(key, mask);
        long k;
        while ((k = table[i]) != EMPTY) {
            if (k == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 2L > table.length) {
            throw new IllegalStateException("set sized for fewer keys");
        }
        table[i] = key;
        size++;
        return true;
    }

    /** Whether {@code key} is in the set. Allocation-free. */
    public boolean contains(long key) {
        final long[] t = table;
        final int m = mask;
        int i = index(key, m);
        long k;
        while ((k = t[i]) != EMPTY) {
            if (k == key) {
                return true;
            }
            i = (i + 1) & m;
        }
        return false;
    }

    /** How many keys. */
    public int size() {
        return size;
    }

    private static int index(long key, int mask) {
        // Fibonacci hashing: spreads dense runs of numbers over the table
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
