package screening.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits free-text addresses into words and numbers, line by line. The text is NFKD-normalised
 * (full-width and other compatibility forms become plain letters and digits, accents come off),
 * letters are upper-cased, every Unicode decimal digit becomes its ASCII digit, apostrophes and
 * invisible format characters are dropped (JOHN'S is JOHNS), commas, semicolons and line breaks
 * end a line, and every other character (spaces, dashes, full stops, brackets, any punctuation or
 * symbol, unpaired surrogates) separates tokens. A slash is remembered on the token after it, for
 * the {@code 3/12} form.
 *
 * <p>Stateless; thread-safe; linear in the length of the text.
 */
final class AddressTokens {

    /** One word or number, upper case, and the line it stands on (0 for the first). */
    record Token(String text, int line, boolean afterSlash) {

        /** Digits with at most one letter after them ({@code 12}, {@code 12A}). */
        boolean isNumber() {
            int n = text.length();
            int digits = 0;
            while (digits < n && isDigit(text.charAt(digits))) {
                digits++;
            }
            return digits > 0 && (digits == n || digits == n - 1 && isLetter(text.charAt(n - 1)));
        }

        /** A single letter A-Z ({@code B} of {@code Flat B} or of {@code 12 B}). */
        boolean isLetter() {
            return text.length() == 1 && isLetter(text.charAt(0));
        }

        /** Only ASCII letters and digits, as a postcode is written. */
        boolean isAsciiAlphanumeric() {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!isDigit(c) && !isLetter(c)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isLetter(char c) {
            return c >= 'A' && c <= 'Z';
        }
    }

    private AddressTokens() {
    }

    /** The tokens of {@code raw}, in order. */
    static List<Token> read(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKD);
        List<Token> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int line = 0;
        boolean slash = false;
        boolean wordAfterSlash = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT || isApostrophe(cp)) {
                continue;
            }
            boolean digit = type == Character.DECIMAL_DIGIT_NUMBER;
            if (digit || Character.isLetter(cp)) {
                if (word.length() == 0) {
                    wordAfterSlash = slash;
                    slash = false;
                }
                if (digit) {
                    word.append((char) ('0' + Character.digit(cp, 10)));
                } else {
                    word.appendCodePoint(Character.toUpperCase(cp));
                }
                continue;
            }
            if (word.length() > 0) {
                out.add(new Token(word.toString(), line, wordAfterSlash));
                word.setLength(0);
            }
            if (isLineBreak(cp)) {
                line++;
                slash = false;
            } else if (cp == '/' || cp == '\u2044' || cp == '\u2215') {
                slash = true;
            }
        }
        if (word.length() > 0) {
            out.add(new Token(word.toString(), line, wordAfterSlash));
        }
        return out;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '`' || cp == '\u2018' || cp == '\u2019' || cp == '\u201B'
                || cp == '\u02BC' || cp == '\u2032';
    }

    private static boolean isLineBreak(int cp) {
        return cp == ',' || cp == ';' || cp == '\n' || cp == '\r' || cp == '\u000B' || cp == '\u000C'
                || cp == '\u0085' || cp == '\u2028' || cp == '\u2029' || cp == '\u060C' || cp == '\u3001';
    }
}
