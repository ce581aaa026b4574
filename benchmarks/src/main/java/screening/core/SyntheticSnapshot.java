package screening.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic entries and snapshots for the benchmarks. Called from benchmark set-up only, on one
 * thread; allocates freely.
 *
 * <p>The numbers are synthetic and never logged. Bulk numbers ({@link #syntheticKeys}) are UK
 * numbers starting {@code 04} ({@code +44 4xxx xxxxxx}): Ofcom has never allocated the 04 range,
 * so none of them is anyone's line; libphonenumber 9.0.19 holds them possible (the length of a
 * UK number) but not valid, like the drama ranges. Everything a benchmark dials by hand
 * comes from Ofcom's drama ranges (07700 900xxx, 0113 496 0xxx, 020 7946 0xxx, 01632 960xxx).
 */
public final class SyntheticSnapshot {

    /** {@code +44 4000 000000}: the first synthetic key. */
    public static final long SYNTHETIC_FIRST = 444_000_000_000L;

    /** How many synthetic keys exist ({@code +44 4000 000000} to {@code +44 4999 999999}). */
    public static final long SYNTHETIC_SPAN = 1_000_000_000L;

    /** PIN-scoped ALLOW entries in the local index of {@link #decisionSnapshot}. */
    public static final int PIN_ALLOWS = 1024;

    /** The PREFIX BLOCK of {@link #decisionSnapshot}: the drama block 07700 9009xx. */
    public static final String BLOCKED_PREFIX = "+4477009009";

    /** The establishment every benchmark call comes from. */
    public static final String ESTABLISHMENT = "HULL";

    /** A PIN with no entries of its own. */
    public static final String PLAIN_PIN = "200000";

    private SyntheticSnapshot() {
    }

    /** {@code count} distinct random synthetic keys (see the class comment), reproducible by {@code seed}. */
    public static long[] syntheticKeys(int count, long seed) {
        BaselineLongHashSet seen = new BaselineLongHashSet(count);
        SplittableRandom random = new SplittableRandom(seed);
        long[] keys = new long[count];
        int n = 0;
        while (n < count) {
            long key = SYNTHETIC_FIRST + random.nextLong(SYNTHETIC_SPAN);
            if (seen.add(key)) {
                keys[n++] = key;
            }
        }
        return keys;
    }

    /** The canonical string of an E.164 key, e.g. {@code +444123456789}. */
    public static String e164(long key) {
        return "+" + key;
    }

    /** The PIN of the {@code i}-th PIN-scoped ALLOW entry. */
    public static String allowPin(int i) {
        return String.valueOf(100_000 + i);
    }

    /** The number of the {@code i}-th PIN-scoped ALLOW entry (i below 2000): 01632 960xxx, then 0113 496 0xxx. */
    public static String allowNumber(int i) {
        return i < 1000 ? "+441632960" + pad(i, 3) : "+441134960" + pad(i - 1000, 3);
    }

    /** A number no entry of {@link #decisionSnapshot} covers: 020 7946 0xxx, i below 1000. */
    public static String missNumber(int i) {
        return "+44207946" + pad(i, 4);
    }

    /** A number the PREFIX BLOCK covers: 07700 9009xx, i below 100. */
    public static String prefixNumber(int i) {
        return BLOCKED_PREFIX + pad(i, 2);
    }

    /** A NATIONAL BLOCK EXACT entry for {@code key}. */
    public static Entry nationalBlock(int i, long key) {
        return new Entry("SYN-" + i, Action.BLOCK, MatchType.EXACT, e164(key), Scope.NATIONAL, null, null,
                null, null, "VICTIM_REQUEST", null, null, "national", "system", null);
    }

    /** NATIONAL BLOCK EXACT entries, one per key. */
    public static List<Entry> nationalBlocks(long[] keys) {
        List<Entry> entries = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            entries.add(nationalBlock(i, keys[i]));
        }
        return entries;
    }

    /** A validator with its own normaliser, so that building leaves no trace in a screener's cache. */
    public static EntryValidator freshValidator() {
        return new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
    }

    /**
     * The snapshot the decision benchmarks screen against: {@code size} EXACT entries in all, in
     * two sources like a running filter:
     * <ul>
     *   <li>{@code national}: {@code size - }{@link #PIN_ALLOWS} NATIONAL BLOCKs of the
     *       {@code blockKeys} plus one PREFIX BLOCK, {@link #BLOCKED_PREFIX};</li>
     *   <li>{@code local}: {@link #PIN_ALLOWS} PIN-scoped ALLOWs, {@link #allowPin}(i) may
     *       call {@link #allowNumber}(i).</li>
     * </ul>
     *
     * @param blockKeys the keys of the national blocks, {@code size - PIN_ALLOWS} of them
     */
    public static Snapshot decisionSnapshot(long[] blockKeys) {
        EntryValidator validator = freshValidator();
        EntryIndex.Builder national = EntryIndex.builder("national", validator);
        for (int i = 0; i < blockKeys.length; i++) {
            national.add(nationalBlock(i, blockKeys[i]));
        }
        national.add(new Entry("PFX-1", Action.BLOCK, MatchType.PREFIX, BLOCKED_PREFIX, Scope.NATIONAL, null, null,
                null, null, "PUBLIC_REQUEST", null, null, "national", "system", null));
        EntryIndex.Builder local = EntryIndex.builder(Entry.LOCAL_SOURCE, validator);
        for (int i = 0; i < PIN_ALLOWS; i++) {
            local.add(new Entry("ALW-" + i, Action.ALLOW, MatchType.EXACT, allowNumber(i), Scope.PIN, null,
                    allowPin(i), null, null, "APPROVED_CONTACT", null, null, Entry.LOCAL_SOURCE, "system",
                    Instant.EPOCH));
        }
        return Snapshot.of(1, List.of(national.build(), local.build()));
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return "0".repeat(width - s.length()) + s;
    }
}
