package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalNumberTest {

    private static final List<String> CANONICAL = List.of(
            "+447700900123", "+441134960000", "+442079460999", "+441632960500", "+12025550100", "+33199001234",
            "+61491570006", "+390001123456", "+1", "+999999999999999", "GB:116123", "GB:999", "GB:0123", "GB:00",
            "AU:000", "ZZ:12345678901234", "AA:0");

    @Test
    void parse_canonicalStrings_roundTripThroughToStringAndWriteAscii() {
        for (String s : CANONICAL) {
            long key = CanonicalNumber.parse(s);
            assertThat(key).as(s).isNotEqualTo(CanonicalNumber.INVALID);
            assertThat(CanonicalNumber.toString(key)).isEqualTo(s);
            byte[] buf = new byte[30];
            int end = CanonicalNumber.writeAscii(key, buf, 5);
            assertThat(new String(buf, 5, end - 5, StandardCharsets.US_ASCII)).isEqualTo(s);
        }
    }

    @Test
    void shortNumber_leadingZeros_keptDistinct() {
        long a = CanonicalNumber.shortNumber("GB", "0123");
        long b = CanonicalNumber.shortNumber("GB", "123");
        long c = CanonicalNumber.shortNumber("GB", "00123");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(CanonicalNumber.toString(c)).isEqualTo("GB:00123");
        assertThat(CanonicalNumber.shortNumber("FR", "123")).isNotEqualTo(b);
    }

    @Test
    void keys_kindsNeverCollide() {
        long shortKey = CanonicalNumber.shortNumber("GB", "116123");
        long e164 = CanonicalNumber.e164("44116123");
        assertThat(CanonicalNumber.isShortNumber(shortKey)).isTrue();
        assertThat(CanonicalNumber.isE164(shortKey)).isFalse();
        assertThat(CanonicalNumber.isE164(e164)).isTrue();
        assertThat(CanonicalNumber.isShortNumber(e164)).isFalse();
        assertThat(CanonicalNumber.isE164(CanonicalNumber.INVALID)).isFalse();
        assertThat(CanonicalNumber.isShortNumber(CanonicalNumber.INVALID)).isFalse();
        assertThat(e164).isNotEqualTo(shortKey);
    }

    @Test
    void parse_malformed_isInvalid() {
        for (String s : List.of("", "+", "+0447700900123", "447700900123", "gb:116123", "GB:", "GB:12a", "G1:123",
                "+1234567890123456", "GB:123456789012345", "+44 7700", "+４４７７００", "GB-116123")) {
            assertThat(CanonicalNumber.parse(s)).as("[" + s + "]").isEqualTo(CanonicalNumber.INVALID);
        }
    }

    @Test
    void e164_malformed_throws() {
        assertThatThrownBy(() -> CanonicalNumber.e164("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalNumber.e164("0447700900123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalNumber.e164("1234567890123456")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalNumber.shortNumber("gb", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalNumber.shortNumber("GB", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mask_e164_hidesTheLastFiveDigits() {
        assertThat(CanonicalNumber.mask(CanonicalNumber.parse("+447700900123"))).isEqualTo("+4477009*****");
        assertThat(CanonicalNumber.mask(CanonicalNumber.parse("+12025550100"))).isEqualTo("+120255*****");
    }

    @Test
    void mask_shortAndInvalid_neverShowTheWholeNumberOfFiveOrMoreDigits() {
        assertThat(CanonicalNumber.mask(CanonicalNumber.parse("GB:116123"))).isEqualTo("GB:1*****");
        assertThat(CanonicalNumber.mask(CanonicalNumber.INVALID)).isEqualTo("INVALID");
    }

    @Test
    void writeAscii_invalid_throws() {
        assertThatThrownBy(() -> CanonicalNumber.writeAscii(CanonicalNumber.INVALID, new byte[20], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void e164DigitCount_countsDecimalDigits() {
        assertThat(CanonicalNumber.e164DigitCount(1)).isEqualTo(1);
        assertThat(CanonicalNumber.e164DigitCount(447700900123L)).isEqualTo(12);
        assertThat(CanonicalNumber.e164DigitCount(999_999_999_999_999L)).isEqualTo(15);
    }
}
