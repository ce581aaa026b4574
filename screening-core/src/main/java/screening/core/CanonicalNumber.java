package screening.core;

/**
 * The canonical form of a number, packed into a primitive {@code long} so that the per-call path
 * never boxes or allocates.
 *
 * <p>Two kinds of canonical number exist (SPEC section 2):
 * <ul>
 *   <li>E.164, {@code +447700900123}: the key is the digits read as a decimal number. E.164 has
 *       at most 15 digits (under 2^50) and never starts with {@code 0}, so the value alone is
 *       unique;</li>
 *   <li>a short number of a region, {@code GB:116123}: bit 62 is set, the two region letters and
 *       the digit count sit above the digits, so a short number with leading zeros stays distinct.</li>
 * </ul>
 * {@link #INVALID} ({@code -1}) is the sentinel for "does not normalise".
 *
 * <p>All methods are static, thread-safe and non-blocking.
 */
public final class CanonicalNumber {

    /** The sentinel for a string that does not normalise. Never a valid key. */
    public static final long INVALID = -1L;

    /** E.164 allows at most 15 digits. */
    public static final int MAX_E164_DIGITS = 15;

    /** Short numbers are held to 14 digits, which the 47 low bits can carry. */
    public static final int MAX_SHORT_DIGITS = 14;

    /*
     * Layout of a short-number key:
     *   bit 63      0 (keys are never negative, so -1 stays free for INVALID)
     *   bit 62      1 (short-number flag)
     *   bits 57-61  first region letter - 'A'
     *   bits 52-56  second region letter - 'A'
     *   bits 47-51  digit count (1..14)
     *   bits 0-46   the digits as a decimal value (leading zeros kept by the count)
     */
    private static final long SHORT_FLAG = 1L << 62;
    private static final int REGION1_SHIFT = 57;
    private static final int REGION2_SHIFT = 52;
    private static final int LENGTH_SHIFT = 47;
    private static final long DIGITS_MASK = (1L << LENGTH_SHIFT) - 1;

    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private CanonicalNumber() {
    }

    /** {@code 10^n} for {@code 0 <= n <= 18}. */
    public static long pow10(int n) {
        return POW10[n];
    }

    /**
     * The key of an E.164 number given as its digits without the {@code +}.
     *
     * @throws IllegalArgumentException if {@code digits} is empty, longer than 15, starts with 0
     *     or holds anything but ASCII digits
     */
    public static long e164(CharSequence digits) {
        int n = digits.length();
        if (n == 0 || n > MAX_E164_DIGITS) {
            throw new IllegalArgumentException("E.164 number must have 1 to 15 digits, got " + n);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("E.164 number must be digits only");
            }
            if (i == 0 && c == '0') {
                throw new IllegalArgumentException("E.164 number must not start with 0");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * The key of a short number of a region.
     *
     * @param region two upper-case ASCII letters, e.g. {@code GB}
     * @param digits 1 to 14 ASCII digits
     * @throws IllegalArgumentException if either is malformed
     */
    public static long shortNumber(CharSequence region, CharSequence digits) {
        if (region.length() != 2 || !isUpper(region.charAt(0)) || !isUpper(region.charAt(1))) {
            throw new IllegalArgumentException("region must be two upper-case letters");
        }
        int n = digits.length();
        if (n == 0 || n > MAX_SHORT_DIGITS) {
            throw new IllegalArgumentException("short number must have 1 to 14 digits, got " + n);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("short number must be digits only");
            }
            v = v * 10 + (c - '0');
        }
        return SHORT_FLAG
                | ((long) (region.charAt(0) - 'A') << REGION1_SHIFT)
                | ((long) (region.charAt(1) - 'A') << REGION2_SHIFT)
                | ((long) n << LENGTH_SHIFT)
                | v;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** Whether {@code key} is a short-number key (as opposed to E.164 or {@link #INVALID}). */
    public static boolean isShortNumber(long key) {
        return key >= 0 && (key & SHORT_FLAG) != 0;
    }

    /** Whether {@code key} is an E.164 key. */
    public static boolean isE164(long key) {
        return key > 0 && (key & SHORT_FLAG) == 0;
    }

    /** The number of digits of an E.164 key (its decimal length). */
    public static int e164DigitCount(long key) {
        int n = 1;
        while (n < 19 && key >= POW10[n]) {
            n++;
        }
        return n;
    }

    /**
     * Parses a canonical string ({@code +447700900123} or {@code GB:116123}) back to its key.
     *
     * @return the key, or {@link #INVALID} if {@code s} is not in canonical form
     */
    public static long parse(CharSequence s) {
        try {
            if (s.length() > 1 && s.charAt(0) == '+') {
                return e164(s.subSequence(1, s.length()));
            }
            if (s.length() > 3 && s.charAt(2) == ':') {
                return shortNumber(s.subSequence(0, 2), s.subSequence(3, s.length()));
            }
        } catch (IllegalArgumentException e) {
            return INVALID;
        }
        return INVALID;
    }

    /**
     * Writes the canonical ASCII form of {@code key} into {@code dst} at {@code off}, without
     * allocating.
     *
     * @return the offset just after the last byte written
     * @throws IllegalArgumentException if {@code key} is {@link #INVALID}
     * @throws ArrayIndexOutOfBoundsException if {@code dst} has fewer than 18 bytes from {@code off}
     */
    public static int writeAscii(long key, byte[] dst, int off) {
        if (key < 0) {
            throw new IllegalArgumentException("INVALID has no canonical form");
        }
        long digits;
        int n;
        if ((key & SHORT_FLAG) != 0) {
            dst[off++] = (byte) ('A' + ((key >>> REGION1_SHIFT) & 31));
            dst[off++] = (byte) ('A' + ((key >>> REGION2_SHIFT) & 31));
            dst[off++] = ':';
            n = (int) ((key >>> LENGTH_SHIFT) & 31);
            digits = key & DIGITS_MASK;
        } else {
            dst[off++] = '+';
            n = e164DigitCount(key);
            digits = key;
        }
        for (int i = n - 1; i >= 0; i--) {
            dst[off + i] = (byte) ('0' + (digits % 10));
            digits /= 10;
        }
        return off + n;
    }

    /** The canonical string of {@code key}; allocates, so keep it off the per-call path. */
    public static String toString(long key) {
        byte[] buf = new byte[20];
        int end = writeAscii(key, buf, 0);
        return new String(buf, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * The masked form for logs (SPEC section 9): the first digits kept, the last five starred,
     * e.g. {@code +4477009*****}. Never log a full number.
     */
    public static String mask(long key) {
        if (key < 0) {
            return "INVALID";
        }
        String s = toString(key);
        int keep = Math.max(s.indexOf(':') + 2, s.length() - 5);
        keep = Math.min(keep, s.length());
        return s.substring(0, keep) + "*".repeat(s.length() - keep);
    }
}
