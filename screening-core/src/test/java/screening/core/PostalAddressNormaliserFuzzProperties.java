package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@link PostalAddressNormaliser} with arbitrary Unicode (unpaired surrogates and control
 * characters included), ASCII noise and address-like text up to 600 characters: each string gives
 * a well-formed address or a {@link NotNormalisableException} with one of the normaliser's
 * sentences, never another exception.
 *
 * <p>Tries: jqwik's default ({@code jqwik.tries.default}, 1,000 unless set); the {@code fuzz}
 * Maven profile of screening-core sets 100,000.
 */
class PostalAddressNormaliserFuzzProperties {

    private static final PostalAddressNormaliser NORMALISER = new PostalAddressNormaliser();
    private static final String POSTCODE = "[A-Z][A-Z0-9]{1,3} [0-9][A-Z]{2}";

    @Property
    void normalise_anyString_answersOrRefusesWithASentence(@ForAll("anything") String raw) {
        try {
            PostalAddress a = NORMALISER.normalise(raw);
            assertThat(a.postcode()).matches(POSTCODE);
            assertThat(a.building()).isNotEmpty();
        } catch (NotNormalisableException e) {
            assertThat(e.getMessage()).isIn(PostalAddressNormaliser.NO_POSTCODE, PostalAddressNormaliser.NO_BUILDING);
        }
        try {
            assertThat(NORMALISER.normalisePostcode(raw)).matches(POSTCODE);
        } catch (NotNormalisableException e) {
            assertThat(e.getMessage()).isIn(PostalAddressNormaliser.NO_POSTCODE, PostalAddressNormaliser.OUTWARD_ONLY);
        }
    }

    /** Arbitrary Unicode (unpaired surrogates and control characters included) and address-like text. */
    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(600),
                Arbitraries.strings().withCharRange('\u0000', '\u007F').ofMaxLength(600),
                PostalAddressNormaliserProperties.addressPieces());
    }
}
