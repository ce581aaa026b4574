package screening.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The words the postal address normaliser knows: premise words, street words and their
 * abbreviations, number words, noise words. Read from a UTF-8 table whose format is described at
 * the top of {@code postal-address-words.txt}, the default table beside this class.
 *
 * <p>Immutable and thread-safe once built.
 */
final class AddressWords {

    static final String DEFAULT_RESOURCE = "postal-address-words.txt";

    private final Set<String> premise = new HashSet<>();
    private final Set<String> marks = new HashSet<>();
    private final Set<String> noise = new HashSet<>();
    private final Set<String> building = new HashSet<>();
    private final Map<String, String> numerals = new HashMap<>();
    private final Map<String, String> street = new HashMap<>();
    private final Map<String, String> name = new HashMap<>();

    private AddressWords() {
    }

    /** The table shipped beside this class, read once. */
    static AddressWords defaults() {
        return Default.WORDS;
    }

    private static final class Default {
        static final AddressWords WORDS = load();

        private static AddressWords load() {
            try (InputStream in = AddressWords.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the address word table " + DEFAULT_RESOURCE + " is missing from the classpath");
                }
                return parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("the address word table " + DEFAULT_RESOURCE + " cannot be read", e);
            }
        }
    }

    /**
     * Reads a table.
     *
     * @throws IllegalArgumentException naming the line, when a line has an unknown class, a word
     *     that is not upper case A-Z, a numeral that is not digits, or a spelling given twice in
     *     one class
     * @throws IOException when the stream cannot be read
     */
    static AddressWords parse(InputStream in) throws IOException {
        AddressWords w = new AddressWords();
        String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                throw new IllegalArgumentException("address word table line " + (i + 1) + ": a class and a word are needed");
            }
            String cls = f[0];
            String full = f[1];
            for (int k = 1; k < f.length; k++) {
                boolean digitsAllowed = cls.equals("numeral") && k == 1;
                if (!(digitsAllowed ? f[k].matches("[0-9]{1,9}") : f[k].matches("[A-Z]+"))) {
                    throw new IllegalArgumentException("address word table line " + (i + 1) + ": '" + f[k]
                            + (digitsAllowed ? "' is not a number in digits" : "' is not an upper-case word A-Z"));
                }
            }
            switch (cls) {
                case "premise" -> addAll(w.premise, f, 1, i);
                case "mark" -> addAll(w.marks, f, 1, i);
                case "noise" -> addAll(w.noise, f, 1, i);
                case "building" -> addAll(w.building, f, 1, i);
                case "numeral" -> putAll(w.numerals, full, f, 2, i);
                case "street" -> putAll(w.street, full, f, 1, i);
                case "name" -> putAll(w.name, full, f, 1, i);
                default -> throw new IllegalArgumentException("address word table line " + (i + 1) + ": unknown class '" + cls
                        + "' (premise, mark, numeral, street, building, name, noise)");
            }
        }
        return w;
    }

    private static void addAll(Set<String> set, String[] f, int from, int line) {
        for (int k = from; k < f.length; k++) {
            if (!set.add(f[k])) {
                throw new IllegalArgumentException("address word table line " + (line + 1) + ": '" + f[k] + "' is already in its class");
            }
        }
    }

    private static void putAll(Map<String, String> map, String full, String[] f, int from, int line) {
        for (int k = from; k < f.length; k++) {
            if (map.putIfAbsent(f[k], full) != null) {
                throw new IllegalArgumentException("address word table line " + (line + 1) + ": '" + f[k] + "' is already in its class");
            }
        }
    }

    /** Whether {@code word} introduces a sub-premise (FLAT, APT, ...). */
    boolean isPremise(String word) {
        return premise.contains(word);
    }

    /** Whether {@code word} may stand between a premise word and its number (NO, NUMBER). */
    boolean isMark(String word) {
        return marks.contains(word);
    }

    /** Whether {@code word} is dropped wherever it stands (THE, AND). */
    boolean isNoise(String word) {
        return noise.contains(word);
    }

    /** The digits of a number word (THREE is 3), or null. */
    String numeral(String word) {
        return numerals.get(word);
    }

    /** Whether {@code word}, standing anywhere but first on its line, makes the line a street. */
    boolean makesStreet(String word) {
        String full = street.get(word);
        return full != null && !building.contains(full);
    }

    /**
     * {@code word} as written in a building name: a name abbreviation when first on its line
     * (ST is SAINT), else a street abbreviation written out (CT is COURT), else the word itself.
     */
    String inName(String word, boolean first) {
        String asName = name.get(word);
        if (first && asName != null) {
            return asName;
        }
        String asStreet = street.get(word);
        if (asStreet != null) {
            return asStreet;
        }
        return asName != null ? asName : word;
    }

    /** Each spelling of a street word (full form and abbreviations) to its full form; for the tests. */
    Map<String, String> streetSpellings() {
        return Map.copyOf(street);
    }
}
