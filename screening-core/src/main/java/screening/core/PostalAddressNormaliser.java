package screening.core;

/**
 * The one UK postal address normaliser (SPEC section 12): queries, entries and register lines
 * all go through it. It finds the postcode (the last valid one in the text, repaired by its fixed
 * pattern), the building and the sub-premise wherever they stand; street and town words, case,
 * punctuation and abbreviations do not matter. The premise words and street abbreviations are
 * data (a table read from the classpath), not code.
 *
 * <p>Thread-safe; never blocks.
 */
public final class PostalAddressNormaliser {

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
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The full postcode a {@code POSTCODE} entry blocks: the last valid full UK postcode in
     * {@code raw} (which may be a whole address or the postcode alone), repaired and written as
     * {@link PostalAddress#postcode()} is.
     *
     * @throws NotNormalisableException when there is no full postcode; an outward code alone
     *     ({@code HU1}) is refused with a sentence saying a full postcode is needed
     */
    public String normalisePostcode(String raw) {
        throw new UnsupportedOperationException("not yet");
    }
}
