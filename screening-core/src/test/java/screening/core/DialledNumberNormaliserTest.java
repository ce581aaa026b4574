package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialledNumberNormaliserTest {

    private static final NumberingPlan WITH_OUTSIDE_LINE = new NumberingPlan(
            "GB", NumberingPlan.DEFAULT.stripPrefixes(), "9", 4);
    private final DialledNumberNormaliser gb = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
    private final DialledNumberNormaliser gbNine = new DialledNumberNormaliser(WITH_OUTSIDE_LINE);

    private static String canonical(DialledNumberNormaliser n, String dialled) {
        long key = n.normalise(dialled);
        return key == CanonicalNumber.INVALID ? "INVALID" : CanonicalNumber.toString(key);
    }

    @Test
    void normalise_nationalPrefixAfterCountryCode_dropped() {
        assertThat(canonical(gb, "+44 (0)7700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "+44 07700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "0044 (0) 20 7946 0123")).isEqualTo("+442079460123");
        assertThat(canonical(gb, "+33 (0)1 99 00 12 34")).isEqualTo("+33199001234");
    }

    @Test
    void normalise_unicodeDashesAndMinus_readAsHyphen() {
        // en dash, em dash, figure dash, hyphen, non-breaking hyphen, minus sign, small and full-width hyphen-minus
        for (String dash : new String[] {"\u2013", "\u2014", "\u2012", "\u2010", "\u2011", "\u2212", "\uFE63", "\uFF0D"}) {
            assertThat(canonical(gb, "07700" + dash + "900123")).as("U+%04X", (int) dash.charAt(0)).isEqualTo("+447700900123");
            assertThat(canonical(gb, "+44" + dash + "113" + dash + "496" + dash + "0456")).isEqualTo("+441134960456");
        }
    }

    @Test
    void normalise_formatCharacters_ignored() {
        // zero-width space, ZWNJ, ZWJ, left-to-right and right-to-left marks, bidi embedding and isolates, BOM, soft hyphen
        for (String cf : new String[] {"\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202C",
                "\u2066", "\u2069", "\uFEFF", "\u00AD"}) {
            assertThat(canonical(gb, cf + "07700" + cf + " 900" + cf + "123" + cf)).as("U+%04X", (int) cf.charAt(0))
                    .isEqualTo("+447700900123");
        }
        assertThat(canonical(gb, "\u202A+44 20 7946 0789\u202C")).isEqualTo("+442079460789");
    }

    @Test
    void normalise_otherPunctuation_stillInvalid() {
        // a dash is a separator; other punctuation (an underscore, a tilde, a bullet) is not
        assertThat(canonical(gb, "07700_900123")).isEqualTo("INVALID");
        assertThat(canonical(gb, "07700~900123")).isEqualTo("INVALID");
        assertThat(canonical(gb, "07700\u2022900123")).isEqualTo("INVALID");
    }

    @Test
    void normalise_italianLeadingZeroAfterCountryCode_kept() {
        assertThat(canonical(gb, "+39 0001 123 456")).isEqualTo("+390001123456");
        assertThat(canonical(gb, "0039 0001 123456")).isEqualTo("+390001123456");
    }

    @Test
    void normalise_nationalAndInternationalForms_agree() {
        assertThat(canonical(gb, "07700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "0044 7700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "(0113) 496-0999")).isEqualTo("+441134960999");
        assertThat(canonical(gb, "01632/960/000")).isEqualTo("+441632960000");
    }

    @Test
    void normalise_stackedPrefixesBeforeFullNumber_stripped() {
        assertThat(canonical(gbNine, "9 141 1470 07700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gbNine, "1470 9 141 +44 7700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gbNine, "*31#18001 0044 7700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "#31#141 07700900123")).isEqualTo("+447700900123");
    }

    @Test
    void normalise_outsideLinePrefixNotConfigured_notStripped() {
        assertThat(canonical(gb, "9 07700 900123")).isEqualTo("INVALID");
    }

    @Test
    void normalise_prefixAlone_isShortCode() {
        assertThat(canonical(gb, "141")).isEqualTo("GB:141");
        assertThat(canonical(gb, "1470")).isEqualTo("GB:1470");
        assertThat(canonical(gbNine, "999")).isEqualTo("GB:999");
    }

    @Test
    void normalise_prefixBeforeShortCode_notStrippedSinceNoFullNumberFollows() {
        assertThat(gb.normalise("141 116123")).isNotEqualTo(gb.normalise("116123"));
        assertThat(canonical(gb, "141 116123")).isEqualTo("+44141116123"); // read whole, as a 9-digit national number
    }

    @Test
    void normalise_shortNumber_beforeFullNumberTest() {
        assertThat(canonical(gb, "116 123")).isEqualTo("GB:116123");
        assertThat(canonical(gb, "999")).isEqualTo("GB:999");
        assertThat(gb.normalise("116123")).isEqualTo(CanonicalNumber.shortNumber("GB", "116123"));
    }

    @Test
    void normalise_localOnlyLengthAfterCountryCode_invalid() {
        // +44 then six digits is "possible, local only": it names no line without an area code
        assertThat(canonical(gb, "+44 116123")).isEqualTo("INVALID");
    }

    @Test
    void normalise_postDialMarkers_cutEverythingAfter() {
        for (String marker : List.of(",", ";", "p", "P", "w", "W")) {
            assertThat(canonical(gb, "07700 900123" + marker + "123#")).as(marker).isEqualTo("+447700900123");
        }
        assertThat(canonical(gb, "07700 900123p ext 9")).isEqualTo("+447700900123");
    }

    @Test
    void normalise_trailingHash_droppedOnce() {
        assertThat(canonical(gb, "07700900123#")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "07700 900123 #")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "07700900123##")).isEqualTo("INVALID");
        // libphonenumber alone would read "020 7946 0" extension 123; the send key goes first
        assertThat(canonical(gb, "020 7946 0 - 123#")).isEqualTo("+442079460123");
    }

    @Test
    void normalise_extension_invalidNeverShorter() {
        for (String s : List.of("07700 900#123", "07700 900123 x123", "07700 900123 ext 123", "07700900123 ext. 1",
                "07700900123#1", "+44 7700 900123 extension 12")) {
            assertThat(canonical(gb, s)).as(s).isEqualTo("INVALID");
        }
    }

    @Test
    void normalise_letters_invalid() {
        assertThat(canonical(gb, "07700 9OO123")).isEqualTo("INVALID");
        assertThat(canonical(gb, "0800 FLOWERS")).isEqualTo("INVALID");
        assertThat(canonical(gb, "tel:+447700900123")).isEqualTo("INVALID");
    }

    @Test
    void normalise_unicodeDigits_countAsAsciiDigits() {
        assertThat(canonical(gb, "０７７００ ９００１２３")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "٠٧٧٠٠٩٠٠١٢٣")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "＋４４ ７７００ ９００１２３")).isEqualTo("+447700900123");
        assertThat(canonical(gb, "०७७००९००१२३")).isEqualTo("+447700900123");
    }

    @Test
    void normalise_emptyOrNoDigits_invalid() {
        for (String s : List.of("", "   ", "+", "#", "()", "00", "0", "p123", "*31#")) {
            assertThat(canonical(gb, s)).as("[" + s + "]").isEqualTo("INVALID");
        }
    }

    @Test
    void normalise_over64Characters_invalid() {
        String padded = "07700900123" + " ".repeat(53);
        assertThat(padded).hasSize(64);
        assertThat(canonical(gb, padded)).isEqualTo("+447700900123");
        assertThat(canonical(gb, padded + " ")).isEqualTo("INVALID");
    }

    @Test
    void normalise_null_throws() {
        assertThatThrownBy(() -> gb.normalise(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void normalise_otherDefaultRegion_readsItsNationalAndInternationalFormats() {
        DialledNumberNormaliser us = new DialledNumberNormaliser(new NumberingPlan("US", List.of(), null, 4));
        assertThat(canonical(us, "(202) 555-0123")).isEqualTo("+12025550123");
        assertThat(canonical(us, "1 202 555 0123")).isEqualTo("+12025550123");
        assertThat(canonical(us, "011 44 7700 900123")).isEqualTo("+447700900123");
        assertThat(canonical(us, "07700 900123")).isEqualTo("INVALID");
    }

    @Test
    void normalise_sameStringTwice_sameKeyFromCache() {
        long first = gb.normalise("07700 900123");
        assertThat(gb.normalise("07700 900123")).isEqualTo(first);
        DialledNumberNormaliser uncached = new DialledNumberNormaliser(NumberingPlan.DEFAULT, 0);
        assertThat(uncached.normalise("07700 900123")).isEqualTo(first);
        assertThat(uncached.normalise("07700 900123")).isEqualTo(first);
    }

    @Test
    void normaliseUncached_anyShape_sameKeyAsCachedPath() {
        for (String s : List.of("07700 900123", "+44 (0)7700 900123", "141 07700900123", "116123", "0113 496 0000x12",
                "+61 491 570 006", "not a number", "07700900123p1")) {
            assertThat(gb.normaliseUncached(s)).as(s).isEqualTo(gb.normalise(s));
        }
    }

    @Test
    void constructor_negativeCacheSize_throws() {
        assertThatThrownBy(() -> new DialledNumberNormaliser(NumberingPlan.DEFAULT, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache size");
    }

    @Test
    void constructor_prefixStartingWithZero_throwsNamingTheKey() {
        assertThatThrownBy(() -> new DialledNumberNormaliser(new NumberingPlan("GB", List.of("141"), "0", 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbering.outsideLinePrefix");
        assertThatThrownBy(() -> new DialledNumberNormaliser(new NumberingPlan("GB", List.of("01"), null, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbering.stripPrefixes");
    }

    @Test
    void constructor_regionUnknownToLibphonenumber_throwsNamingTheKey() {
        assertThatThrownBy(() -> new DialledNumberNormaliser(new NumberingPlan("XX", List.of(), null, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbering.defaultRegion");
    }

    @Test
    void plan_returnsThePlanGiven() {
        assertThat(gbNine.plan()).isSameAs(WITH_OUTSIDE_LINE);
    }

    @Test
    void normalise_aStringDialledOnce_isAnsweredButNotKept_andOnItsSecondMissItIs() {
        DialledNumberNormaliser n = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        List<String> dialled = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // drama numbers in three shapes: 07700 900xxx, +44 113 496 0xxx, 020 7946 0xxx
            dialled.add(i % 3 == 0 ? String.format("07700 900%03d", i)
                    : i % 3 == 1 ? String.format("+44 113 496 0%03d", i) : String.format("020 7946 0%03d", i));
        }
        for (String d : dialled) {
            assertThat(n.normalise(d)).as(d).isEqualTo(n.normaliseUncached(d));
        }
        // a doorkeeper false positive (under 1 in 8 when full, far fewer at 1,000 of 2 Mi bits) may admit a few
        assertThat(n.memo.cachedCount()).isLessThan(20);

        for (String d : dialled) {
            assertThat(n.normalise(d)).as(d).isEqualTo(n.normaliseUncached(d));
        }
        assertThat(n.memo.cachedCount()).isEqualTo(dialled.size());
        for (String d : dialled) {
            assertThat(n.normalise(d)).as(d).isEqualTo(n.normaliseUncached(d));
        }
    }

    @Test
    void normaliseBytes_sameKeyAsTheString_beforeAndAfterItIsMemoised() {
        DialledNumberNormaliser n = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        List<String> dialled = new ArrayList<>(List.of("07700 900123", "+44 113 496 0456", "00447700900457",
                "020 7946 0789", "999", "", "0770090012", "07700\u00e9900123", "+\u00ff", "9 07700 900123"));
        for (int i = 0; i < 300; i++) {
            dialled.add(String.format("07700 900%03d", i));
        }
        for (int round = 0; round < 4; round++) { // misses, admission at the second miss, then memo hits
            for (String d : dialled) {
                byte[] b = ("xx" + d + "yy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(n.normalise(b, 2, d.length())).as(d).isEqualTo(n.normaliseUncached(d));
            }
        }
        // never dialled, the same length as the memoised ones
        byte[] near = "07700 900999".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(n.normalise(near, 0, near.length)).isEqualTo(n.normaliseUncached("07700 900999"));
        byte[] tooLong = "0".repeat(65).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(n.normalise(tooLong, 0, 65)).isEqualTo(CanonicalNumber.INVALID);
        assertThatThrownBy(() -> n.normalise(near, 1, near.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
