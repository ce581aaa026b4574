package screening.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The dial string rules of SPEC section 2 that come before libphonenumber: what is left to dial
 * once post-dial digits, separators, Unicode digits, the send key and the plan's dial prefixes
 * ({@code numbering.stripPrefixes} and the outside-line prefix) are dealt with.
 *
 * <p>Immutable; any thread; never blocks.
 */
final class DialString {

    /** stripPrefixes and the outside-line prefix, longest first. */
    private final String[] dialPrefixes;

    /**
     * @throws IllegalArgumentException if a dial prefix starts with {@code 0} (it could not then be
     *     told from the full number that follows it), naming the config key
     */
    DialString(NumberingPlan plan) {
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
    }

    /**
     * What is left to dial once the character rules and the dial prefixes are applied: ASCII
     * {@code [+]digits}, or null for INVALID. In order: post-dial digits cut; separators dropped;
     * Unicode decimal digits mapped to ASCII; any letter or other character is INVALID; one
     * trailing {@code #} dropped; dial prefixes stripped where a full number follows; anything
     * but an optional leading {@code +} and digits left over ({@code #}: an extension marker,
     * {@code *}) is INVALID.
     *
     * @throws NullPointerException if {@code dialled} is null
     */
    String dialable(String dialled) {
        if (dialled.length() > DialledNumberNormaliser.MAX_DIALLED_CHARS) {
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

    /**
     * Spaces (any Unicode space or whitespace), {@code - . / ( )}, every Unicode dash (category
     * Pd) and U+2212 MINUS SIGN, and format characters (category Cf: zero-width spaces and joiners,
     * bidi marks, the BOM), so that a number pasted from a document reads as typed (SPEC section 2).
     */
    private static boolean isSeparator(int cp) {
        if (cp == '-' || cp == '.' || cp == '/' || cp == '(' || cp == ')') {
            return true;
        }
        if (cp < 0x80) {
            return cp == ' ' || Character.isWhitespace(cp);
        }
        int type = Character.getType(cp);
        return type == Character.DASH_PUNCTUATION || type == Character.FORMAT || cp == 0x2212
                || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }
}
