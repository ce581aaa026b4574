package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One test per rule of SPEC section 12's postal addresses, each with the examples it covers. */
class PostalAddressNormaliserTest {

    private final PostalAddressNormaliser normaliser = new PostalAddressNormaliser();

    private String canonical(String raw) {
        return normaliser.normalise(raw).canonical();
    }

    private void assertRefused(String raw, String message) {
        assertThatThrownBy(() -> normaliser.normalise(raw))
                .isExactlyInstanceOf(NotNormalisableException.class)
                .hasMessage(message);
    }

    @Test
    void normalise_plainAddress_givesPostcodeBuildingAndSubPremise() {
        PostalAddress a = normaliser.normalise("Flat 3, 12 High Street, Hull, ZZ1 1AA");
        assertThat(a.postcode()).isEqualTo("ZZ1 1AA");
        assertThat(a.building()).isEqualTo("12");
        assertThat(a.subPremise()).isEqualTo("3");
        assertThat(canonical("12 High Street, Hull, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
    }

    @Test
    void normalise_postcodeSpacing_oneSpaceBeforeInwardCode() {
        assertThat(canonical("12 High St, zz11aa")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, ZZ1  1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, ZZ1-1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, zz10 3ab")).isEqualTo("ZZ10 3AB|12|");
        assertThat(canonical("12 High St, Z1 2AB")).isEqualTo("Z1 2AB|12|");
    }

    @Test
    void normalise_everyOutwardPattern_read() {
        assertThat(normaliser.normalisePostcode("Z1 1AA")).isEqualTo("Z1 1AA");
        assertThat(normaliser.normalisePostcode("Z12 1AA")).isEqualTo("Z12 1AA");
        assertThat(normaliser.normalisePostcode("ZZ1 1AA")).isEqualTo("ZZ1 1AA");
        assertThat(normaliser.normalisePostcode("ZZ12 1AA")).isEqualTo("ZZ12 1AA");
        assertThat(normaliser.normalisePostcode("Z1A 1AA")).isEqualTo("Z1A 1AA");
        assertThat(normaliser.normalisePostcode("ZZ1A 1AA")).isEqualTo("ZZ1A 1AA");
    }

    @Test
    void normalise_letterWhereDigitBelongs_repairedByPattern() {
        assertThat(canonical("12 High St, ZZl 1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, ZZ1 lAA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, ZZI 1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, ZZIO 1AA")).isEqualTo("ZZ10 1AA|12|");
        assertThat(canonical("12 High St, ZZ1O 3AB")).isEqualTo("ZZ10 3AB|12|");
        assertThat(canonical("12 High St, ZZS 5AB")).isEqualTo("ZZ5 5AB|12|");
        assertThat(canonical("12 High St, ZZ9 Z8B")).isEqualTo("ZZ9 2BB|12|");
        assertThat(canonical("12 High St, ZZ9 OAB")).isEqualTo("ZZ9 0AB|12|");
    }

    @Test
    void normalise_digitWhereLetterBelongs_repairedByPattern() {
        assertThat(canonical("12 High St, Z21O 3AB")).isEqualTo("ZZ10 3AB|12|");
        assertThat(canonical("12 High St, ZZ1 1A8")).isEqualTo("ZZ1 1AB|12|");
        assertThat(canonical("12 High St, ZZ9 95Z")).isEqualTo("ZZ9 9SZ|12|");
        assertThat(canonical("12 High St, ZZ1 10A")).isEqualTo("ZZ1 1OA|12|");
    }

    @Test
    void normalise_postcodeTypedAsAValidPattern_neverChanged() {
        // ZZ1B fits AA9A as typed; the fewest repairs win, so it is not read as ZZ18
        assertThat(normaliser.normalisePostcode("ZZ1B 1AA")).isEqualTo("ZZ1B 1AA");
        assertThat(normaliser.normalisePostcode("ZZ18 1AA")).isEqualTo("ZZ18 1AA");
        // O is never the fourth letter of AA9A, nor I the third of A9A: they are digits there
        assertThat(normaliser.normalisePostcode("ZZ1O 1AA")).isEqualTo("ZZ10 1AA");
        assertThat(normaliser.normalisePostcode("Z1I 1AA")).isEqualTo("Z11 1AA");
    }

    @Test
    void normalise_moreThanTwoRepairsNoDigitOrDigitFirst_noPostcode() {
        assertRefused("12 High St, ZZl lAA", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("12 High St, Hessle", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("12 High St, ZZIO IAA", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("12 High St, 2Z1 1AA", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("12 High Street, Hull ZZ1", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("Flat 12 3AB Street", PostalAddressNormaliser.NO_POSTCODE);
    }

    @Test
    void normalise_severalPostcodes_lastOneCounts() {
        assertThat(canonical("ZZ9 9ZZ, 12 High St, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 High St, ZZ1 1AA, was ZZ9 9ZZ")).isEqualTo("ZZ9 9ZZ|12|");
        // a town after the postcode is a word, never a postcode
        assertThat(canonical("ZZ3 7AD, 41 Chestnut Cres, Hessle")).isEqualTo("ZZ3 7AD|41|");
    }

    @Test
    void normalise_subPremiseWords_allMeanTheSame() {
        for (String sub : new String[] {"Flat 3", "Apartment 3", "Apt 3", "Apt. 3", "Unit 3", "Room 3", "Studio 3",
                "flat 3", "FLAT 03", "Flat No. 3", "Flat #3", "Flat number 3", "Flat3", "Maisonette 3", "Suite 3"}) {
            assertThat(canonical(sub + ", 12 High Street, ZZ1 1AA")).as(sub).isEqualTo("ZZ1 1AA|12|3");
        }
    }

    @Test
    void normalise_subPremiseAnywhere_sameAddress() {
        assertThat(canonical("12 High Street, Flat 3, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("12 High Street, ZZ1 1AA, Flat 3")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("Flat 3 12 High Street ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("ZZ1 1AA, Hull, 12 High Street, Apt 3")).isEqualTo("ZZ1 1AA|12|3");
    }

    @Test
    void normalise_subPremiseWithLetterOrWord_read() {
        assertThat(canonical("Flat 3B, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3B");
        assertThat(canonical("Flat 3 b, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3B");
        assertThat(canonical("Flat B, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|B");
        assertThat(canonical("Flat Three, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("Flat Twelve A, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|12A");
    }

    @Test
    void normalise_premiseWordsInARow_pairWithIdentifiersLikeBrackets() {
        // Flat (Flat 3) Three: the inner pair is the first flat read, the outer pair is taken out too
        assertThat(canonical("Flat Flat 3 Three, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("Flat Flat Flat Three Three, ZZ9 9ZZ")).isEqualTo("ZZ9 9ZZ|FLAT|3");
        assertThat(canonical("Flat 3, FLAT, ZZ9 9ZZ")).isEqualTo("ZZ9 9ZZ|FLAT|3");
        // a word between a premise word and a number keeps them apart
        assertThat(canonical("Basement Flat Rear 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
    }

    @Test
    void normalise_slashForm_isSubPremiseThenBuilding() {
        assertThat(canonical("3/12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("3 / 12A High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12A|3");
        assertThat(canonical("3B/12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3B");
    }

    @Test
    void normalise_buildingNumberSuffix_oneForm() {
        assertThat(canonical("12A High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12A|");
        assertThat(canonical("12 A High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12A|");
        assertThat(canonical("12a high street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12A|");
        assertThat(canonical("012 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
    }

    @Test
    void normalise_twoNumbersWithoutPremiseWord_earlierIsSubPremise() {
        assertThat(canonical("3 Rose Court, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("3, 12 High Street, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
    }

    @Test
    void normalise_numberHeadingBuildingNameBeforeStreet_isSubPremiseOfThatBuilding() {
        assertThat(canonical("3 Rose Court, Mill Lane, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COURT|3");
        assertThat(canonical("Flat 3, Rose Court, Mill Lane, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COURT|3");
        // no street line after it, or no name left on its line: the number is the house's
        assertThat(canonical("12 Rose Court, Hull, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("12 The, Mill Lane, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|");
    }

    @Test
    void normalise_buildingName_upperCaseWordsOnly() {
        assertThat(canonical("Rose Cottage, Mill Lane, Hull, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COTTAGE|");
        assertThat(canonical("rose-cottage, mill lane, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COTTAGE|");
        assertThat(canonical("Rose Cottage\nMill Lane\nHull\nZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COTTAGE|");
        assertThat(canonical("The Old Mill, ZZ1 1AA")).isEqualTo("ZZ1 1AA|OLD MILL|");
        assertThat(canonical("St. John's House, Mill Ln, ZZ1 1AA")).isEqualTo("ZZ1 1AA|SAINT JOHNS HOUSE|");
        assertThat(canonical("Saint Johns House, Mill Lane, ZZ1 1AA")).isEqualTo("ZZ1 1AA|SAINT JOHNS HOUSE|");
        assertThat(canonical("Rose Ct, Hull, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COURT|");
    }

    @Test
    void normalise_buildingNameOnLaterLine_lineBeforeTheStreet() {
        assertThat(canonical("Hull, Rose Cottage, Mill Lane, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COTTAGE|");
        assertThat(canonical("Flat 2, Rose Court, Mill Lane, Hull, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COURT|2");
    }

    @Test
    void normalise_nameRunIntoStreetOnOneLine_refusedNotMisread() {
        assertRefused("Rose Cottage Mill Lane Hull ZZ1 1AA", PostalAddressNormaliser.NO_BUILDING);
    }

    @Test
    void normalise_streetAndTownWordsAndAbbreviations_neverMatter() {
        String want = "ZZ1 1AA|12|3";
        assertThat(canonical("Flat 3, 12 High Street, Hull, ZZ1 1AA")).isEqualTo(want);
        assertThat(canonical("Flat 3, 12 High St., ZZ1 1AA")).isEqualTo(want);
        assertThat(canonical("Flat 3, 12 Mill Rd, Cottingham, East Yorkshire, ZZ1 1AA")).isEqualTo(want);
        assertThat(canonical("FLAT 3 12 ACACIA AVE ZZ1 1AA")).isEqualTo(want);
        assertThat(canonical("flat 3 // 12 -- the crescent (hull) zz1 1aa!")).isEqualTo(want);
    }

    @Test
    void normalise_fullWidthAndOtherScripts_readAsPlain() {
        assertThat(canonical("Ｆｌａｔ ３，　１２ Ｈｉｇｈ Ｓｔ，ＺＺ１ １ＡＡ")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("Flat \u0663, \u0661\u0662 High St, ZZ1 1AA")).isEqualTo("ZZ1 1AA|12|3");
        assertThat(canonical("Rosé Cottage, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COTTAGE|");
        assertThat(canonical("12\u2013High\u00A0Street\u2014ZZ1\u20111AA")).isEqualTo("ZZ1 1AA|12|");
        assertThat(canonical("Rose\u200B Cottage, ZZ1 1AA")).isEqualTo("ZZ1 1AA|ROSE COTTAGE|");
    }

    @Test
    void normalise_noPostcode_refused() {
        assertRefused("12 High Street, Hull", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("", PostalAddressNormaliser.NO_POSTCODE);
        assertRefused("12 High Street, ZZ1", PostalAddressNormaliser.NO_POSTCODE);
    }

    @Test
    void normalise_noBuilding_refused() {
        assertRefused("ZZ1 1AA", PostalAddressNormaliser.NO_BUILDING);
        assertRefused("Mill Lane, Hull, ZZ1 1AA", PostalAddressNormaliser.NO_BUILDING);
        assertRefused("Flat 3, ZZ1 1AA", PostalAddressNormaliser.NO_BUILDING);
    }

    @Test
    void normalise_refusal_neverHoldsTheInput() {
        String raw = "Flat 3, 12 High Street, Hull";
        assertThatThrownBy(() -> normaliser.normalise(raw))
                .isInstanceOf(NotNormalisableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("High", "Hull", "12"));
    }

    @Test
    void normalise_null_throwsNullPointer() {
        assertThatThrownBy(() -> normaliser.normalise(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> normaliser.normalisePostcode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void normalise_hostileText_givesAnswerOrRefusalOnly() {
        String[] hostile = {"\uD800", "\uDC00 12 High St ZZ1 1AA \uD800", "\u0000\u0001\u001F ZZ1 1AA 12",
            "12 High St ZZ1 1AA".repeat(20_000), "9".repeat(100_000) + " ZZ1 1AA", "Flat ".repeat(50_000),
            "/".repeat(10_000), ",\n;".repeat(10_000) + "12 ZZ1 1AA", "\u0301\u0301\u200E", "ﷺ ZZ1 1AA 12"};
        for (String raw : hostile) {
            try {
                PostalAddress a = normaliser.normalise(raw);
                assertThat(a.canonical()).contains("|");
            } catch (NotNormalisableException e) {
                assertThat(e.getMessage()).isIn(PostalAddressNormaliser.NO_POSTCODE, PostalAddressNormaliser.NO_BUILDING);
            }
        }
        assertThat(canonical("\uDC00 12 High St ZZ1 1AA \uD800")).isEqualTo("ZZ1 1AA|12|");
    }

    @Test
    void normalisePostcode_wholeAddressOrPostcodeAlone_givesFullPostcode() {
        assertThat(normaliser.normalisePostcode("zz11aa")).isEqualTo("ZZ1 1AA");
        assertThat(normaliser.normalisePostcode("Flat 3, 12 High Street, Hull, ZZl 1AA")).isEqualTo("ZZ1 1AA");
        assertThat(normaliser.normalisePostcode("ZZ1 1AA, ZZ9 9ZZ")).isEqualTo("ZZ9 9ZZ");
    }

    @Test
    void normalisePostcode_outwardCodeAlone_refusedWithFullPostcodeSentence() {
        for (String raw : new String[] {"ZZ1", "HU1", "zz10", "Hull ZZ1"}) {
            assertThatThrownBy(() -> normaliser.normalisePostcode(raw)).as(raw)
                    .isExactlyInstanceOf(NotNormalisableException.class)
                    .hasMessage(PostalAddressNormaliser.OUTWARD_ONLY);
        }
    }

    @Test
    void normalisePostcode_noPostcode_refused() {
        for (String raw : new String[] {"", "Hull", "12 High Street", "12"}) {
            assertThatThrownBy(() -> normaliser.normalisePostcode(raw)).as(raw)
                    .isExactlyInstanceOf(NotNormalisableException.class)
                    .hasMessage(PostalAddressNormaliser.NO_POSTCODE);
        }
    }
}
