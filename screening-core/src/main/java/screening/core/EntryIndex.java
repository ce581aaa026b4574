package screening.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of one source ({@code local}, or a register source such as {@code national}),
 * validated and indexed for lookup. Immutable once built; safe to read from any thread.
 *
 * <p>PLACEHOLDER (issue 2): boxed maps and linear prefix scans. The real implementation replaces
 * the internals with primitive open-addressing structures, keeping the public signatures.
 */
public final class EntryIndex {

    private final String source;
    private final List<Entry> entries;
    private final Map<String, Entry> byId;
    private final Map<Long, List<Entry>> exact;
    private final List<Entry> prefixes;

    private EntryIndex(String source, List<Entry> entries, Map<Long, List<Entry>> exact, List<Entry> prefixes) {
        this.source = source;
        this.entries = Collections.unmodifiableList(entries);
        this.byId = new HashMap<>();
        for (Entry e : entries) {
            byId.put(e.id(), e);
        }
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /** A builder for the entries of {@code source}, validated by {@code validator}. */
    public static Builder builder(String source, EntryValidator validator) {
        return new Builder(source, validator);
    }

    /** An index with no entries. */
    public static EntryIndex empty(String source) {
        return new EntryIndex(source, new ArrayList<>(), new HashMap<>(), new ArrayList<>());
    }

    /** The source these entries come from. */
    public String source() {
        return source;
    }

    /** How many entries. */
    public int size() {
        return entries.size();
    }

    /** How many entries have {@code action}. */
    public int count(Action action) {
        int n = 0;
        for (Entry e : entries) {
            if (e.action() == action) {
                n++;
            }
        }
        return n;
    }

    /** Every entry, in the order they were added. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry with {@code id}, or null. */
    public Entry get(String id) {
        return byId.get(id);
    }

    /**
     * Every entry whose number matches the canonical {@code key} (EXACT equal, or PREFIX covering
     * it), whatever its scope, action or validity. For the admin API; allocates.
     */
    public List<Entry> find(long key) {
        List<Entry> out = new ArrayList<>(exact.getOrDefault(key, List.of()));
        for (Entry e : prefixes) {
            if (prefixMatches(e, key)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean prefixMatches(Entry e, long key) {
        if (!CanonicalNumber.isE164(key)) {
            return false;
        }
        int n = CanonicalNumber.e164DigitCount(key);
        int p = EntryValidator.prefixDigitCount(e);
        if (p > n) {
            return false;
        }
        return key / CanonicalNumber.pow10(n - p) == CanonicalNumber.e164(e.number().substring(1));
    }

    /**
     * The id of an applicable entry with {@code action} for a call to {@code key} from {@code pin}
     * at {@code establishment} at {@code nowMillis}, or null. Allocation-free in the real index.
     */
    String find(Action action, long key, String pin, String establishment, long nowMillis) {
        List<Entry> list = exact.get(key);
        if (list != null) {
            for (Entry e : list) {
                if (e.action() == action && applies(e, pin, establishment, nowMillis)) {
                    return e.id();
                }
            }
        }
        for (Entry e : prefixes) {
            if (e.action() == action && prefixMatches(e, key) && applies(e, pin, establishment, nowMillis)) {
                return e.id();
            }
        }
        return null;
    }

    static boolean applies(Entry e, String pin, String establishment, long nowMillis) {
        if (e.validFrom() != null && nowMillis < e.validFrom().toEpochMilli()) {
            return false;
        }
        if (e.validUntil() != null && nowMillis >= e.validUntil().toEpochMilli()) {
            return false;
        }
        return switch (e.scope()) {
            case NATIONAL -> true;
            case ESTABLISHMENT -> e.establishment().equals(establishment);
            case PIN -> e.pin().equals(pin) && (e.establishment() == null || e.establishment().equals(establishment));
        };
    }

    /**
     * Collects entries, validating each as it comes, and builds the index once. Not thread-safe;
     * use from one thread.
     */
    public static final class Builder {
        private final String source;
        private final EntryValidator validator;
        private final List<Entry> entries = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();
        private final Map<Long, List<Entry>> exact = new HashMap<>();
        private final List<Entry> prefixes = new ArrayList<>();

        Builder(String source, EntryValidator validator) {
            this.source = source;
            this.validator = validator;
        }

        /**
         * Validates and adds {@code e}; its position is the number of entries added before it.
         *
         * @throws InvalidEntryException naming the field, for an invalid entry or a duplicate id
         */
        public Builder add(Entry e) {
            int position = entries.size();
            long key = validator.validate(e, position);
            if (!ids.add(e.id())) {
                throw new InvalidEntryException("id", position, "duplicates an earlier entry's id");
            }
            entries.add(e);
            if (e.match() == MatchType.EXACT) {
                exact.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            } else {
                prefixes.add(e);
            }
            return this;
        }

        /** Builds the immutable index. The builder must not be used afterwards. */
        public EntryIndex build() {
            return new EntryIndex(source, entries, exact, prefixes);
        }
    }
}
