package screening.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import screening.core.AddressTokens.Token;

/**
 * The one UK postal address normaliser (SPEC section 12): queries, entries and register lines
 * all go through it. It finds the postcode (the last valid one in the text, repaired by its fixed
 * pattern), the building and the sub-premise wherever they stand; street and town words, case,
 * punctuation and abbreviations do not matter. The premise words and street abbreviations are
 * data (a table read from the classpath, {@code postal-address-words.txt}), not code.
 *
 * <p>Thread-safe; never blocks; linear in the length of the text.
 */
public final class PostalAddressNormaliser {

    static final String NO_POSTCODE = "no UK postcode found in the address";
    static final String NO_BUILDING = "no house number or building name found in the address";
    static final String OUTWARD_ONLY =
            "a POSTCODE entry needs a full postcode such as ZZ1 1AA, not only its outward code";

    private final AddressWords words;

    /**
     * A normaliser with the word table shipped in screening-core.
     *
     * @throws IllegalStateException if that table is missing from the classpath (a packaging fault)
     */
    public PostalAddressNormaliser() {
        this(AddressWords.defaults());
    }

    PostalAddressNormaliser(AddressWords words) {
        this.words = Objects.requireNonNull(words, "words");
    }

    /**
     * The postcode, building and sub-premise of {@code raw} (free text, lines joined by commas or
     * newlines).
     *
     * @throws NotNormalisableException (a sentence naming the problem, e.g. "no UK postcode found
     *     in the address", never the input) when there is no postcode or no building; never
     *     anything else, for any string
     * @throws NullPointerException if {@code raw} is null
     */
    public PostalAddress normalise(String raw) {
        Objects.requireNonNull(raw, "raw");
        List<Token> tokens = AddressTokens.read(raw);
        int at = lastPostcode(tokens);
        if (at < 0) {
            throw new NotNormalisableException(NO_POSTCODE);
        }
        String postcode = postcodeAt(tokens, at);
        int width = tokens.get(at).text().length() >= 5 ? 1 : 2;
        List<Token> rest = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            if (i < at || i >= at + width) {
                split(tokens.get(i), rest);
            }
        }
        PremiseReading premise = new PremiseReading(words, rest).read();
        if (premise.building() == null) {
            throw new NotNormalisableException(NO_BUILDING);
        }
        return new PostalAddress(postcode, premise.building(), premise.subPremise());
    }

    /**
     * The full postcode a {@code POSTCODE} entry blocks: the last valid full UK postcode in
     * {@code raw} (which may be a whole address or the postcode alone), repaired and written as
     * {@link PostalAddress#postcode()} is.
     *
     * @throws NotNormalisableException when there is no full postcode; an outward code alone
     *     ({@code HU1}) is refused with a sentence saying a full postcode is needed
     * @throws NullPointerException if {@code raw} is null
     */
    public String normalisePostcode(String raw) {
        Objects.requireNonNull(raw, "raw");
        List<Token> tokens = AddressTokens.read(raw);
        int at = lastPostcode(tokens);
        if (at >= 0) {
            return postcodeAt(tokens, at);
        }
        for (Token t : tokens) {
            if (t.isAsciiAlphanumeric() && Postcodes.hasDigit(t.text()) && Postcodes.outward(t.text()) != null) {
                throw new NotNormalisableException(OUTWARD_ONLY);
            }
        }
        throw new NotNormalisableException(NO_POSTCODE);
    }

    /**
     * Where the last postcode starts: a token of 5 to 7 characters, or an outward code and an
     * inward code as two tokens on one line; -1 when there is none.
     */
    private static int lastPostcode(List<Token> tokens) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (postcodeAt(tokens, i) != null) {
                return i;
            }
        }
        return -1;
    }

    /** The postcode starting at token {@code i}, or null. */
    private static String postcodeAt(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (!t.isAsciiAlphanumeric()) {
            return null;
        }
        int n = t.text().length();
        if (n >= 5 && n <= 7) {
            return Postcodes.full(t.text());
        }
        if (n < 2 || n > 4 || i + 1 >= tokens.size()) {
            return null;
        }
        Token in = tokens.get(i + 1);
        if (in.line() != t.line() || in.text().length() != 3 || !in.isAsciiAlphanumeric()) {
            return null;
        }
        return Postcodes.full(t.text(), in.text());
    }

    /**
     * Adds {@code t} to {@code out} unless it is a noise word ({@code THE}), split where a premise word or mark is glued to its number
     * ({@code FLAT3}, {@code NO12}) or a house number to a street word ({@code 12HIGH}; not
     * {@code 1ST} or {@code 12TH}, which are too short to split).
     */
    private void split(Token t, List<Token> out) {
        String s = t.text();
        if (words.isNoise(s)) {
            return;
        }
        int letters = 0;
        while (letters < s.length() && s.charAt(letters) >= 'A' && s.charAt(letters) <= 'Z') {
            letters++;
        }
        if (letters > 0 && letters < s.length()) {
            String head = s.substring(0, letters);
            Token rest = new Token(s.substring(letters), t.line(), false);
            if ((words.isPremise(head) || words.isMark(head)) && rest.isNumber()) {
                out.add(new Token(head, t.line(), t.afterSlash()));
                out.add(rest);
                return;
            }
        }
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        if (digits > 0 && s.length() - digits >= 3) {
            out.add(new Token(s.substring(0, digits), t.line(), t.afterSlash()));
            out.add(new Token(s.substring(digits), t.line(), false));
            return;
        }
        out.add(t);
    }
}
