package screening.core;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.core.TestEntries.allowPin;
import static screening.core.TestEntries.blockNational;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ordered table's edges that whole-index tests cannot reach: the one hash equal to the free
 * slot's mark, a cluster that runs past the home slots, and a miss walk that stops early.
 */
class EntryTableTest {

    /** The one 64-bit value fmix64 maps to all ones (murmur3's finaliser inverted), whose stored form is EMPTY. */
    private static final long HASHES_TO_EMPTY = 0x89a5850e63c5f8aaL;

    private static EntryTable table(Scope scope, long[] keys, Entry[] entries) {
        int[] ords = new int[keys.length];
        for (int i = 0; i < ords.length; i++) {
            ords[i] = i;
        }
        return EntryTableBuilder.build(scope, ords, 0, ords.length, keys, null, null, EntryColumns.of(entries).owners);
    }

    @Test
    void theValueThatHashesToEmpty_isWhatTheTestsAssume() {
        assertThat(EntryTable.stored(HASHES_TO_EMPTY, 0)).isEqualTo(EntryTable.EMPTY);
    }

    @Test
    void aQueryWhoseHashIsTheFreeMark_missesInsteadOfReadingAFreeSlot() {
        long[] keys = {TestEntries.key("+447700900001"), TestEntries.key("+447700900002")};
        Entry[] entries = {blockNational("a", "+447700900001"), blockNational("b", "+447700900002")};
        EntryTable t = table(Scope.NATIONAL, keys, entries);

        assertThat(t.find(HASHES_TO_EMPTY, null, 0, "HULL", 0L, EntryColumns.of(entries))).isEqualTo(-1);
        assertThat(t.find(keys[1], null, 0, "HULL", 0L, EntryColumns.of(entries))).isEqualTo(1);
    }

    @Test
    void anItemWhoseHashIsTheFreeMark_isFoundAndEndsNoWalk() {
        // a PIN entry whose (key, PIN) mixes to the free mark: it sorts last, beside the free slots
        String pin = "1000"; // the first PIN from 1000 up for which that key is positive
        long key = HASHES_TO_EMPTY ^ (pin.hashCode() * 0x9E3779B97F4A7C15L);
        assertThat(key).as("a positive key for this PIN").isPositive();
        assertThat(EntryTable.stored(key, pin.hashCode())).isEqualTo(EntryTable.EMPTY);
        long other = TestEntries.key("+447700900004");
        long[] keys = {key, other};
        Entry[] entries = {allowPin("x", "+447700900003", pin, null), allowPin("y", "+447700900004", pin, null)};
        EntryTable t = table(Scope.PIN, keys, entries);

        assertThat(t.find(key, pin, pin.hashCode(), "HULL", 0L, EntryColumns.of(entries))).isEqualTo(0);
        assertThat(t.find(other, pin, pin.hashCode(), "HULL", 0L, EntryColumns.of(entries))).isEqualTo(1);
        assertThat(t.find(key, "1001", "1001".hashCode(), "HULL", 0L, EntryColumns.of(entries))).isEqualTo(-1);
        List<Entry> found = new ArrayList<>();
        t.collect(key, found, EntryColumns.of(entries));
        assertThat(found).extracting(Entry::id).containsExactly("x");
    }

