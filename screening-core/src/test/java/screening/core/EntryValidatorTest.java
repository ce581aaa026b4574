package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static screening.core.TestEntries.T0;
import static screening.core.TestEntries.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryValidatorTest {

    /** The canonical key of +44 7700 900123, the number most entries here carry. */
    private static final long KEY = 447700900123L;

    private final EntryValidator validator = TestEntries.VALIDATOR;

    private static Entry exact(Scope scope, String establishment, String pin, String number) {
        return entry("x1", Action.BLOCK, MatchType.EXACT, number, scope, establishment, pin, null, null);
    }

    private static Entry prefix(String number) {
        return entry("x1", Action.BLOCK, MatchType.PREFIX, number, Scope.NATIONAL, null, null, null, null);
    }

    private void assertInvalid(Entry e, int position, String field, String messagePart) {
        assertThatThrownBy(() -> validator.validate(e, position))
                .isInstanceOfSatisfying(InvalidEntryException.class, ex -> {
                    assertThat(ex.field()).isEqualTo(field);
                    assertThat(ex.position()).isEqualTo(position);
                    assertThat(ex.getMessage()).startsWith("entry " + position + ": " + field + " ").contains(messagePart);
                });
    }

    @Test
    void validate_exactNationalEntry_returnsCanonicalKey() {
        long key = validator.validate(exact(Scope.NATIONAL, null, null, "07700 900123"), 0);
        assertThat(CanonicalNumber.toString(key)).isEqualTo("+447700900123");
    }

    @Test
    void validate_prefixEntry_returnsPrefixDigits() {
        Entry e = prefix("+4477009001");
        assertThat(validator.validate(e, 0)).isEqualTo(4477009001L);
        assertThat(EntryValidator.prefixDigitCount(e)).isEqualTo(10);
    }

    @Test
    void validate_pinEntryWithAndWithoutEstablishment_returnsCanonicalKey() {
        assertThat(validator.validate(exact(Scope.PIN, null, "1001", "+447700900123"), 0)).isEqualTo(KEY);
        assertThat(validator.validate(exact(Scope.PIN, "HULL", "AB-12", "+447700900123"), 0)).isEqualTo(KEY);
    }

    @Test
    void validate_unparseableNumber_namesNumberAndPosition() {
        assertInvalid(exact(Scope.NATIONAL, null, null, "07700 9OO123"), 7, "number", "does not normalise");
    }

    @Test
    void validate_unparseableNumber_messageHoldsNoDigitsOfIt() {
        assertThatThrownBy(() -> validator.validate(exact(Scope.NATIONAL, null, null, "07700 900123 x"), 3))
                .hasMessageNotContaining("900123");
    }

    @Test
    void validate_missingOrOverlongNumber_namesNumber() {
        assertInvalid(exact(Scope.NATIONAL, null, null, null), 0, "number", "is required");
        assertInvalid(exact(Scope.NATIONAL, null, null, ""), 1, "number", "is required");
        assertInvalid(exact(Scope.NATIONAL, null, null, "0".repeat(65)), 2, "number", "at most 64");
    }

    @Test
    void validate_pinEntryWithoutPin_namesPin() {
        assertInvalid(exact(Scope.PIN, "HULL", null, "+447700900123"), 4, "pin", "is required for scope PIN");
    }

    @Test
    void validate_establishmentEntryWithoutEstablishment_namesEstablishment() {
        assertInvalid(exact(Scope.ESTABLISHMENT, null, null, "+447700900123"), 0, "establishment", "is required");
    }

    @Test
    void validate_fieldsForeignToScope_refused() {
        assertInvalid(exact(Scope.NATIONAL, "HULL", null, "+447700900123"), 0, "establishment", "absent for scope NATIONAL");
        assertInvalid(exact(Scope.NATIONAL, null, "1001", "+447700900123"), 0, "pin", "absent for scope NATIONAL");
        assertInvalid(exact(Scope.ESTABLISHMENT, "HULL", "1001", "+447700900123"), 0, "pin", "absent for scope ESTABLISHMENT");
    }

    @Test
    void validate_badEstablishmentCode_namesEstablishment() {
        for (String bad : List.of("hull", "H", "HULLHULLX", "HU LL", "", "HULL-1", "HÜLL")) {
            assertInvalid(exact(Scope.ESTABLISHMENT, bad, null, "+447700900123"), 5, "establishment", "[A-Z0-9]");
        }
    }

    @Test
    void validate_badPin_namesPin() {
        for (String bad : List.of("", "12 34", "1".repeat(33), "12_3", "١٢٣")) {
            assertInvalid(exact(Scope.PIN, null, bad, "+447700900123"), 0, "pin", "[0-9A-Za-z-]");
        }
    }

    @Test
    void validate_missingEnums_nameTheirField() {
        assertInvalid(entry("x", null, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "action", "BLOCK or ALLOW");
        assertInvalid(entry("x", Action.BLOCK, null, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "match", "EXACT or PREFIX");
        assertInvalid(entry("x", Action.BLOCK, MatchType.EXACT, "+447700900123", null, null, null, null, null), 0, "scope", "NATIONAL");
    }

    @Test
    void validate_edgeShapes_returnsCanonicalKey() {
        assertThat(validator.validate(exact(Scope.ESTABLISHMENT, "H1", null, "+447700900123"), 0)).isEqualTo(KEY);
        assertThat(validator.validate(exact(Scope.ESTABLISHMENT, "ABCDEFG8", null, "+447700900123"), 0)).isEqualTo(KEY);
        assertThat(validator.validate(exact(Scope.PIN, null, "a", "+447700900123"), 0)).isEqualTo(KEY);
        assertThat(validator.validate(exact(Scope.PIN, null, "Zz-09".repeat(6) + "-9", "+447700900123"), 0)).isEqualTo(KEY);
        assertThat(validator.validate(entry("!~" + "x".repeat(126), Action.BLOCK, MatchType.EXACT, "+447700900123",
                Scope.NATIONAL, null, null, null, null), 0)).isEqualTo(KEY);
    }

    @Test
    void validate_badId_namesId() {
        assertInvalid(entry(null, Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "id", "1 to 128");
        assertInvalid(entry("", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "id", "1 to 128");
        assertInvalid(entry("é", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "id", "printable");
        assertInvalid(entry("a b", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "id", "printable");
        assertInvalid(entry("x".repeat(129), Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, null), 0, "id", "1 to 128");
    }

    @Test
    void validate_validUntilNotAfterValidFrom_namesValidUntil() {
        assertInvalid(entry("x", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, T0, T0), 2, "validUntil", "after validFrom");
        assertInvalid(entry("x", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, T0, T0.minusMillis(1)), 2, "validUntil", "after validFrom");
    }

    @Test
    void validate_openEndedWindows_returnsCanonicalKey() {
        assertThat(validator.validate(entry("x", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL,
                null, null, T0, null), 0)).isEqualTo(KEY);
        assertThat(validator.validate(entry("x", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL,
                null, null, null, T0), 0)).isEqualTo(KEY);
    }

    @Test
    void validate_prefixShorterThanMinPrefixDigits_refused() {
        assertInvalid(prefix("+447"), 9, "number", "numbering.minPrefixDigits requires at least 4");
        assertThat(validator.validate(prefix("+4477"), 0)).isEqualTo(4477L);
    }

    @Test
    void validate_minPrefixDigitsFromPlan_applied() {
        NumberingPlan plan = new NumberingPlan("GB", List.of(), null, 8);
        EntryValidator strict = new EntryValidator(new DialledNumberNormaliser(plan));
        assertThatThrownBy(() -> strict.validate(prefix("+4477009"), 0))
                .isInstanceOf(InvalidEntryException.class).hasMessageContaining("at least 8");
        assertThat(strict.validate(prefix("+44770090"), 0)).isEqualTo(44770090L);
    }

    @Test
    void validate_malformedPrefix_namesNumber() {
        assertInvalid(prefix("4477009"), 0, "number", "E.164 prefix");
        assertInvalid(prefix("+"), 0, "number", "E.164 prefix");
        assertInvalid(prefix("+44 7700"), 0, "number", "not a digit");
        assertInvalid(prefix("07700900"), 0, "number", "E.164 prefix");
        assertInvalid(prefix("+04477"), 0, "number", "+0");
        assertInvalid(prefix("+4477009001234567"), 0, "number", "at most 15");
    }

    @Test
    void validate_nullEntry_namesEntry() {
        assertInvalid(null, 3, "entry", "must not be null");
    }
}
