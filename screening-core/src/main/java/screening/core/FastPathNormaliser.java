package screening.core;

/**
 * The normaliser's fast path: the plain shapes a switch sends most ({@code +digits};
 * {@code 00digits} and {@code 0digits} in the default region's format, with ASCII separators
 * only), decided from {@link NumberTables} without libphonenumber. Anything it does not model
 * exactly it declines with {@link #NOT_HANDLED}, for {@link LibphonenumberNormaliser} to decide.
 *
 * <p>Immutable; any thread; allocates nothing.
 */
final class FastPathNormaliser {

    /*
     * Where it answers, it must answer what the libphonenumber path answers: the differential
     * tests run both on the dialled corpus and on generated shapes in several regions. So it
     * declines rather than guesses: a national prefix after a country code, "+0", a bare
     * national number, anything a short code might be, lengths libphonenumber keeps the 0 for.
     */

    /** What {@link #normalise} answers when it cannot decide; never a key and never INVALID. */
    static final long NOT_HANDLED = -2L;

    private final NumberTables tables;

    FastPathNormaliser(NumberTables tables) {
        this.tables = tables;
    }

    /**
     * The key of {@code dialled} if it has one of the plain shapes this path models exactly;
     * otherwise {@link #NOT_HANDLED}.
     *
     * @throws NullPointerException if {@code dialled} is null
     */
    long normalise(CharSequence dialled) {
        final int len = dialled.length();
        if (len > DialledNumberNormaliser.MAX_DIALLED_CHARS) {
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
}
