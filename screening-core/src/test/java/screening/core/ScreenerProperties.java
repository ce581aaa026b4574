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

/** Decision properties over random entry sets split across two sources. */
class ScreenerProperties {

    @Provide
    Arbitrary<List<Integer>> entrySeeds() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void screen_anyApplicableBlock_winsOverEveryAllow(@ForAll("entrySeeds") List<Integer> seeds,
            @ForAll boolean allowlist, @ForAll @IntRange(min = 0, max = 9) int number,
            @ForAll @IntRange(min = 0, max = 3) int pin, @ForAll @IntRange(min = 0, max = 2) int establishment,
            @ForAll @IntRange(min = 0, max = 10) int offset) {
        List<Entry> all = ReferenceScreening.decodeAll(seeds);
        // odd positions to a second source: a block in either must win
        List<Entry> local = new ArrayList<>();
        List<Entry> national = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 2 == 0 ? local : national).add(all.get(i));
        }
        EntryIndex.Builder lb = EntryIndex.builder("local", TestEntries.VALIDATOR);
        local.forEach(lb::add);
        EntryIndex.Builder nb = EntryIndex.builder("national", TestEntries.VALIDATOR);
        national.forEach(nb::add);

        long now = ReferenceScreening.T0.toEpochMilli() + ReferenceScreening.QUERY_OFFSETS_MS[offset];
        TestEntries.SettableClock clock = new TestEntries.SettableClock(java.time.Instant.ofEpochMilli(now));
        Screener screener = new Screener(new ScreeningPolicy(allowlist ? Mode.ALLOWLIST : Mode.BLOCKLIST, true),
                TestEntries.NORMALISER, clock);
        screener.publish(Snapshot.of(7, List.of(lb.build(), nb.build())));

        String dialled = ReferenceScreening.NUMBERS[number];
        long key = TestEntries.key(dialled);
        String p = ReferenceScreening.QUERY_PINS[pin];
        String e = ReferenceScreening.QUERY_ESTABLISHMENTS[establishment];
        Verdict v = new Verdict();
        screener.screen(p, e, dialled, v);

        List<String> blocks = ReferenceScreening.applicableIds(all, Action.BLOCK, key, p, e, now);
        List<String> allows = ReferenceScreening.applicableIds(all, Action.ALLOW, key, p, e, now);
        assertThat(v.number()).isEqualTo(key);
        assertThat(v.version()).isEqualTo(7);
        if (!blocks.isEmpty()) {
            assertThat(v.decision()).isEqualTo(Decision.DENY);
            assertThat(v.reason()).isEqualTo(Reason.BLOCKED);
            assertThat(v.ref()).isIn(blocks);
        } else if (allowlist) {
            assertThat(v.reason()).isEqualTo(allows.isEmpty() ? Reason.NOT_APPROVED : Reason.APPROVED);
            assertThat(v.decision()).isEqualTo(allows.isEmpty() ? Decision.DENY : Decision.ALLOW);
        } else {
            assertThat(v.decision()).isEqualTo(Decision.ALLOW);
            assertThat(v.reason()).isEqualTo(Reason.NOT_BLOCKED);
        }
    }
}
