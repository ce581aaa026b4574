package screening.core;

import java.util.ArrayList;
import java.util.List;
import screening.core.AddressTokens.Token;

/**
 * Finds the building and sub-premise among an address's tokens once its postcode is taken out.
 * One instance reads one address; not thread-safe, not shared.
 */
final class PremiseReading {

    /*
     * The order of the steps, each taking the tokens it uses out of the later steps' sight:
     *
     *  1. A premise word and its identifier on one line ("Flat 3", "Apt No. 3B", "Unit 3 B",
     *     "Flat B", "Flat Three"): the sub-premise, wherever it stands. They pair as brackets do.
     *  2. A number at the end of each line joined with a lone letter after it ("12 A" is 12A).
     *  3. Two numbers with a slash between them ("3/12"): sub-premise and building number.
     *  4. Numbers left: the building is the last one followed by a word on its line (the
     *     "12 High Street" shape), else the last one; an earlier number is the sub-premise
     *     ("3 Rose Court, 12 High Street"). But a number heading a line that is not a street,
     *     before a street line with no number ("3 Rose Court, Mill Lane"), is the sub-premise of
     *     the building that line names, as "Flat 3, Rose Court, Mill Lane" is.
     *  5. No number: the building's name is the line just before the first street line, or the
     *     first line when none is a street. A street line holds a street word anywhere but
     *     first ("Mill Lane", "High St"); a name never does, so "Rose Cottage Mill Lane" on one
     *     line has no name and the address is refused rather than misread.
     *
     * Street and town words never reach the canonical form; they only tell lines apart.
     */

    private final AddressWords words;
    private final List<Token> tokens;
    private final boolean[] used;
    private final String[] value;
    /** Each line's tokens as {from, to} indices, in order; a line here is one that has tokens. */
    private final List<int[]> lines = new ArrayList<>();
    /** Index into {@link #lines} of each token's line. */
    private final int[] lineOf;

    private String building;
    private String subPremise = "";

