package screening.core;

/**
 * Reads UK postcodes by their fixed pattern alone (no list of areas: the test area ZZ passes).
 * The outward code is one of A9, A99, AA9, AA99, A9A, AA9A; the inward code is 9AA. Where the
 * pattern needs a digit, O, I, L, S, Z and B are read as 0, 1, 1, 5, 2 and 8; where it needs a
 * letter, 0, 1, 5, 2 and 8 are read as O, I, S, Z and B. As written, the first character must be
 * a letter and at least one must be a digit, and at most {@link #MAX_REPAIRS} may be swapped, so
 * that no word (a town such as HESSLE would read as HE5 5LE) and no house number is taken for a
 * postcode. An address whose only "postcode" breaks these is refused (fail safe) rather than read
 * with a postcode nobody wrote.
 *
 * <p>Stateless; thread-safe.
 */
final class Postcodes {

    /*
     * One string may fit more than one outward pattern once letters and digits may stand for each
     * other ("ZZ1O" is AA99 with O read as 0, or AA9A as typed). The reading with the fewest
     * repairs wins, so a postcode typed correctly is never changed; the pattern's own letter rules
     * for the third place of A9A (ABCDEFGHJKPSTUW) and the fourth of AA9A (ABEHMNPRVWXY) rule out
     * readings such as ZZ1O, leaving ZZ10. Ties go to the first pattern in the order A99, AA9, A9A
     * (more digits first).
     */

    private static final String[][] OUTWARD = {
        {},
        {},
        {"A9"},
        {"A99", "AA9", "A9C"},
        {"AA99", "AA9D"},
    };
    private static final String THIRD_OF_A9A = "ABCDEFGHJKPSTUW";
    private static final String FOURTH_OF_AA9A = "ABEHMNPRVWXY";

    private Postcodes() {
    }

    /** The most repairs one postcode may need; a string that needs more is read as no postcode. */
    static final int MAX_REPAIRS = 2;

    /**
     * The postcode in {@code s} (5 to 7 ASCII letters and digits, no space), written upper case
     * with one space before the inward code, or null when it fits no pattern.
     */
    static String full(String s) {
        int n = s.length();
        return n < 5 || n > 7 ? null : full(s.substring(0, n - 3), s.substring(n - 3));
    }

    /**
     * The postcode of an outward code (2 to 4 ASCII letters and digits) and an inward code (3),
     * or null when they fit no pattern, when the outward code does not start with a letter as
     * written (so that a house number before a word is not read as one), when neither holds a
     * digit as written (so that no word is read as one), or when reading them needs more than
     * {@link #MAX_REPAIRS} letters and digits swapped.
     */
    static String full(String outward, String inward) {
        if (!hasDigit(outward) && !hasDigit(inward)) {
            return null;
        }
        char[] out = new char[outward.length()];
        int repairs = outward(outward, out);
        if (repairs < 0) {
            return null;
        }
        char[] in = new char[3];
        int inRepairs = inward.length() == 3 ? read(inward, "9AA", in) : -1;
        if (inRepairs < 0 || repairs + inRepairs > MAX_REPAIRS) {
            return null;
        }
        return new String(out) + ' ' + new String(in);
    }

    /**
     * {@code s} (2 to 4 ASCII letters and digits, the first a letter) read as an outward code, or
     * null.
     */
    static String outward(String s) {
        char[] out = new char[s.length()];
        return outward(s, out) >= 0 ? new String(out) : null;
    }

    /** The fewest repairs that read {@code s} as an outward code, the reading in {@code out}; -1 if none. */
    private static int outward(String s, char[] out) {
        int n = s.length();
        if (n < 2 || n > 4 || s.charAt(0) < 'A' || s.charAt(0) > 'Z') {
            return -1;
        }
        int best = -1;
        char[] tried = new char[n];
        for (String pattern : OUTWARD[n]) {
            int repairs = read(s, pattern, tried);
            if (repairs >= 0 && (best < 0 || repairs < best)) {
                best = repairs;
                System.arraycopy(tried, 0, out, 0, n);
            }
        }
        return best;
    }

    /**
     * Reads {@code s} by {@code pattern} into {@code out}: the number of repairs, or -1 when a
     * character fits neither as itself nor repaired. Pattern letters: 9 a digit, A a letter, C the
     * third letter of A9A, D the fourth letter of AA9A.
     */
    private static int read(String s, String pattern, char[] out) {
        int repairs = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = s.charAt(i);
            char p = pattern.charAt(i);
            char got;
            if (p == '9') {
                got = c >= '0' && c <= '9' ? c : asDigit(c);
            } else {
                got = c >= 'A' && c <= 'Z' ? c : asLetter(c);
                if (p == 'C' && THIRD_OF_A9A.indexOf(got) < 0 || p == 'D' && FOURTH_OF_AA9A.indexOf(got) < 0) {
                    got = 0;
                }
            }
            if (got == 0) {
                return -1;
            }
            if (got != c) {
                repairs++;
            }
            out[i] = got;
        }
        return repairs;
    }

    static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                return true;
            }
        }
        return false;
    }

    private static char asDigit(char c) {
        return switch (c) {
            case 'O' -> '0';
            case 'I', 'L' -> '1';
            case 'S' -> '5';
            case 'Z' -> '2';
            case 'B' -> '8';
            default -> 0;
        };
    }

    private static char asLetter(char c) {
        return switch (c) {
            case '0' -> 'O';
            case '1' -> 'I';
            case '5' -> 'S';
            case '2' -> 'Z';
            case '8' -> 'B';
            default -> 0;
        };
    }
}
