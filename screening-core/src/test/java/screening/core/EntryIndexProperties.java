package screening.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * The primitive index against the naive reference (a List scan), on random entries and calls.
 * Lookups go through the public path: a {@link Screener} over a snapshot of the one index.
 */
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

    private static Verdict decide(EntryIndex index, Mode mode, long key, String pin, String establishment, long nowMs) {
        Screener screener = new Screener(new ScreeningPolicy(mode, true), TestEntries.NORMALISER,
                InstantSource.fixed(Instant.ofEpochMilli(nowMs)));
        screener.publish(Snapshot.of(1, List.of(index)));
        Verdict v = new Verdict();
        screener.decide(pin, establishment, key, v);
        return v;
    }

    private static List<Entry> only(Action action, List<Entry> entries) {
        return entries.stream().filter(en -> en.action() == action).toList();
    }

    @Property(tries = 500)
    void decide_agreesWithReference(@ForAll("entrySeeds") List<Integer> seeds,
            @ForAll @IntRange(min = 0, max = 9) int number, @ForAll @IntRange(min = 0, max = 3) int pin,
            @ForAll @IntRange(min = 0, max = 2) int establishment, @ForAll @IntRange(min = 0, max = 10) int offset) {
        List<Entry> entries = ReferenceScreening.decodeAll(seeds);
        EntryIndex index = build(entries);
        long key = TestEntries.key(ReferenceScreening.NUMBERS[number]);
        String p = ReferenceScreening.QUERY_PINS[pin];
        String e = ReferenceScreening.QUERY_ESTABLISHMENTS[establishment];
        long now = ReferenceScreening.T0.toEpochMilli() + ReferenceScreening.QUERY_OFFSETS_MS[offset];
        // BLOCK: the deciding entry's id, one of the applicable ones
        List<String> blocks = ReferenceScreening.applicableIds(entries, Action.BLOCK, key, p, e, now);
        Verdict v = decide(index, Mode.BLOCKLIST, key, p, e, now);
        if (blocks.isEmpty()) {
            assertThat(v.reason()).isEqualTo(Reason.NOT_BLOCKED);
            assertThat(v.ref()).isNull();
        } else {
            assertThat(v.reason()).isEqualTo(Reason.BLOCKED);
            assertThat(v.ref()).isIn(blocks);
        }
        // ALLOW (an APPROVED verdict names no entry): the ALLOW entries together, then each alone
        List<Entry> allowEntries = only(Action.ALLOW, entries);
        List<String> allows = ReferenceScreening.applicableIds(entries, Action.ALLOW, key, p, e, now);
        assertThat(decide(build(allowEntries), Mode.ALLOWLIST, key, p, e, now).reason())
                .isEqualTo(allows.isEmpty() ? Reason.NOT_APPROVED : Reason.APPROVED);
        for (Entry allow : allowEntries) {
            assertThat(decide(build(List.of(allow)), Mode.ALLOWLIST, key, p, e, now).reason()).as(allow.id())
                    .isEqualTo(allows.contains(allow.id()) ? Reason.APPROVED : Reason.NOT_APPROVED);
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
        long key = TestEntries.key(ReferenceScreening.NUMBERS[number]);
        String p = ReferenceScreening.QUERY_PINS[pin];
        String e = ReferenceScreening.QUERY_ESTABLISHMENTS[establishment];
        assertThat(decide(build(only(Action.BLOCK, outside)), Mode.BLOCKLIST, key, p, e, now).reason())
                .isEqualTo(Reason.NOT_BLOCKED);
        assertThat(decide(build(only(Action.ALLOW, outside)), Mode.ALLOWLIST, key, p, e, now).reason())
                .isEqualTo(Reason.NOT_APPROVED);
    }

    @Property(tries = 200)
    void columnarBuild_anyEntries_decidesAndFindsAsWholeEntries(@ForAll("entrySeeds") List<Integer> seeds) {
        List<Entry> entries = ReferenceScreening.decodeAll(seeds);
        EntryIndex whole = build(entries);
        EntryIndex.Builder b = EntryIndex.builder("national", TestEntries.VALIDATOR, entries::get, entries.size());
        int byFields = 0;
        for (Entry en : entries) {
            boolean added = en.channel() == Channel.PHONE && b.addNumberEntry(en.id(), en.action(), en.match(), en.scope(),
                    en.establishment(), en.pin(), en.validFrom(), en.validUntil(), length(en.reason()),
                    length(en.reference()), length(en.note()), new StringBuilder(en.number()));
            if (added) {
                byFields++;
            } else {
                b.add(en);
            }
        }
        EntryIndex columnar = b.build();
        Statistics.collect(byFields == entries.size() ? "all by fields" : "some whole");

        assertThat(columnar.entries()).containsExactlyElementsOf(whole.entries());
        assertThat(columnar.count(Action.BLOCK)).isEqualTo(whole.count(Action.BLOCK));
        for (int i = 0; i < entries.size(); i++) {
            assertThat(columnar.id(i)).isEqualTo(entries.get(i).id());
            assertThat(columnar.get(entries.get(i).id())).isSameAs(entries.get(i));
        }
        for (String number : ReferenceScreening.NUMBERS) {
            long key = TestEntries.key(number);
            assertThat(columnar.find(key)).containsExactlyInAnyOrderElementsOf(whole.find(key));
        }
        for (long offset : ReferenceScreening.QUERY_OFFSETS_MS) {
            InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(ReferenceScreening.T0.toEpochMilli() + offset));
            for (Mode mode : Mode.values()) {
                Screener c = new Screener(new ScreeningPolicy(mode, true), TestEntries.NORMALISER, clock);
                c.publish(Snapshot.of(1, List.of(columnar)));
                Screener w = new Screener(new ScreeningPolicy(mode, true), TestEntries.NORMALISER, clock);
                w.publish(Snapshot.of(1, List.of(whole)));
                Verdict cv = new Verdict();
                Verdict wv = new Verdict();
                for (String number : ReferenceScreening.NUMBERS) {
                    long key = TestEntries.key(number);
                    for (String p : ReferenceScreening.QUERY_PINS) {
                        for (String e : ReferenceScreening.QUERY_ESTABLISHMENTS) {
                            c.decide(p, e, key, cv);
                            w.decide(p, e, key, wv);
                            assertThat(cv.reason()).isEqualTo(wv.reason());
                            assertThat(cv.ref()).isEqualTo(wv.ref());
                        }
                    }
                }
            }
        }
    }

    private static int length(String s) {
        return s == null ? -1 : s.length();
    }
}
