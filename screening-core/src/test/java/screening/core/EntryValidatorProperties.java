package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link EntryValidator#validateNumberEntry} against {@link EntryValidator#validate}, its
 * reference: for every number entry, valid or not, the same key, or INVALID exactly where
 * validate refuses. Fields are drawn from values on each side of every rule.
 */
class EntryValidatorProperties {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @Provide
    Arbitrary<Entry> numberEntries() {
        Arbitrary<String> ids = Arbitraries.of("SPC-1", "a.b_c:d-e", "", "bad id", "x".repeat(64), "x".repeat(65), "é")
                .injectNull(0.05);
        Arbitrary<Action> actions = Arbitraries.of(Action.class).injectNull(0.05);
        Arbitrary<MatchType> matches = Arbitraries.of(MatchType.class).injectNull(0.05);
        Arbitrary<Scope> scopes = Arbitraries.of(Scope.class).injectNull(0.05);
        Arbitrary<String> establishments = Arbitraries.of("HULL", "ZZ99", "hull", "H", "ABCDEFGHI").injectNull(0.5);
        Arbitrary<String> pins = Arbitraries.of("1234", "a-B9", "bad pin", "9".repeat(32), "9".repeat(33)).injectNull(0.5);
        Arbitrary<Instant> times = Arbitraries.of(T0, T0.plusSeconds(1), Instant.MIN, Instant.MAX).injectNull(0.6);
        Arbitrary<String> reasons = Arbitraries.of("VICTIM_REQUEST", "r".repeat(128), "r".repeat(129)).injectNull(0.3);
        Arbitrary<String> notes = Arbitraries.of("n", "n".repeat(2_000), "n".repeat(2_001)).injectNull(0.5);
        Arbitrary<String> numbers = Arbitraries.of("+447700900123", "07700 900123", "07700-900-123", "0044 7700 900123",
                "+44 (0)7700 900123", "116123", "", "+44", "+4477", "+4477009", "+0447", "+44 77", "abc", "+447700900123x",
                "+4477009001234567", "1".repeat(65), "01134960000", "999").injectNull(0.05);
        return Combinators.combine(ids, actions, matches, scopes, establishments, pins, times, times)
                .as((id, action, match, scope, establishment, pin, from, until) -> new Entry(id, action, match, null,
                        scope, establishment, pin, from, until, null, null, null, null, null, null))
                .flatMap(e -> Combinators.combine(reasons, reasons, notes, numbers).as((reason, reference, note, number) ->
                        new Entry(e.id(), e.action(), e.match(), number, e.scope(), e.establishment(), e.pin(), e.validFrom(),
                                e.validUntil(), reason, reference, note, null, null, null)));
    }

    @Property(tries = 3_000)
    void validateNumberEntry_anyNumberEntry_agreesWithValidate(@ForAll("numberEntries") Entry e) {
        long expected;
        try {
            expected = TestEntries.VALIDATOR.validate(e, 0);
        } catch (InvalidEntryException ex) {
            expected = CanonicalNumber.INVALID;
        }
        long key = TestEntries.VALIDATOR.validateNumberEntry(e.id(), e.action(), e.match(), e.scope(), e.establishment(),
                e.pin(), e.validFrom(), e.validUntil(), length(e.reason()), length(e.reference()), length(e.note()),
                e.number() == null ? null : new StringBuilder(e.number()));

        assertThat(key).as("%s", e).isEqualTo(expected);
    }

    private static int length(String s) {
        return s == null ? -1 : s.length();
    }
}
