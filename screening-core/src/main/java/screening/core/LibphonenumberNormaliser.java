package screening.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;

/**
 * The normaliser's full path: every rule of SPEC section 2, the dial string first
 * ({@link DialString}), then libphonenumber's parse and its short-number metadata. The reference
 * the fast path is held to.
 *
 * <p>Immutable; any thread; never blocks, but allocates on every call (libphonenumber does): the
 * normaliser keeps it behind its memo and the fast path.
 */
final class LibphonenumberNormaliser {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT_NUMBERS = ShortNumberInfo.getInstance();

    private final DialString dialString;
    private final String region;
    private final int regionCode;

    LibphonenumberNormaliser(DialString dialString, NumberTables tables) {
        this.dialString = dialString;
        this.region = tables.region;
        this.regionCode = tables.regionCode;
    }

    /**
     * The key of {@code dialled} by every rule of SPEC section 2, or {@link CanonicalNumber#INVALID}.
     *
     * @throws NullPointerException if {@code dialled} is null
     */
    long normalise(String dialled) {
        String s = dialString.dialable(dialled);
        if (s == null) {
            return CanonicalNumber.INVALID;
        }
        if (s.charAt(0) != '+' && s.length() <= CanonicalNumber.MAX_SHORT_DIGITS && isValidShortNumber(s)) {
            return CanonicalNumber.shortNumber(region, s);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(s, region);
        } catch (NumberParseException e) {
            return CanonicalNumber.INVALID;
        }
        if (number.hasExtension() && !number.getExtension().isEmpty()) {
            return CanonicalNumber.INVALID; // an extension never shortens a number
        }
        // IS_POSSIBLE only: a local-only length (e.g. +44 then 6 digits) has no area code, so it
        // is not the key any full entry has; INVALID denies instead of letting it slip past.
        if (UTIL.isPossibleNumberWithReason(number) != ValidationResult.IS_POSSIBLE) {
            return CanonicalNumber.INVALID;
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (e164.length() - 1 > CanonicalNumber.MAX_E164_DIGITS) {
            return CanonicalNumber.INVALID;
        }
        return CanonicalNumber.e164(e164.substring(1));
    }

    private boolean isValidShortNumber(String digits) {
        PhoneNumber n = new PhoneNumber().setCountryCode(regionCode).setNationalNumber(Long.parseLong(digits));
        int zeros = 0;
        while (zeros < digits.length() - 1 && digits.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            n.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        return SHORT_NUMBERS.isValidShortNumberForRegion(n, region);
    }
}
