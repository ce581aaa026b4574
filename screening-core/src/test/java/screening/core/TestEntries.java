package screening.core;

import java.time.Instant;
import java.time.InstantSource;

/** Test data: entries on Ofcom's drama ranges only (07700 900000-900999, 0113 496 0xxx, ...). */
final class TestEntries {

    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    static final DialledNumberNormaliser NORMALISER = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
    static final EntryValidator VALIDATOR = new EntryValidator(NORMALISER);

    private TestEntries() {
    }

    static Entry entry(String id, Action action, MatchType match, String number, Scope scope,
            String establishment, String pin, Instant from, Instant until) {
        return new Entry(id, action, match, number, scope, establishment, pin, from, until,
                "VICTIM_REQUEST", "SPC-TEST", null, null, null, null);
    }

    static Entry blockNational(String id, String number) {
        return entry(id, Action.BLOCK, MatchType.EXACT, number, Scope.NATIONAL, null, null, null, null);
    }

    static Entry blockEstablishment(String id, String number, String establishment) {
        return entry(id, Action.BLOCK, MatchType.EXACT, number, Scope.ESTABLISHMENT, establishment, null, null, null);
    }

    static Entry blockPin(String id, String number, String pin, String establishment) {
        return entry(id, Action.BLOCK, MatchType.EXACT, number, Scope.PIN, establishment, pin, null, null);
    }

    static Entry allowPin(String id, String number, String pin, String establishment) {
        return entry(id, Action.ALLOW, MatchType.EXACT, number, Scope.PIN, establishment, pin, null, null);
    }

    static Entry blockPrefix(String id, String prefix) {
        return entry(id, Action.BLOCK, MatchType.PREFIX, prefix, Scope.NATIONAL, null, null, null, null);
    }

    static EntryIndex index(String source, Entry... entries) {
        EntryIndex.Builder b = EntryIndex.builder(source, VALIDATOR);
        for (Entry e : entries) {
            b.add(e);
        }
        return b.build();
    }

    static long key(String number) {
        long k = NORMALISER.normalise(number);
        if (k == CanonicalNumber.INVALID) {
            throw new IllegalArgumentException("test number does not normalise");
        }
        return k;
    }

    /** A clock the test sets; no sleeps. */
    static final class SettableClock implements InstantSource {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
