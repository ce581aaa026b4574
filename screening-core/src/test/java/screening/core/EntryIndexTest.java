package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static screening.core.TestEntries.T0;
import static screening.core.TestEntries.allowPin;
import static screening.core.TestEntries.blockEstablishment;
import static screening.core.TestEntries.blockNational;
import static screening.core.TestEntries.blockPin;
import static screening.core.TestEntries.blockPrefix;
import static screening.core.TestEntries.entry;
import static screening.core.TestEntries.index;
import static screening.core.TestEntries.key;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index built and asked. Lookups go through the public path, a {@link Screener} over a
 * snapshot of this one index: with one source its answer is the index's own (rule 3's order).
 */
class EntryIndexTest {

    private static final long NOW = T0.toEpochMilli();

    /** The id of the BLOCK entry that decides a call to {@code number} at {@code nowMs}, or null. */
    private static String block(EntryIndex index, String number, String pin, String establishment, long nowMs) {
        return blockedBy(index, key(number), pin, establishment, nowMs);
    }

    /** {@link #block} of a raw key. */
    private static String blockedBy(EntryIndex index, long key, String pin, String establishment, long nowMs) {
        Verdict v = decide(index, Mode.BLOCKLIST, key, pin, establishment, nowMs);
        if (v.reason() == Reason.BLOCKED) {
            assertThat(v.decision()).isEqualTo(Decision.DENY);
            return v.ref();
        }
        assertThat(v.reason()).isEqualTo(Reason.NOT_BLOCKED);
        return null;
    }

    /** Whether an ALLOW entry of {@code allows} (an index with no BLOCK entry) applies to the call. */
    private static boolean approved(EntryIndex allows, String number, String pin, String establishment, long nowMs) {
        assertThat(allows.count(Action.BLOCK)).isZero();
        Verdict v = decide(allows, Mode.ALLOWLIST, key(number), pin, establishment, nowMs);
        assertThat(v.reason()).isIn(Reason.APPROVED, Reason.NOT_APPROVED);
        return v.reason() == Reason.APPROVED;
    }

    private static Verdict decide(EntryIndex index, Mode mode, long key, String pin, String establishment, long nowMs) {
        Screener screener = new Screener(new ScreeningPolicy(mode, true), TestEntries.NORMALISER,
                InstantSource.fixed(Instant.ofEpochMilli(nowMs)));
        screener.publish(Snapshot.of(1, List.of(index)));
        Verdict v = new Verdict();
        screener.decide(pin, establishment, key, v);
        return v;
    }

    @Test
    void build_invalidEntry_throwsNamingFieldAndPosition() {
        EntryIndex.Builder b = EntryIndex.builder("national", TestEntries.VALIDATOR)
                .add(blockNational("b0", "+447700900000"))
                .add(blockNational("b1", "+447700900001"));
        assertThatThrownBy(() -> b.add(blockPin("b2", "+447700900002", null, "HULL")))
                .isInstanceOfSatisfying(InvalidEntryException.class, ex -> {
                    assertThat(ex.field()).isEqualTo("pin");
                    assertThat(ex.position()).isEqualTo(2);
                });
    }

    @Test
    void build_duplicateId_throwsNamingIdAndPosition() {
        EntryIndex.Builder b = EntryIndex.builder("local", TestEntries.VALIDATOR);
        for (int i = 0; i < 100; i++) {
            b.add(blockNational("id-" + i, "+4477009001" + String.format("%02d", i)));
        }
        assertThatThrownBy(() -> b.add(blockNational("id-37", "+447700900999")))
                .isInstanceOfSatisfying(InvalidEntryException.class, ex -> {
                    assertThat(ex.field()).isEqualTo("id");
                    assertThat(ex.position()).isEqualTo(100);
                    assertThat(ex.getMessage()).contains("duplicates");
                });
    }

