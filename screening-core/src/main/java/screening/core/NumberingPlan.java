package screening.core;

import java.util.List;
import java.util.Objects;

/**
 * The {@code numbering} block of the config (SPEC sections 2 and 11).
 *
 * @param defaultRegion how a number without a country code is read, e.g. {@code GB}
 * @param stripPrefixes dial prefixes stripped from the front when a full number follows
 * @param outsideLinePrefix the switch's outside-line prefix (e.g. {@code 9}), or null for none
 * @param minPrefixDigits the fewest digits (country code included) a PREFIX entry may have
 */
public record NumberingPlan(
        String defaultRegion, List<String> stripPrefixes, String outsideLinePrefix, int minPrefixDigits) {

    /** The SPEC's defaults. */
    public static final NumberingPlan DEFAULT = new NumberingPlan(
            "GB", List.of("141", "1470", "18001", "18002", "#31#", "*31#"), null, 4);

    /**
     * @throws IllegalArgumentException naming the field, for a null or malformed value
     */
    public NumberingPlan {
        Objects.requireNonNull(defaultRegion, "numbering.defaultRegion must not be null");
        if (!defaultRegion.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("numbering.defaultRegion must be two upper-case letters (an ISO region such as GB)");
        }
        Objects.requireNonNull(stripPrefixes, "numbering.stripPrefixes must not be null");
        stripPrefixes = List.copyOf(stripPrefixes);
        for (String p : stripPrefixes) {
            if (p.isEmpty() || !p.matches("[0-9*#]+")) {
                throw new IllegalArgumentException("numbering.stripPrefixes entries must be non-empty strings of 0-9, * and #");
            }
        }
        if (outsideLinePrefix != null && !outsideLinePrefix.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("numbering.outsideLinePrefix must be 1 to 4 digits or null");
        }
        if (minPrefixDigits < 1 || minPrefixDigits > CanonicalNumber.MAX_E164_DIGITS) {
            throw new IllegalArgumentException("numbering.minPrefixDigits must be between 1 and 15");
        }
    }
}