    @Test
    void everyKeyIsFoundAndEveryOtherMisses_atEverySizeUpToAFewThousand() {
        // small tables put clusters across the last home slot into the tail; random keys give every shape
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 1; n <= 3000; n = n < 40 ? n + 1 : n * 3 / 2) {
            long[] keys = new long[n];
            Entry[] entries = new Entry[n];
            Set<Long> held = new HashSet<>(); // a plain set, so that the test does not trust the table it checks
            for (int i = 0; i < n; i++) {
                long k;
                do {
                    k = 447_700_900_000L + random.nextLong(1_000_000_000L);
                } while (!held.add(k));
                keys[i] = k;
                entries[i] = blockNational("e" + i, "+447700900000"); // find never reads a NATIONAL single entry
            }
            EntryTable t = table(Scope.NATIONAL, keys, entries);
            EntryColumns cols = EntryColumns.of(entries);
            for (int i = 0; i < n; i++) {
                assertThat(t.find(keys[i], null, 0, null, 0L, cols)).as("n=%d, key %d", n, i).isEqualTo(i);
            }
            for (int probe = 0; probe < 2000; probe++) {
                long k = 447_700_900_000L + random.nextLong(1_000_000_000L);
                int expected = held.contains(k) ? indexOf(keys, k) : -1;
                assertThat(t.find(k, null, 0, null, 0L, cols)).as("n=%d, probe %d", n, probe).isEqualTo(expected);
            }
            assertThat(t.minKey()).isEqualTo(java.util.Arrays.stream(keys).min().getAsLong());
            assertThat(t.maxKey()).isEqualTo(java.util.Arrays.stream(keys).max().getAsLong());
        }
    }

    private static int indexOf(long[] keys, long k) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == k) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void ownersWhoseHashesCollide_shareOneStoredHash_andEachFindsOnlyItsOwn() {
        // "AaAa", "AaBB" and "BBAa" have one String.hashCode, so one number for each of them is one
        // stored hash three times over; "BBBB" has it too and holds nothing. 500 other PINs share the number.
        long number = TestEntries.key("+447700900123");
        List<String> pins = new ArrayList<>(List.of("AaAa", "AaBB", "BBAa"));
        for (int i = 0; i < 500; i++) {
            pins.add(Integer.toString(10_000 + i));
        }
        long[] keys = new long[pins.size()];
        Entry[] entries = new Entry[pins.size()];
        for (int i = 0; i < pins.size(); i++) {
            keys[i] = number;
            entries[i] = allowPin("a" + i, "+447700900123", pins.get(i), null);
        }
        assertThat(EntryTable.stored(number, "AaAa".hashCode())).isEqualTo(EntryTable.stored(number, "BBBB".hashCode()));
        EntryTable t = table(Scope.PIN, keys, entries);

        for (int i = 0; i < pins.size(); i++) {
            String pin = pins.get(i);
            assertThat(t.find(number, pin, pin.hashCode(), "HULL", 0L, EntryColumns.of(entries))).as(pin).isEqualTo(i);
        }
        assertThat(t.find(number, "BBBB", "BBBB".hashCode(), "HULL", 0L, EntryColumns.of(entries))).isEqualTo(-1);
        assertThat(t.find(number + 1, "AaAa", "AaAa".hashCode(), "HULL", 0L, EntryColumns.of(entries))).isEqualTo(-1);
        List<Entry> found = new ArrayList<>();
        t.collect(number, found, EntryColumns.of(entries));
        assertThat(found).hasSize(pins.size());
    }

    @Test
    void prefixTables_matchExactlyTheKeysWhoseDigitsStartWithAPrefix_atEveryLengthAndEdge() {
        // MatchTables skips a key outside its bit-length hull before any digit count: checked
        // here against the definition, at every key length, on each side of every prefix's edges
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int count = 1 + random.nextInt(6);
            long[] prefixes = new long[count];
            for (int i = 0; i < count; i++) {
                int length = 1 + random.nextInt(12);
                prefixes[i] = CanonicalNumber.pow10(length - 1) + random.nextLong(9 * CanonicalNumber.pow10(length - 1));
            }
            MatchTables tables = prefixTables(prefixes);
            List<Long> keys = new ArrayList<>();
            for (long p : prefixes) {
                int length = Long.toString(p).length();
                for (int digits = length; digits <= 18; digits++) {
                    long scale = CanonicalNumber.pow10(digits - length);
                    for (long edge : new long[] {p * scale, (p + 1) * scale}) {
                        keys.add(edge - 1);
                        keys.add(edge);
                        keys.add(edge + 1);
                    }
                }
            }
            for (int i = 0; i < 300; i++) {
                keys.add(CanonicalNumber.pow10(random.nextInt(18)) + random.nextLong(1_000_000_000_000L));
            }
            for (long key : keys) {
                String digits = Long.toString(key);
                boolean expected = false;
                for (long p : prefixes) {
                    expected |= digits.startsWith(Long.toString(p));
                }
                assertThat(tables.find(key, null, 0, null, 0L, ENTRIES) >= 0)
                        .as("key %d, prefixes %s", key, java.util.Arrays.toString(prefixes)).isEqualTo(expected);
            }
        }
    }

    /** find never reads a NATIONAL single entry's columns: empty ones do. */
    private static final EntryColumns ENTRIES = new EntryColumns(new String[6], new String[6], null, ordinal -> null);

    /** NATIONAL prefix tables of {@code prefixes} (one table per length, as EntryIndex builds them), no EXACT entry. */
    private static MatchTables prefixTables(long[] prefixes) {
        java.util.TreeMap<Integer, List<Integer>> byLength = new java.util.TreeMap<>();
        for (int i = 0; i < prefixes.length; i++) {
            byLength.computeIfAbsent(Long.toString(prefixes[i]).length(), l -> new ArrayList<>()).add(i);
        }
        int[] lengths = new int[byLength.size()];
        EntryTable[] tables = new EntryTable[byLength.size()];
        int t = 0;
        for (var e : byLength.entrySet()) {
            int[] ords = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            lengths[t] = e.getKey();
            tables[t++] = EntryTableBuilder.build(Scope.NATIONAL, ords, 0, ords.length, prefixes, null, null, ENTRIES.owners);
        }
        return new MatchTables(EntryTable.NONE, lengths, tables);
    }
}