    @Test
    void build_twice_throwsIllegalState() {
        EntryIndex.Builder b = EntryIndex.builder("local", TestEntries.VALIDATOR);
        b.build();
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.add(blockNational("x", "+447700900123"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void entries_inAddedOrder_withCountsAndGet() {
        Entry a = blockNational("a", "+447700900001");
        Entry b = allowPin("b", "+447700900002", "1001", null);
        Entry c = blockPrefix("c", "+4411349600");
        EntryIndex index = index("local", a, b, c);
        assertThat(index.source()).isEqualTo("local");
        assertThat(index.entries()).containsExactly(a, b, c);
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.count(Action.BLOCK)).isEqualTo(2);
        assertThat(index.count(Action.ALLOW)).isEqualTo(1);
        assertThat(index.get("b")).isSameAs(b);
        assertThat(index.get("nope")).isNull();
        assertThatThrownBy(() -> index.entries().add(a)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void get_manyIds_findsEach() {
        EntryIndex.Builder b = EntryIndex.builder("local", TestEntries.VALIDATOR);
        for (int i = 0; i < 1000; i++) {
            b.add(blockNational("SPC-" + i, String.format("+447700900%03d", i)));
        }
        EntryIndex index = b.build();
        for (int i = 0; i < 1000; i++) {
            assertThat(index.get("SPC-" + i).number()).isEqualTo(String.format("+447700900%03d", i));
        }
        assertThat(index.get("SPC-1000")).isNull();
    }

    @Test
    void empty_hasNothing() {
        EntryIndex index = EntryIndex.empty("local");
        assertThat(index.size()).isZero();
        assertThat(index.entries()).isEmpty();
        assertThat(index.get("x")).isNull();
        assertThat(index.find(key("+447700900123"))).isEmpty();
        assertThat(block(index, "+447700900123", "1001", "HULL", NOW)).isNull();
    }

    @Test
    void find_prefixLongerThanNumber_noMatch() {
        EntryIndex index = index("local", blockPrefix("r1", "+4477009001234"));
        assertThat(block(index, "+447700900123", "1001", "HULL", NOW)).isNull();
        assertThat(index.find(key("+447700900123"))).isEmpty();
    }

    @Test
    void find_prefixEqualToWholeNumber_matches() {
        EntryIndex index = index("local", blockPrefix("r1", "+447700900123"));
        assertThat(block(index, "+447700900123", "1001", "HULL", NOW)).isEqualTo("r1");
        // a raw key one digit longer (no GB number is): the index itself does not judge lengths
        assertThat(blockedBy(index, 4_477_009_001_230L, "1001", "HULL", NOW)).isEqualTo("r1");
    }

    @Test
    void find_neighbouringPrefixes_onlyTheCoveringOneMatches() {
        EntryIndex index = index("local", blockPrefix("r2", "+4477009002"), blockPrefix("r0", "+4477009000"),
                blockPrefix("r12", "+44770090012"));
        assertThat(block(index, "+447700900123", "1001", "HULL", NOW)).isEqualTo("r12");
        assertThat(block(index, "+447700900133", "1001", "HULL", NOW)).isNull();
        assertThat(block(index, "+447700900234", "1001", "HULL", NOW)).isEqualTo("r2");
        assertThat(block(index, "+447700900012", "1001", "HULL", NOW)).isEqualTo("r0");
        assertThat(block(index, "+441134960123", "1001", "HULL", NOW)).isNull();
    }

    @Test
    void find_prefixOfOtherCountryDigits_noMatchOnSuffix() {
        // a longer foreign number that ends in the prefix's digits must not match
        EntryIndex index = index("local", blockPrefix("r1", "+447700900"));
        assertThat(block(index, "+12025550100", "1001", "HULL", NOW)).isNull();
        assertThat(block(index, "+61491570006", "1001", "HULL", NOW)).isNull();
    }

    @Test
    void find_shortNumberKey_neverPrefixMatches() {
        EntryIndex index = index("local", blockPrefix("r1", "+1161"));
        long shortKey = CanonicalNumber.shortNumber("GB", "116123");
        assertThat(blockedBy(index, shortKey, "1001", "HULL", NOW)).isNull();
        assertThat(index.find(shortKey)).isEmpty();
        assertThat(blockedBy(index, 116123L, "1001", "HULL", NOW)).isEqualTo("r1");
    }

    @Test
    void find_prefixScopedToPinAndEstablishment_appliesOnlyThere() {
        Entry pinRange = entry("pr", Action.BLOCK, MatchType.PREFIX, "+4411349", Scope.PIN, "HULL", "1001", null, null);
        Entry estRange = entry("er", Action.BLOCK, MatchType.PREFIX, "+4420794", Scope.ESTABLISHMENT, "LEEDS", null, null, null);
        EntryIndex index = index("local", pinRange, estRange);
        assertThat(block(index, "+441134960123", "1001", "HULL", NOW)).isEqualTo("pr");
        assertThat(block(index, "+441134960123", "1001", "LEEDS", NOW)).isNull();
        assertThat(block(index, "+441134960123", "1002", "HULL", NOW)).isNull();
        assertThat(block(index, "+442079460123", "1002", "LEEDS", NOW)).isEqualTo("er");
        assertThat(block(index, "+442079460123", "1002", "HULL", NOW)).isNull();
    }

    @Test
    void find_severalEntriesOnOneKey_eachScopeAndWindowRespected() {
        Instant later = T0.plusSeconds(3600);
        Entry allow = allowPin("a-1001", "+447700900123", "1001", null);
        EntryIndex index = index("local",
                entry("w-old", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, null, T0),
                entry("w-new", Action.BLOCK, MatchType.EXACT, "07700 900123", Scope.NATIONAL, null, null, later, null),
                blockEstablishment("e-hull", "+447700900123", "HULL"),
                blockEstablishment("e-leeds", "+447700900123", "LEEDS"),
                blockPin("p-1001", "+447700900123", "1001", null),
                allow);
        // the ALLOW tables of the same entries, without the BLOCKs that would decide first
        EntryIndex allows = index("local", allow);
        assertThat(block(index, "+447700900123", "9999", "WAKEFLD", T0.toEpochMilli() - 1)).isEqualTo("w-old");
        assertThat(block(index, "+447700900123", "9999", "WAKEFLD", NOW)).isNull();
        assertThat(block(index, "+447700900123", "9999", "WAKEFLD", later.toEpochMilli())).isEqualTo("w-new");
        assertThat(block(index, "+447700900123", "9999", "HULL", NOW)).isEqualTo("e-hull");
        assertThat(block(index, "+447700900123", "9999", "LEEDS", NOW)).isEqualTo("e-leeds");
        assertThat(block(index, "+447700900123", "1001", "WAKEFLD", NOW)).isEqualTo("p-1001");
        assertThat(approved(allows, "+447700900123", "1001", "WAKEFLD", NOW)).isTrue(); // a-1001, the only ALLOW
        assertThat(approved(allows, "+447700900123", "1002", "WAKEFLD", NOW)).isFalse();
        assertThat(index.find(key("+447700900123"))).extracting(Entry::id)
                .containsExactlyInAnyOrder("w-old", "w-new", "e-hull", "e-leeds", "p-1001", "a-1001");
    }

    @Test
    void find_windowEdges_fromInclusiveUntilExclusive() {
        Instant from = T0;
        Instant until = T0.plusMillis(10);
        EntryIndex index = index("local", entry("w", Action.BLOCK, MatchType.PREFIX, "+4477009001", Scope.ESTABLISHMENT,
                "HULL", null, from, until));
        assertThat(block(index, "+447700900123", "1", "HULL", from.toEpochMilli() - 1)).isNull();
        assertThat(block(index, "+447700900123", "1", "HULL", from.toEpochMilli())).isEqualTo("w");
        assertThat(block(index, "+447700900123", "1", "HULL", until.toEpochMilli() - 1)).isEqualTo("w");
        assertThat(block(index, "+447700900123", "1", "HULL", until.toEpochMilli())).isNull();
    }

    @Test
    void find_extremeWindowInstants_handled() {
        EntryIndex index = index("local",
                entry("far", Action.BLOCK, MatchType.EXACT, "+447700900123", Scope.NATIONAL, null, null, Instant.MIN, Instant.MAX));
        assertThat(block(index, "+447700900123", "1", "HULL", NOW)).isEqualTo("far");
    }

    @Test
    void findByNumber_everyScopeActionAndValidity_returned() {
        EntryIndex index = index("local",
                blockNational("n", "+441134960001"),
                blockEstablishment("e", "0113 496 0001", "HULL"),
                blockPin("p", "+441134960001", "1001", "HULL"),
                allowPin("a", "+441134960001", "1002", null),
                blockPrefix("r", "+4411349600"),
                entry("x", Action.BLOCK, MatchType.EXACT, "+441134960001", Scope.NATIONAL, null, null, null, T0.minusSeconds(1)),
                blockNational("other", "+441134960002"));
        assertThat(index.find(key("+441134960001"))).extracting(Entry::id)
                .containsExactlyInAnyOrder("n", "e", "p", "a", "r", "x");
        assertThat(index.find(key("+441134960002"))).extracting(Entry::id).containsExactlyInAnyOrder("other", "r");
        assertThat(index.find(CanonicalNumber.INVALID)).isEmpty();
    }

    @Test
    void find_allowNotReturnedForBlockAndViceVersa() {
        EntryIndex index = index("local", allowPin("a", "+447700900123", "1001", null));
        assertThat(block(index, "+447700900123", "1001", "HULL", NOW)).isNull();
    }

    @Test
    void find_manyEntries_eachFoundAndNeighboursNot() {
        EntryIndex.Builder b = EntryIndex.builder("national", TestEntries.VALIDATOR);
        for (int i = 0; i < 1000; i += 2) {
            b.add(blockNational("n" + i, String.format("+441632960%03d", i)));
        }
        EntryIndex index = b.build();
        for (int i = 0; i < 1000; i++) {
            String ref = block(index, String.format("+441632960%03d", i), "1", "HULL", NOW);
            assertThat(ref).isEqualTo(i % 2 == 0 ? "n" + i : null);
        }
    }

    @Test
    void decide_afterWarmUp_allocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        EntryIndex index = index("local",
                blockNational("n", "+447700900001"),
                blockEstablishment("e", "+447700900002", "HULL"),
                blockPin("p", "+447700900003", "1001", "HULL"),
                allowPin("a", "+447700900004", "1001", null),
                entry("w", Action.BLOCK, MatchType.EXACT, "+447700900005", Scope.NATIONAL, null, null, T0, null),
                blockPrefix("r", "+4411349600"));
        long[] keys = {key("+447700900001"), key("+447700900002"), key("+447700900003"), key("+447700900004"),
            key("+447700900005"), key("+441134960042"), key("+442079460000")};
        String pin = new String("1001".toCharArray());
        String est = new String("HULL".toCharArray());
        // both policies: the BLOCK tables of every scope, then (allowlist) the ALLOW tables too
        Screener blocklist = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), TestEntries.NORMALISER,
                InstantSource.fixed(T0));
        Screener allowlist = new Screener(new ScreeningPolicy(Mode.ALLOWLIST, true), TestEntries.NORMALISER,
                InstantSource.fixed(T0));
        blocklist.publish(Snapshot.of(1, List.of(index)));
        allowlist.publish(Snapshot.of(1, List.of(index)));
        Verdict v = new Verdict();
        int found = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                int k = i % keys.length;
                blocklist.decide(pin, est, keys[k], v);
                if (v.reason() == Reason.BLOCKED) {
                    found++;
                }
                allowlist.decide(pin, est, keys[k], v);
                if (v.reason() == Reason.APPROVED) {
                    found++;
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                // 400,000 lookups: one object each would be >= 6.4 MB; a JIT or class-loading
                // event on this thread can add a few hundred bytes once, so: under a byte per call
                assertThat(allocated).isLessThan(400_000L);
            }
        }
        assertThat(found).isPositive();
    }

    @Test
    void digitsForPrefix_everyLengthAndItsEdges_isTheDecimalLength() {
        for (int n = 1; n <= CanonicalNumber.MAX_E164_DIGITS; n++) {
            long lowest = CanonicalNumber.pow10(n - 1);
            long highest = CanonicalNumber.pow10(n) - 1;
            assertThat(EntryIndex.digitsForPrefix(lowest)).as("10^%d", n - 1).isEqualTo(n);
            assertThat(EntryIndex.digitsForPrefix(highest)).as("10^%d - 1", n).isEqualTo(n);
            assertThat(EntryIndex.digitsForPrefix(lowest + highest / 2)).isEqualTo(CanonicalNumber.e164DigitCount(lowest + highest / 2));
        }
    }
}
