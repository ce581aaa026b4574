package screening.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * The answers {@link DialledNumberNormaliser} keeps, by dialled string: a small direct-mapped memo
 * in front of a bounded Caffeine cache, and a doorkeeper that admits a string to either only at
 * its second miss.
 *
 * <p>Thread-safe without a lock: any number of threads may call every method at once. A memo hit
 * allocates nothing. It holds answers only: working a number out is the caller's job.
 */
final class DialledStringMemo {

    /*
     * The memo: buckets of two slots, each an immutable (String, key) pair. A hit costs the
     * String's cached hash, one array read, an identity or equals test and a field read, where
     * Caffeine's getIfPresent costs a ConcurrentHashMap walk plus its read-buffer bookkeeping.
     * The answer is a pure function of the string, so a stale or lost slot is only a slower
     * lookup, never a wrong one. Slots are plain array stores of objects whose fields are final:
     * a racing reader sees null, an older pair or the complete new one (JLS 17.5), so no fence or
     * lock is needed. A pair is allocated only when the memo misses; Caffeine bounds the set of
     * strings kept, the memo is bounded by its fixed slot count (at most MEMO_SLOTS_MAX slots and
     * as many pairs of 24 bytes). A hot set larger than the memo, or two hot strings sharing a
     * bucket with a third, allocates a pair per memo miss: a Caffeine hit plus 24 bytes.
     *
     * The cache: read with getIfPresent and filled with put rather than get(key, loader). The
     * loader form holds a map bin lock while libphonenumber runs, and a Netty event loop asking
     * for the same string would wait on it. Two threads that miss on the same string both work it
     * out; the answer is the same, so the second put is harmless. Values are the boxed keys
     * created once at admission; a hit returns the stored Long and the caller unboxes it.
     *
     * Admission: a string is kept (memo and Caffeine) only when it misses for the second time
     * within a doorkeeper period: a bitset of hashed strings, cleared after DOORKEEPER_RESET
     * insertions (TinyLFU's doorkeeper). A string dialled once, such as a mistyped number or an
     * unusual format, is worked out and forgotten, so it leaves no cache entry for the garbage
     * collector to copy between survivor spaces, which is what filling the cache with strings
     * seen once would cost. A string dialled twice pays one more miss before it is kept. The
     * bitset is read and written without a lock or a fence by every thread: a lost bit or a
     * racing clear only means one more miss, never a wrong answer.
     */

    /** What {@link #find} answers for a string not kept: never a key, never INVALID. */
    static final long MISS = Long.MIN_VALUE;

    /** The memo's slot bound: 32Ki references (128 KiB), enough for a switch's hot set. */
    static final int MEMO_SLOTS_MAX = 1 << 15;
    /** Bits of the doorkeeper: 2 Mi (256 KiB). */
    static final int DOORKEEPER_BITS = 1 << 21;
    /** Insertions after which the doorkeeper is cleared: its false positives stay under 1 in 8. */
    static final int DOORKEEPER_RESET = 1 << 18;

    private final Cache<String, Long> cache;
    /** Buckets of two slots; length 0 when nothing is kept. */
    private final Pair[] slots;
    /** The admission doorkeeper's bits (see the note); length 0 when nothing is kept. */
    private final long[] doorkeeper;
    /** Strings marked since the doorkeeper was last cleared; racy, as the note allows. */
    private int doorkeeperAdds;

    /**
     * @param maximumCacheSize how many dialled strings the cache keeps; 0 keeps none
     * @throws IllegalArgumentException if {@code maximumCacheSize} is negative
     */
    DialledStringMemo(long maximumCacheSize) {
        if (maximumCacheSize < 0) {
            throw new IllegalArgumentException("maximum cache size must not be negative");
        }
        this.cache = Caffeine.newBuilder().maximumSize(maximumCacheSize).build();
        this.slots = new Pair[memoSlots(maximumCacheSize)];
        this.doorkeeper = new long[slots.length == 0 ? 0 : DOORKEEPER_BITS / 64];
    }

    /** One memoised answer; immutable, so publishing it by a plain array store is safe. */
    private static final class Pair {
        final String dialled;
        final long key;

        Pair(String dialled, long key) {
            this.dialled = dialled;
            this.key = key;
        }
    }

