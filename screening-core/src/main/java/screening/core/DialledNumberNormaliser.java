package screening.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import java.util.ArrayList;
import java.util.List;
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
     *   normalise ── cache hit ─────────────────────────────────> stored Long (no allocation)
     *        │ miss
     *        ├── viaFastPath: plain ASCII "+digits", "00digits", "0digits" with separators,
     *        │   decided from primitive tables read out of libphonenumber's metadata at
     *        │   construction (NumberTables); NOT_HANDLED for anything it does not model
     *        └── viaLibphonenumber: every rule, with PhoneNumberUtil.parse and ShortNumberInfo
     *
     * The cache is read with getIfPresent and filled with put rather than get(key, loader): the
     * loader form holds a map bin lock while libphonenumber runs (~10 us), and a Netty event
     * loop asking for the same string would wait on it. Two threads that miss on the same string
     * both work it out; the answer is the same, so the second put is harmless.
     *
     * Values are the boxed keys created once at a miss; a hit returns the stored Long and the
     * caller unboxes it, so a hit allocates nothing (measured in docs/numbers.md). Strings over
     * 64 characters are INVALID before the cache, so no caller can fill it with long strings.
     *
     * In front of Caffeine sits a small direct-mapped memo (two-way buckets) of immutable
     * (String, key) pairs: a hit costs the String's cached hash, one array read, an identity or
     * equals test and a field read, where Caffeine's getIfPresent costs a ConcurrentHashMap walk
     * plus its read-buffer bookkeeping (measured: most of a decision, docs/performance.md). The
     * answer is a pure function of the string, so a stale or lost memo slot is only a slower
     * lookup, never a wrong one. Slots are plain array stores of objects whose fields are final:
     * a racing reader sees null, an older pair or the complete new one (JLS 17.5), so no fence
     * or lock is needed. A pair is allocated only when the memo misses; Caffeine still bounds
     * the set of strings worked out, the memo is bounded by its fixed slot count (at most 128 KiB of
     * slots and 32Ki pairs of 24 bytes). A hot set larger than the memo, or two hot strings
     * sharing a bucket with a third, allocates a pair per memo miss: a Caffeine hit costs what it
     * did before plus 24 bytes.
     *
     * Admission: a string is kept (memo and Caffeine) only when it misses for the second time
     * within a doorkeeper period: a bitset of hashed strings, cleared after DOORKEEPER_RESET
     * insertions (TinyLFU's doorkeeper). A string dialled once, such as a mistyped number or an
     * unusual format, is worked out and forgotten, so it leaves no cache entry for the garbage
     * collector to copy between survivor spaces: under the load tool's mix (a fifth of the
     * numbers in never-seen formats) the cache's filling was most of what young collections
     * copied, 50-100 ms pauses on this VM. A string dialled twice pays one more miss (microseconds)
     * before it is cached. The bitset is read and written without a lock or a fence by every
     * event loop: a lost bit or a racing clear only means one more miss, never a wrong answer.
     *
     * The fast path and the libphonenumber path are package-private so that the differential
     * test can run both on the same input and compare.
     */

    /** The default bound of the dialled-string cache. */
    public static final long CACHE_SIZE_DEFAULT = 100_000;

    /** Dialled strings longer than this are INVALID outright (the query API caps them at 64 too). */
    static final int MAX_DIALLED_CHARS = 64;

    /** What {@link #viaFastPath} answers when it cannot decide; never a key and never INVALID. */
    static final long NOT_HANDLED = -2L;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT_NUMBERS = ShortNumberInfo.getInstance();

    private final NumberingPlan plan;
    private final Cache<String, Long> cache;
    private final NumberTables tables;
    /** The memo in front of the cache: buckets of two slots; length 0 when the cache is off. */
    private final Memo[] memo;
    /** The admission doorkeeper's bits (see the note); length 0 when the cache is off. */
    private final long[] doorkeeper;
    /** Strings marked since the doorkeeper was last cleared; racy, as the note allows. */
    private int doorkeeperAdds;
    /** stripPrefixes and the outside-line prefix, longest first. */
    private final String[] dialPrefixes;

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
        if (maximumCacheSize < 0) {
            throw new IllegalArgumentException("maximum cache size must not be negative");
        }
        this.plan = Objects.requireNonNull(plan, "plan");
        List<String> prefixes = new ArrayList<>(plan.stripPrefixes());
        for (String p : prefixes) {
            if (p.charAt(0) == '0') {
                throw new IllegalArgumentException(
                        "numbering.stripPrefixes entries must not start with 0: a full number starts with 0");
            }
        }
        if (plan.outsideLinePrefix() != null) {
            if (plan.outsideLinePrefix().charAt(0) == '0') {
                throw new IllegalArgumentException(
                        "numbering.outsideLinePrefix must not start with 0: a full number starts with 0");
            }
            prefixes.add(plan.outsideLinePrefix());
        }
        prefixes.sort((a, b) -> b.length() - a.length());
        this.dialPrefixes = prefixes.toArray(new String[0]);
        this.tables = new NumberTables(UTIL, plan.defaultRegion());
        this.cache = Caffeine.newBuilder().maximumSize(maximumCacheSize).build();
        this.memo = new Memo[memoSlots(maximumCacheSize)];
        this.doorkeeper = new long[memo.length == 0 ? 0 : DOORKEEPER_BITS / 64];
    }

    /** How many dialled strings the cache keeps now (tests). */
    long cachedCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Bits of the doorkeeper: 2 Mi (256 KiB). */
    static final int DOORKEEPER_BITS = 1 << 21;
    /** Insertions after which the doorkeeper is cleared: its false positives stay under 1 in 8. */
    static final int DOORKEEPER_RESET = 1 << 18;

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
            java.util.Arrays.fill(d, 0L); // 256 KiB, once per 262,144 first sightings
        }
        return false;
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

    /** The memo's slot bound: 32Ki references (128 KiB), enough for a switch's hot set. */
    static final int MEMO_SLOTS_MAX = 1 << 15;

    /** One memoised answer; immutable, so publishing it by a plain array store is safe. */
    private static final class Memo {
        final String dialled;
        final long key;

        Memo(String dialled, long key) {
            this.dialled = dialled;
            this.key = key;
        }
    }

    /** The first slot of {@code dialled}'s two-slot bucket. */
    private static int bucket(int hash, int slots) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 15)) & (slots - 2);
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
        final Memo[] m = memo;
        if (m.length == 0) {
            return normaliseUncached(dialled);
        }
        final int hash = dialled.hashCode();
        final int b = bucket(hash, m.length);
        Memo e = m[b];
        if (e != null && (e.dialled == dialled || e.dialled.equals(dialled))) {
            return e.key;
        }
        e = m[b + 1];
        if (e != null && (e.dialled == dialled || e.dialled.equals(dialled))) {
            return e.key;
        }
        return afterMemoMiss(dialled, hash, b, m);
    }

    /** {@link #normalise} once the memo's bucket {@code b} of {@code hash} does not hold {@code dialled}. */
    private long afterMemoMiss(String dialled, int hash, int b, Memo[] m) {
        Long cached = cache.getIfPresent(dialled);
        long key;
        if (cached != null) {
            key = cached;
        } else {
            key = normaliseUncached(dialled);
            if (!seenBefore(hash)) {
                return key; // dialled once so far: worked out, not kept (see "Admission")
            }
            cache.put(dialled, key); // boxes once, at the second miss
        }
        // the newcomer takes the first slot, the first slot's pair moves to the second
        m[b + 1] = m[b];
        m[b] = new Memo(dialled, key);
        return key;
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
        java.util.Objects.checkFromIndexSize(from, length, latin1.length);
        if (length > MAX_DIALLED_CHARS) {
            return CanonicalNumber.INVALID;
        }
        final Memo[] m = memo;
        if (m.length == 0) {
            return normaliseUncached(latin1String(latin1, from, length));
        }
        // String.hashCode of a Latin-1 string, so the bucket is the one normalise(String) uses
        int hash = 0;
        for (int i = from, end = from + length; i < end; i++) {
            hash = 31 * hash + (latin1[i] & 0xFF);
        }
        final int b = bucket(hash, m.length);
        Memo e = m[b];
        if (e != null && sameChars(e.dialled, latin1, from, length)) {
            return e.key;
        }
        e = m[b + 1];
        if (e != null && sameChars(e.dialled, latin1, from, length)) {
            return e.key;
        }
        // the memo was just asked for this string: go on from there, not through normalise again
        return afterMemoMiss(latin1String(latin1, from, length), hash, b, m);
    }

    private static String latin1String(byte[] latin1, int from, int length) {
        return new String(latin1, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
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
     * The same answer as {@link #normalise}, without reading or filling the cache. For entry
     * numbers (a register load of millions of entries would otherwise evict the dialled strings
     * the switch actually sends, and pay the cache's insert cost for strings dialled once at most).
     *
     * @throws NullPointerException if {@code number} is null
     */
    public long normaliseUncached(String number) {
        if (number.length() > MAX_DIALLED_CHARS) {
            return CanonicalNumber.INVALID;
        }
        long key = viaFastPath(number);
        if (key == NOT_HANDLED) {
            key = viaLibphonenumber(number);
        }
        return key;
    }

    // ---------------------------------------------------------------------------------------
    // The fast path

    /**
     * The key of {@code dialled} if it has one of the plain shapes this path models exactly
     * ({@code +digits}; {@code 00digits} and {@code 0digits} in the default region's format),
     * with ASCII separators only; otherwise {@link #NOT_HANDLED}.
     */
    long viaFastPath(String dialled) {
        final int len = dialled.length();
        if (len > MAX_DIALLED_CHARS) {
            return CanonicalNumber.INVALID;
        }
        boolean plus = false;
        boolean seenDigit = false;
        int digits = 0;
        int leadingZeros = 0;
        long value = 0;
        for (int i = 0; i < len; i++) {
            char c = dialled.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 18) {
                    return NOT_HANDLED; // would overflow; far too long anyway, let the full path say so
                }
                if (c == '0' && leadingZeros == digits) {
                    leadingZeros++;
                }
                value = value * 10 + (c - '0');
                digits++;
                seenDigit = true;
            } else if (c == '+' && !plus && !seenDigit) {
                plus = true;
            } else if (!isAsciiSeparator(c)) {
                return NOT_HANDLED;
            }
        }
        if (plus) {
            if (leadingZeros > 0) {
                return NOT_HANDLED; // "+0...": libphonenumber retries without the plus
            }
            return international(value, digits);
        }
        if (digits == 0 || leadingZeros == 0 || tables.mayBeShortNumber(digits)) {
            return NOT_HANDLED; // prefixes, bare national numbers, short codes: the full path
        }
        if (leadingZeros == 2 && tables.iddIsDoubleZero) {
            return international(value, digits - 2);
        }
        if (leadingZeros == 1 && tables.nationalZeroShape) {
            return nationalAfterZero(value, digits - 1);
        }
        return NOT_HANDLED;
    }

    /** {@code value}, of {@code digits} digits without a leading zero, read as code + national number. */
    private long international(long value, int digits) {
        if (digits <= 2) {
            return CanonicalNumber.INVALID; // libphonenumber: not a number / too short after IDD
        }
        int code = 0;
        int codeDigits = 0;
        for (int i = 1; i <= 3 && i < digits; i++) {
            int candidate = (int) (value / CanonicalNumber.pow10(digits - i));
            if (tables.isCallingCode(candidate)) {
                code = candidate;
                codeDigits = i;
                break;
            }
        }
        if (code == 0) {
            return NOT_HANDLED;
        }
        int nationalDigits = digits - codeDigits;
        long national = value % CanonicalNumber.pow10(nationalDigits);
        String[] prefixes = tables.nationalPrefixes(code);
        if (prefixes == null) {
            return NOT_HANDLED;
        }
        for (String p : prefixes) {
            if (startsWith(national, nationalDigits, p)) {
                return NOT_HANDLED; // a national prefix after the code: libphonenumber decides if it goes
            }
        }
        if (nationalDigits < 2 || !tables.isPossibleLength(code, nationalDigits) || digits > CanonicalNumber.MAX_E164_DIGITS) {
            return CanonicalNumber.INVALID;
        }
        return value;
    }

    /** The default region's national format: "0" stripped, then the rest read after the region's code. */
    private long nationalAfterZero(long national, int nationalDigits) {
        int code = tables.regionCode;
        if (tables.isPossibleLength(code, nationalDigits)) {
            int codeDigits = code >= 100 ? 3 : code >= 10 ? 2 : 1;
            if (codeDigits + nationalDigits > CanonicalNumber.MAX_E164_DIGITS) {
                return CanonicalNumber.INVALID;
            }
            return code * CanonicalNumber.pow10(nationalDigits) + national;
        }
        if (tables.isTooLong(code, nationalDigits)) {
            return CanonicalNumber.INVALID;
        }
        return NOT_HANDLED; // libphonenumber keeps the 0 for lengths that are too short or local
    }

    /** Whether the {@code digits}-digit zero-padded {@code value} starts with {@code prefix}. */
    private static boolean startsWith(long value, int digits, String prefix) {
        int k = prefix.length();
        if (k > digits) {
            return false;
        }
        long top = value / CanonicalNumber.pow10(digits - k);
        for (int i = k - 1; i >= 0; i--) {
            if (top % 10 != prefix.charAt(i) - '0') {
                return false;
            }
            top /= 10;
        }
        return true;
    }

    private static boolean isAsciiSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
    }

    // ---------------------------------------------------------------------------------------
    // The full path

    /** The key of {@code dialled} by every rule of SPEC section 2, using libphonenumber. */
    long viaLibphonenumber(String dialled) {
        String s = dialString(dialled, dialPrefixes);
        if (s == null) {
            return CanonicalNumber.INVALID;
        }
        if (s.charAt(0) != '+' && s.length() <= CanonicalNumber.MAX_SHORT_DIGITS && isValidShortNumber(s)) {
            return CanonicalNumber.shortNumber(tables.region, s);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(s, tables.region);
        } catch (NumberParseException e) {
            return CanonicalNumber.INVALID;
        }
        if (number.hasExtension() && !number.getExtension().isEmpty()) {
            return CanonicalNumber.INVALID; // an extension never shortens a number
        }
        // IS_POSSIBLE only: a local-only length (e.g. +44 then 6 digits) has no area code, so it
        // is not the key any full entry has; INVALID denies instead of letting it slip past.
        if (UTIL.isPossibleNumberWithReason(number) != ValidationResult.IS_POSSIBLE) {
            return CanonicalNumber.INVALID;
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (e164.length() - 1 > CanonicalNumber.MAX_E164_DIGITS) {
            return CanonicalNumber.INVALID;
        }
        return CanonicalNumber.e164(e164.substring(1));
    }

    private boolean isValidShortNumber(String digits) {
        PhoneNumber n = new PhoneNumber().setCountryCode(tables.regionCode).setNationalNumber(Long.parseLong(digits));
        int zeros = 0;
        while (zeros < digits.length() - 1 && digits.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            n.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        return SHORT_NUMBERS.isValidShortNumberForRegion(n, tables.region);
    }

    /**
     * What is left to dial once the character rules and the dial prefixes are applied: ASCII
     * {@code [+]digits}, or null for INVALID. In order: post-dial digits cut; separators dropped;
     * Unicode decimal digits mapped to ASCII; any letter or other character is INVALID; one
     * trailing {@code #} dropped; dial prefixes stripped where a full number follows; anything
     * but an optional leading {@code +} and digits left over ({@code #}: an extension marker,
     * {@code *}) is INVALID.
     */
    static String dialString(String dialled, String[] dialPrefixes) {
        if (dialled.length() > MAX_DIALLED_CHARS) {
            return null;
        }
        StringBuilder sb = new StringBuilder(dialled.length());
        for (int i = 0; i < dialled.length(); ) {
            int cp = dialled.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ',' || cp == ';' || cp == 'p' || cp == 'P' || cp == 'w' || cp == 'W') {
                break; // post-dial: sent as DTMF after the call connects
            }
            if (isSeparator(cp)) {
                continue;
            }
            if (Character.isDigit(cp)) {
                sb.append((char) ('0' + Character.digit(cp, 10)));
            } else if (cp == '+' || cp == '\uFF0B') {
                sb.append('+');
            } else if (cp == '#' || cp == '*') {
                sb.append((char) cp);
            } else {
                return null; // letters (x, ext, ...) and anything unknown
            }
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '#') {
            sb.setLength(n - 1); // the keypad's send key
        }
        int start = stripDialPrefixes(sb, dialPrefixes);
        int end = sb.length();
        if (start >= end) {
            return null;
        }
        for (int i = start; i < end; i++) {
            char c = sb.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c == '+' && i == start)) {
                return null;
            }
        }
        if (sb.charAt(start) == '+' && end - start == 1) {
            return null;
        }
        return sb.substring(start, end);
    }

    /**
     * Where the full number starts once dial prefixes are stripped, or 0 if no combination of
     * prefixes is followed by a full number. Prefixes may follow each other in any order; the
     * first position (fewest characters stripped) that starts with {@code 0} or {@code +} and is
     * reachable by whole prefixes wins.
     */
    private static int stripDialPrefixes(CharSequence s, String[] prefixes) {
        int n = s.length();
        if (n == 0 || isFullNumberStart(s.charAt(0))) {
            return 0;
        }
        boolean[] reachable = new boolean[n + 1];
        reachable[0] = true;
        for (int i = 0; i < n; i++) {
            if (!reachable[i]) {
                continue;
            }
            if (isFullNumberStart(s.charAt(i))) {
                return i;
            }
            for (String p : prefixes) {
                if (regionMatches(s, i, p)) {
                    reachable[i + p.length()] = true;
                }
            }
        }
        return 0;
    }

    private static boolean isFullNumberStart(char c) {
        return c == '0' || c == '+';
    }

    private static boolean regionMatches(CharSequence s, int at, String p) {
        if (at + p.length() > s.length()) {
            return false;
        }
        for (int j = 0; j < p.length(); j++) {
            if (s.charAt(at + j) != p.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** Spaces (any Unicode space or whitespace), {@code - . / ( )}. */
    private static boolean isSeparator(int cp) {
        return cp == '-' || cp == '.' || cp == '/' || cp == '(' || cp == ')'
                || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
