package screening.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The naive reference the primitive index is checked against: SPEC section 3 read literally, a
 * scan of a List with string comparisons, sharing no code with the index but the normaliser.
 * Also generates random entries from a small universe of drama-range numbers, so that keys,
 * owners and windows collide often.
 */
final class ReferenceScreening {

    static final Instant T0 = TestEntries.T0;

    static final String[] NUMBERS = {
        "+447700900100", "+447700900101", "+447700900102", "+447700900105", "+447700900110",
        "+447700900111", "+441134960000", "+441134960001", "+442079460999", "+12025550100",
    };
    static final String[] PREFIXES = {
        "+4477", "+447700", "+4477009001", "+44770090010", "+44770090011", "+447700900105",
        "+4411349600", "+4477009001234", "+1202555", "+4420794",
    };
    static final String[] ESTABLISHMENTS = {"HULL", "LEEDS"};
    static final String[] PINS = {"1001", "1002", "1003"};
    static final long[] FROM_OFFSETS_MS = {-10, 0, 10};
    static final long[] UNTIL_OFFSETS_MS = {0, 10, 20};

    static final String[] QUERY_PINS = {"1001", "1002", "1003", "9999"};
    static final String[] QUERY_ESTABLISHMENTS = {"HULL", "LEEDS", "WAKEFLD"};
    static final long[] QUERY_OFFSETS_MS = {-11, -10, -1, 0, 1, 9, 10, 11, 19, 20, 21};

    private ReferenceScreening() {
    }

    /** Decodes one random int into an entry: every field chosen from the small universe. */
    static Entry decode(int seed, int index) {
        int r = seed;
        Action action = (r & 1) == 0 ? Action.BLOCK : Action.ALLOW;
        r >>>= 1;
        MatchType match = (r % 3) == 0 ? MatchType.PREFIX : MatchType.EXACT;
        r /= 3;
        String number;
        if (match == MatchType.PREFIX) {
            number = PREFIXES[r % PREFIXES.length];
        } else {
            String n = NUMBERS[r % NUMBERS.length];
            // a GB number sometimes in national form: the index must see the same key
            number = ((r / NUMBERS.length) % 2 == 0 && n.startsWith("+44")) ? "0" + n.substring(3) : n;
        }
        r /= PREFIXES.length * 2;
        Scope scope = Scope.values()[r % 3];
        r /= 3;
        String est = null;
        String pin = null;
        if (scope == Scope.ESTABLISHMENT) {
            est = ESTABLISHMENTS[r % 2];
        } else if (scope == Scope.PIN) {
            pin = PINS[r % 3];
            int e = (r / 3) % 3;
            est = e == 2 ? null : ESTABLISHMENTS[e];
        }
        r /= 9;
        int w = r % 16;
        r /= 16;
        Instant from = (w & 3) == 3 ? null : T0.plusMillis(FROM_OFFSETS_MS[w & 3]);
        Instant until = ((w >> 2) & 3) == 3 ? null : T0.plusMillis(UNTIL_OFFSETS_MS[(w >> 2) & 3]);
        if (from != null && until != null && !from.isBefore(until)) {
            until = null;
        }
        return TestEntries.entry("e" + index, action, match, number, scope, est, pin, from, until);
    }

    static List<Entry> decodeAll(List<Integer> seeds) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            out.add(decode(seeds.get(i), i));
        }
        return out;
    }

    static boolean numberMatches(Entry e, long key) {
        if (e.match() == MatchType.EXACT) {
            return TestEntries.NORMALISER.normalise(e.number()) == key;
        }
        return CanonicalNumber.isE164(key) && CanonicalNumber.toString(key).startsWith(e.number());
    }

    static boolean validAt(Entry e, long nowMs) {
        return (e.validFrom() == null || e.validFrom().toEpochMilli() <= nowMs)
                && (e.validUntil() == null || nowMs < e.validUntil().toEpochMilli());
    }

    static boolean scopeCovers(Entry e, String pin, String establishment) {
        return switch (e.scope()) {
            case NATIONAL -> true;
            case ESTABLISHMENT -> e.establishment().equals(establishment);
            case PIN -> e.pin().equals(pin) && (e.establishment() == null || e.establishment().equals(establishment));
        };
    }

    static boolean applies(Entry e, long key, String pin, String establishment, long nowMs) {
        return validAt(e, nowMs) && scopeCovers(e, pin, establishment) && numberMatches(e, key);
    }

    /** The ids of every entry with {@code action} that applies to the call. */
    static List<String> applicableIds(List<Entry> entries, Action action, long key, String pin, String establishment, long nowMs) {
        List<String> ids = new ArrayList<>();
        for (Entry e : entries) {
            if (e.action() == action && applies(e, key, pin, establishment, nowMs)) {
                ids.add(e.id());
            }
        }
        return ids;
    }
}