    /** Slots of the memo: twice the cache bound rounded up to a power of two, at most MEMO_SLOTS_MAX. */
    static int memoSlots(long maximumCacheSize) {
        if (maximumCacheSize == 0) {
            return 0; // no cache, no memo: every call works the number out
        }
        long want = Math.max(2, Math.min(maximumCacheSize, MEMO_SLOTS_MAX) * 2);
        want = Math.min(want, MEMO_SLOTS_MAX);
        return (int) Long.highestOneBit(want * 2 - 1);
    }

    /** The first slot of the two-slot bucket of a string whose {@code String.hashCode} is {@code hash}. */
    private static int bucket(int hash, int slots) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 15)) & (slots - 2);
    }

    /** Whether this keeps nothing (a cache bound of 0): then no other method may be called. */
    boolean isOff() {
        return slots.length == 0;
    }

    /** The key the memo holds for {@code dialled}, or {@link #MISS}. Allocation-free. */
    long find(String dialled) {
        final Pair[] m = slots;
        final int b = bucket(dialled.hashCode(), m.length);
        Pair e = m[b];
        if (e != null && (e.dialled == dialled || e.dialled.equals(dialled))) {
            return e.key;
        }
        e = m[b + 1];
        if (e != null && (e.dialled == dialled || e.dialled.equals(dialled))) {
            return e.key;
        }
        return MISS;
    }

    /**
     * The key the memo holds for the string whose chars are {@code latin1[from, from + length)}
     * read as ISO-8859-1 (one char per byte), or {@link #MISS}; the range is the caller's to check.
     * Allocation-free: the string is not made.
     */
    long find(byte[] latin1, int from, int length) {
        final Pair[] m = slots;
        // String.hashCode of a Latin-1 string, so the bucket is the one find(String) uses
        int hash = 0;
        for (int i = from, end = from + length; i < end; i++) {
            hash = 31 * hash + (latin1[i] & 0xFF);
        }
        final int b = bucket(hash, m.length);
        Pair e = m[b];
        if (e != null && sameChars(e.dialled, latin1, from, length)) {
            return e.key;
        }
        e = m[b + 1];
        if (e != null && sameChars(e.dialled, latin1, from, length)) {
            return e.key;
        }
        return MISS;
    }

    private static boolean sameChars(String s, byte[] latin1, int from, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != (latin1[from + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a string {@link #find} missed: the key the cache holds, put into the memo as well, or
     * {@link #MISS}.
     */
    long findInCache(String dialled) {
        final Long cached = cache.getIfPresent(dialled);
        if (cached == null) {
            return MISS;
        }
        final long key = cached;
        remember(dialled, key);
        return key;
    }

    /**
     * For a string neither {@link #find} nor {@link #findInCache} knew, once worked out: keeps
     * {@code key} in the cache and the memo if the string has missed before (see "Admission"),
     * else only marks it.
     */
    void admit(String dialled, long key) {
        if (!seenBefore(dialled.hashCode())) {
            return; // dialled once so far: worked out, not kept
        }
        cache.put(dialled, key); // boxes once, at the second miss
        remember(dialled, key);
    }

    /** Puts the pair into its bucket: the newcomer takes the first slot, the first slot's pair moves to the second. */
    private void remember(String dialled, long key) {
        final Pair[] m = slots;
        final int b = bucket(dialled.hashCode(), m.length);
        m[b + 1] = m[b];
        m[b] = new Pair(dialled, key);
    }

    /** Whether a string of {@code hash} that missed the cache has missed before: marks it if not. */
    private boolean seenBefore(int hash) {
        final long[] d = doorkeeper;
        int h = hash * 0x85EBCA6B;
        h ^= h >>> 16;
        final int bit = h & (DOORKEEPER_BITS - 1);
        final long word = d[bit >>> 6];
        final long mask = 1L << bit;
        if ((word & mask) != 0) {
            return true;
        }
        d[bit >>> 6] = word | mask;
        if (++doorkeeperAdds >= DOORKEEPER_RESET) {
            doorkeeperAdds = 0;
            Arrays.fill(d, 0L); // 256 KiB, once per DOORKEEPER_RESET first sightings
        }
        return false;
    }

    /** How many dialled strings the cache keeps now (tests). */
    long cachedCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
