package screening.core;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one normaliser (SPEC section 2): every dialled string, entry number and register number
 * goes through it, so that no formatting of the same line can slip past a block.
 *
 * <p>Thread-safe: any number of threads may call {@link #normalise} at once. It never blocks (no
 * lock is held while a number is worked out) and a hit in its memo allocates nothing (a string found
 * only in the larger cache allocates its 24-byte memo pair, once until evicted). The rules, in the
 * order they apply, are in {@code docs/numbers.md}.
 */
public final class DialledNumberNormaliser {

    /*
     * Three layers, cheapest first:
     *
     *   normalise ── memo or cache hit ─────────────────────────> stored key (DialledStringMemo)
     *        │ miss
     *        ├── FastPathNormaliser: plain ASCII "+digits", "00digits", "0digits" with
     *        │   separators, decided from primitive tables read out of libphonenumber's metadata
     *        │   at construction (NumberTables); NOT_HANDLED for anything it does not model
     *        └── LibphonenumberNormaliser: every rule (DialString, then PhoneNumberUtil.parse
     *            and ShortNumberInfo)
     *
     * The answer is a pure function of the string, so the memo never needs invalidating. Strings
     * over MAX_DIALLED_CHARS are INVALID before the memo, so no caller can fill it with long
     * strings. The two paths are classes of their own, held in final fields, so that the
     * differential tests can run both on the same input and compare.
     */

    /** The default bound of the dialled-string cache. */
    public static final long CACHE_SIZE_DEFAULT = 100_000;

    /** Dialled strings longer than this are INVALID outright (the query API caps them at 64 too). */
    static final int MAX_DIALLED_CHARS = 64;

    private final NumberingPlan plan;
    final DialledStringMemo memo;
    final FastPathNormaliser fastPath;
    final LibphonenumberNormaliser libphonenumberPath;

    /** A normaliser for {@code plan} with the default cache bound. */
    public DialledNumberNormaliser(NumberingPlan plan) {
        this(plan, CACHE_SIZE_DEFAULT);
    }

    /**
     * @param plan the numbering config
     * @param maximumCacheSize how many dialled strings the cache keeps
     * @throws IllegalArgumentException if {@code maximumCacheSize} is negative, if the default
     *     region is unknown to libphonenumber, or if a dial prefix starts with {@code 0} or
     *     {@code +} (it could not then be told from the full number that follows it)
     */
    public DialledNumberNormaliser(NumberingPlan plan, long maximumCacheSize) {
        this.memo = new DialledStringMemo(maximumCacheSize);
        this.plan = Objects.requireNonNull(plan, "plan");
        DialString dialString = new DialString(plan);
        NumberTables tables = new NumberTables(PhoneNumberUtil.getInstance(), plan.defaultRegion());
        this.fastPath = new FastPathNormaliser(tables);
        this.libphonenumberPath = new LibphonenumberNormaliser(dialString, tables);
    }

    /** The numbering config this normaliser applies. */
    public NumberingPlan plan() {
        return plan;
    }

    /**
     * The canonical key of {@code dialled} (see {@link CanonicalNumber}), or
     * {@link CanonicalNumber#INVALID} when it does not normalise.
     *
     * @throws NullPointerException if {@code dialled} is null
     */
    public long normalise(String dialled) {
        if (dialled.length() > MAX_DIALLED_CHARS) {
            return CanonicalNumber.INVALID;
        }
        final DialledStringMemo m = memo;
        if (m.isOff()) {
            return normaliseUncached(dialled);
        }
        final long key = m.find(dialled);
        return key != DialledStringMemo.MISS ? key : afterMemoMiss(dialled);
    }

    /**
     * {@link #normalise} of the string whose chars are {@code latin1[from, from + length)} read as
     * ISO-8859-1 (one char per byte), without making that string when the memo holds it: the query
     * port reads a dialled number out of the request line's bytes, and a memo hit here allocates
     * nothing. On a memo miss the string is made and goes on to the cache as in {@link #normalise}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code latin1}
     */
    public long normalise(byte[] latin1, int from, int length) {
        Objects.checkFromIndexSize(from, length, latin1.length);
        if (length > MAX_DIALLED_CHARS) {
            return CanonicalNumber.INVALID;
        }
        final DialledStringMemo m = memo;
        if (m.isOff()) {
            return normaliseUncached(latin1String(latin1, from, length));
        }
        final long key = m.find(latin1, from, length);
        // the memo was just asked for this string: go on from there, not through normalise again
        return key != DialledStringMemo.MISS ? key : afterMemoMiss(latin1String(latin1, from, length));
    }

    /** {@link #normalise} once the memo does not hold {@code dialled}: the cache, else work it out. */
    private long afterMemoMiss(String dialled) {
        final DialledStringMemo m = memo;
        long key = m.findInCache(dialled);
        if (key == DialledStringMemo.MISS) {
            key = normaliseUncached(dialled);
            m.admit(dialled, key);
        }
        return key;
    }

    private static String latin1String(byte[] latin1, int from, int length) {
        return new String(latin1, from, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The same answer as {@link #normalise}, without reading or filling the cache. For entry
     * numbers (a register load of millions of entries would otherwise evict the dialled strings
     * the switch actually sends, and pay the cache's insert cost for strings dialled once at most).
     *
     * @throws NullPointerException if {@code number} is null
     */
    public long normaliseUncached(String number) {
        return uncached(number);
    }

    /**
     * {@link #normaliseUncached(String)} of {@code number}'s characters, without making a String
     * of them when the plain-digit fast path decides (a register line's number read in place).
     *
     * @throws NullPointerException if {@code number} is null
     */
    public long normaliseUncached(CharSequence number) {
        return uncached(number);
    }

    private long uncached(CharSequence number) {
        if (number.length() > MAX_DIALLED_CHARS) {
            return CanonicalNumber.INVALID;
        }
        long key = fastPath.normalise(number);
        if (key == FastPathNormaliser.NOT_HANDLED) {
            key = libphonenumberPath.normalise(number.toString());
        }
        return key;
    }
}