    PremiseReading(AddressWords words, List<Token> tokens) {
        this.words = words;
        this.tokens = tokens;
        this.used = new boolean[tokens.size()];
        this.value = new String[tokens.size()];
        this.lineOf = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            if (i == 0 || !sameLine(i - 1, i)) {
                lines.add(new int[] {i, i + 1});
            } else {
                lines.get(lines.size() - 1)[1] = i + 1;
            }
            lineOf[i] = lines.size() - 1;
        }
    }

    /** The building's number or name, or null when the address has neither. */
    String building() {
        return building;
    }

    /** The sub-premise, or the empty string when there is none. */
    String subPremise() {
        return subPremise;
    }

    /** Reads the premise; {@link #building()} stays null when there is none. */
    PremiseReading read() {
        String sub = premiseWords();
        joinSuffixes();
        int slashBuilding = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isNumber(i) && isNumber(i + 1) && tokens.get(i + 1).afterSlash() && sameLine(i, i + 1)) {
                if (sub == null) {
                    sub = value[i];
                }
                used[i] = true;
                slashBuilding = i + 1;
                break;
            }
        }
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (isNumber(i)) {
                numbers.add(i);
            }
        }
        if (slashBuilding >= 0) {
            building = value[slashBuilding];
        } else if (!numbers.isEmpty()) {
            int b = numbers.get(numbers.size() - 1);
            for (int k = numbers.size() - 1; k >= 0; k--) {
                if (followedByWord(numbers.get(k))) {
                    b = numbers.get(k);
                    break;
                }
            }
            int line = lineOf[b];
            if (followedByWord(b) && !lineWords(line).isEmpty() && !isStreetLine(line) && streetLineWithoutNumberAfter(line)) {
                used[b] = true;
                if (sub == null) {
                    sub = value[b];
                }
                building = name(line);
            } else {
                building = value[b];
                if (sub == null && numbers.get(0) < b) {
                    sub = value[numbers.get(0)];
                }
            }
        } else {
            building = nameLine();
        }
        subPremise = sub == null ? "" : sub;
        return this;
    }

    /**
     * Step 1: every premise word with its identifier taken out; the first identifier, or null.
     * Premise words pair with identifiers as brackets do: marks between them are passed over, any
     * other word stands between them, and a pair taken out leaves its neighbours side by side
     * ("Flat Flat 3 Three" is two pairs). So nothing left behind pairs up when read again, and the
     * canonical form reads as itself.
     */
    private String premiseWords() {
        String sub = null;
        // premise words waiting for an identifier, each followed by the marks read after it
        List<Integer> pending = new ArrayList<>();
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            if (i > 0 && !sameLine(i - 1, i)) {
                pending.clear();
            }
            Token t = tokens.get(i);
            if (words.isPremise(t.text()) || words.isMark(t.text()) && !pending.isEmpty()) {
                pending.add(i);
                continue;
            }
            String id = t.isNumber() ? number(t.text()) : t.isLetter() ? t.text() : words.numeral(t.text());
            if (id == null || pending.isEmpty()) {
                pending.clear();
                continue;
            }
            int k;
            do {
                k = pending.remove(pending.size() - 1);
                used[k] = true;
            } while (!words.isPremise(tokens.get(k).text()));
            used[i] = true;
            if (Character.isDigit(id.charAt(id.length() - 1)) && i + 1 < n && sameLine(i, i + 1) && tokens.get(i + 1).isLetter()) {
                id += tokens.get(i + 1).text();
                used[++i] = true;
            }
            if (sub == null) {
                sub = id;
            }
        }
        return sub;
    }

    /** Step 2: each number's value, a lone letter after a plain number joined to it. */
    private void joinSuffixes() {
        for (int i = 0; i < tokens.size(); i++) {
            if (used[i] || !tokens.get(i).isNumber()) {
                continue;
            }
            String v = number(tokens.get(i).text());
            if (i + 1 < tokens.size() && !used[i + 1] && sameLine(i, i + 1) && tokens.get(i + 1).isLetter()
                    && Character.isDigit(v.charAt(v.length() - 1))) {
                v += tokens.get(i + 1).text();
                used[i + 1] = true;
            }
            value[i] = v;
        }
    }

    private boolean isNumber(int i) {
        return !used[i] && value[i] != null;
    }

    private boolean sameLine(int i, int j) {
        return tokens.get(i).line() == tokens.get(j).line();
    }

    /** Whether the next token still in play after {@code i}, on its line, is a word. */
    private boolean followedByWord(int i) {
        for (int j = i + 1; j < tokens.size() && sameLine(i, j); j++) {
            if (!used[j]) {
                return !tokens.get(j).isNumber();
            }
        }
        return false;
    }

    /** The words still in play on {@code line} (noise words never reach this class). */
    private List<String> lineWords(int line) {
        List<String> out = new ArrayList<>();
        int[] range = lines.get(line);
        for (int i = range[0]; i < range[1]; i++) {
            Token t = tokens.get(i);
            if (!used[i] && !t.isNumber()) {
                out.add(t.text());
            }
        }
        return out;
    }

    private boolean isStreetLine(int line) {
        List<String> w = lineWords(line);
        for (int k = 1; k < w.size(); k++) {
            if (words.makesStreet(w.get(k))) {
                return true;
            }
        }
        return false;
    }

    private boolean streetLineWithoutNumberAfter(int line) {
        for (int l = line + 1; l < lines.size(); l++) {
            if (isStreetLine(l) && !hasNumber(l)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasNumber(int line) {
        int[] range = lines.get(line);
        for (int i = range[0]; i < range[1]; i++) {
            if (isNumber(i)) {
                return true;
            }
        }
        return false;
    }

    /** Step 5: the building's name, or null. */
    private String nameLine() {
        int first = -1;
        int previous = -1;
        for (int l = 0; l < lines.size(); l++) {
            if (lineWords(l).isEmpty()) {
                continue;
            }
            if (isStreetLine(l)) {
                return previous < 0 ? null : name(previous);
            }
            if (first < 0) {
                first = l;
            }
            previous = l;
        }
        return first < 0 ? null : name(first);
    }

    /** The words of {@code line} as a building's name: abbreviations written out, noise dropped. */
    private String name(int line) {
        List<String> w = lineWords(line);
        if (w.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < w.size(); k++) {
            if (k > 0) {
                sb.append(' ');
            }
            sb.append(words.inName(w.get(k), k == 0));
        }
        return sb.toString();
    }

    /** A number token's value: leading zeros dropped ({@code 012A} is {@code 12A}). */
    private static String number(String text) {
        int z = 0;
        while (z < text.length() - 1 && text.charAt(z) == '0' && Character.isDigit(text.charAt(z + 1))) {
            z++;
        }
        return text.substring(z);
    }
}
