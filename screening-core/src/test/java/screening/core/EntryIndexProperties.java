package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The primitive index against the naive reference (a List scan), on random entries and calls. */
class EntryIndexProperties {

    @Provide
    Arbitrary<List<Integer>> entrySeeds() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(60);
    }

    private static EntryIndex build(List<Entry> entries) {
        EntryIndex.Builder b = EntryIndex.builder("national", TestEntries.VALIDATOR);
        entries.forEach(b::add);
        return b.build();
    }

    @Property(tries = 500)
    void applicable_agreesWithReference(@ForAll("entrySeeds") List<Integer> seeds,
            @ForAll @IntRange(min = 0, max = 9) int number, @ForAll @IntRange(min = 0, max = 3) int pin,
            @ForAll @IntRange(min = 0, max = 2) int establishment, @ForAll @IntRange(min = 0, max = 10) int offset) {
        List<Entry> entries = ReferenceScreening.decodeAll(seeds);
        EntryIndex index = build(entries);
        long key = TestEntries.key(ReferenceScreening.NUMBERS[number]);
        String p = ReferenceScreening.QUERY_PINS[pin];
        String e = ReferenceScreening.QUERY_ESTABLISHMENTS[establishment];
        long now = ReferenceScreening.T0.toEpochMilli() + ReferenceScreening.QUERY_OFFSETS_MS[offset];
        for (Action action : Action.values()) {
            List<String> expected = ReferenceScreening.applicableIds(entries, action, key, p, e, now);
            String got = index.find(action, key, p, e, now);
            if (expected.isEmpty()) {
                assertThat(got).isNull();
            } else {
                assertThat(got).isIn(expected);
            }
        }
    }

    @Property(tries = 300)
    void findByNumber_agreesWithReference(@ForAll("entrySeeds") List<Integer> seeds,
            @ForAll @IntRange(min = 0, max = 9) int number) {
        List<Entry> entries = ReferenceScreening.decodeAll(seeds);
        EntryIndex index = build(entries);
        long key = TestEntries.key(ReferenceScreening.NUMBERS[number]);
        List<Entry> expected = new ArrayList<>();
        for (Entry en : entries) {
            if (ReferenceScreening.numberMatches(en, key)) {
                expected.add(en);
            }
        }
        assertThat(index.find(key)).containsExactlyInAnyOrderElementsOf(expected);
        for (Entry en : entries) {
            assertThat(index.get(en.id())).isSameAs(en);
        }
        assertThat(index.entries()).containsExactlyElementsOf(entries);
    }

    @Property(tries = 300)
    void entryOutsideItsWindow_neverApplies(@ForAll("entrySeeds") List<Integer> seeds,
            @ForAll @IntRange(min = 0, max = 9) int number, @ForAll @IntRange(min = 0, max = 3) int pin,
            @ForAll @IntRange(min = 0, max = 2) int establishment, @ForAll @IntRange(min = 0, max = 10) int offset) {
        long now = ReferenceScreening.T0.toEpochMilli() + ReferenceScreening.QUERY_OFFSETS_MS[offset];
        List<Entry> outside = new ArrayList<>();
        for (Entry en : ReferenceScreening.decodeAll(seeds)) {
            if (!ReferenceScreening.validAt(en, now)) {
                outside.add(en);
            }
        }
        EntryIndex index = build(outside);
        long key = TestEntries.key(ReferenceScreening.NUMBERS[number]);
        for (Action action : Action.values()) {
            assertThat(index.find(action, key, ReferenceScreening.QUERY_PINS[pin],
                    ReferenceScreening.QUERY_ESTABLISHMENTS[establishment], now)).isNull();
        }
    }
}
