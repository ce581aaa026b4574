package screening.core;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fast path needs from libphonenumber's metadata, read once at construction into
 * primitive tables: which calling codes exist, which national lengths are possible per calling
 * code, how each code's national prefix is stripped, and the default region's short-number
 * lengths, international prefix and national prefix.
 *
 * <p>Immutable after construction; safe to share between threads.
 */
final class NumberTables {

    /*
     * Every table is filled by asking libphonenumber itself (isPossibleNumberWithReason on a
     * number of each length), not by re-reading its rules, so the fast path inherits the
     * library's answer for every length. Where the metadata holds something the fast path does
     * not model (a national prefix pattern with groups, a transform rule, an international prefix
     * other than "00"), the matching flag is off and the fast path declines that shape.
     */

    /** NSNs longer than this are refused by libphonenumber's parse (MAX_LENGTH_FOR_NSN). */
    static final int MAX_NSN_DIGITS = 17;

    private static final int CODES = 1000;

    /** Bit {@code m} set: a national number of {@code m} digits is IS_POSSIBLE for the code. */
    private final int[] possibleLengths = new int[CODES];
    /** Bit {@code m} set: a national number of {@code m} digits is TOO_LONG for the code. */
    private final int[] tooLongLengths = new int[CODES];
    private final boolean[] validCode = new boolean[CODES];
    /**
     * Per code: the national prefixes libphonenumber strips after the code, when they are plain
     * digit strings; an empty array when it strips nothing; null when the fast path cannot model
     * them (the shape is declined).
     */
    private final String[][] nationalPrefixLiterals = new String[CODES][];

    final String region;
    final int regionCode;
    /** Bit {@code n} set: a digit string of {@code n} digits may be a short number of the region. */
    final long shortLengths;
    /** Whether "00" then digits is read as an international call from the region, exactly. */
    final boolean iddIsDoubleZero;
    /** Whether "0" then a non-zero digit is the region's national format, modelled exactly. */
    final boolean nationalZeroShape;

    NumberTables(PhoneNumberUtil util, String region) {
        MetadataSource source = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
        for (int code : util.getSupportedCallingCodes()) {
            if (code <= 0 || code >= CODES) {
                continue;
            }
            validCode[code] = true;
            PhoneNumber probe = new PhoneNumber().setCountryCode(code);
            for (int m = 1; m <= MAX_NSN_DIGITS; m++) {
                probe.setNationalNumber(CanonicalNumber.pow10(m - 1));
                ValidationResult r = util.isPossibleNumberWithReason(probe);
                if (r == ValidationResult.IS_POSSIBLE) {
                    possibleLengths[code] |= 1 << m;
                } else if (r == ValidationResult.TOO_LONG) {
                    tooLongLengths[code] |= 1 << m;
                }
            }
            String main = util.getRegionCodeForCountryCode(code);
            PhoneMetadata md = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(main)
                    ? source.getMetadataForNonGeographicalRegion(code)
                    : source.getMetadataForRegion(main);
            nationalPrefixLiterals[code] = md == null ? null : literalNationalPrefixes(md);
        }

        this.region = region;
        PhoneMetadata home = source.getMetadataForRegion(region);
        if (home == null) {
            throw new IllegalArgumentException("numbering.defaultRegion " + region + " is not a region libphonenumber knows");
        }
        this.regionCode = home.getCountryCode();
        PhoneMetadata shortMd = DefaultMetadataDependenciesProvider.getInstance()
                .getShortNumberMetadataSource().getMetadataForRegion(region);
        long shortMask = 0;
        if (shortMd != null) {
            List<Integer> lengths = shortMd.getGeneralDesc().getPossibleLengthList();
            if (lengths.isEmpty()) {
                shortMask = -1L; // no length list: libphonenumber then tries the pattern at any length
            }
            for (int n : lengths) {
                shortMask |= 1L << n;
            }
        }
        this.shortLengths = shortMask;
        this.iddIsDoubleZero = "00".equals(home.getInternationalPrefix());
        String[] homePrefixes = nationalPrefixLiterals[regionCode];
        boolean zeroIsFirstPrefix = homePrefixes != null && homePrefixes.length > 0 && homePrefixes[0].equals("0")
                && "0".equals(home.getNationalPrefix());
        this.nationalZeroShape = iddIsDoubleZero
                && zeroIsFirstPrefix
                && region.equals(util.getRegionCodeForCountryCode(regionCode))
                && !canStartWith(home.getGeneralDesc().getNationalNumberPattern(), "0");
    }

    /**
     * The plain-digit alternatives of the national prefix pattern in the order the regex tries
     * them, or null if the pattern is anything else (groups, classes) or has a transform rule.
     */
    private static String[] literalNationalPrefixes(PhoneMetadata md) {
        if (!md.hasNationalPrefixForParsing() || md.getNationalPrefixForParsing().isEmpty()) {
            return new String[0];
        }
        if (md.hasNationalPrefixTransformRule() && !md.getNationalPrefixTransformRule().isEmpty()) {
            return null;
        }
        String[] alternatives = md.getNationalPrefixForParsing().split("\\|", -1);
        for (String a : alternatives) {
            if (a.isEmpty() || !a.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
        }
        return alternatives;
    }

    /** Whether some string that starts with {@code start} could match {@code regex} whole. */
    private static boolean canStartWith(String regex, String start) {
        Matcher m = Pattern.compile(regex).matcher(start);
        return m.matches() || m.hitEnd();
    }

    boolean isCallingCode(int code) {
        return code > 0 && code < CODES && validCode[code];
    }

    /** Whether a national number of {@code length} digits is IS_POSSIBLE after {@code code}. */
    boolean isPossibleLength(int code, int length) {
        return length > 0 && length <= MAX_NSN_DIGITS && (possibleLengths[code] & (1 << length)) != 0;
    }

    /** Whether a national number of {@code length} digits is TOO_LONG after {@code code}. */
    boolean isTooLong(int code, int length) {
        return length > MAX_NSN_DIGITS || (length > 0 && (tooLongLengths[code] & (1 << length)) != 0);
    }

    /** The national prefixes stripped after {@code code} (see the field), or null if not modelled. */
    String[] nationalPrefixes(int code) {
        return nationalPrefixLiterals[code];
    }

    boolean mayBeShortNumber(int digitCount) {
        return digitCount < 64 && (shortLengths & (1L << digitCount)) != 0;
    }
}
