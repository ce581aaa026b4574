package screening.core;

import java.util.Objects;

/**
 * A UK postal address as the filter compares it (SPEC section 12): the postcode, the building
 * and the sub-premise. Canonical text {@code POSTCODE|building|sub-premise}, e.g.
 * {@code HU1 1AA|12|3} or {@code HU1 1AA|ROSE COTTAGE|}.
 *
 * @param postcode upper case, one space before the inward code ({@code HU1 1AA})
 * @param building the building's number with any suffix ({@code 12A}) or its name, upper case
 * @param subPremise the flat, unit or room, or the empty string when absent
 */
public record PostalAddress(String postcode, String building, String subPremise) {

    public PostalAddress {
        Objects.requireNonNull(postcode, "postcode");
        Objects.requireNonNull(building, "building");
        Objects.requireNonNull(subPremise, "subPremise");
    }

    /** {@code POSTCODE|building|sub-premise}. */
    public String canonical() {
        return postcode + '|' + building + '|' + subPremise;
    }

    /**
     * The outward code ({@code HU1} of {@code HU1 1AA}) and {@code ***}, for a log line
     * (SPEC section 9). Takes a canonical address or a postcode.
     */
    public static String mask(String canonicalOrPostcode) {
        if (canonicalOrPostcode == null) {
            return "null";
        }
        int space = canonicalOrPostcode.indexOf(' ');
        return (space > 0 ? canonicalOrPostcode.substring(0, space) : "") + " ***";
    }
}
