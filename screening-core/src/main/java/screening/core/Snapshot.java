package screening.core;

import java.util.List;
import java.util.Objects;

/**
 * What answers queries: a version and the entry index of every source (the local entries and
 * each register source). Immutable, so any thread may read it without a lock; published whole by
 * one writer through {@link Screener#publish} and read with one volatile read per call. A BLOCK
 * in any of its sources wins over an ALLOW in any other.
 */
public final class Snapshot {

    private final long version;
    private final EntryIndex[] indexes;
    private final List<EntryIndex> indexList;

    private Snapshot(long version, List<EntryIndex> indexes) {
        this.version = version;
        this.indexList = List.copyOf(indexes);
        this.indexes = indexList.toArray(new EntryIndex[0]);
    }

    /**
     * @param version the version every decision from this snapshot reports
     * @param indexes one index per source; names must be unique
     * @throws IllegalArgumentException if two indexes share a source name
     * @throws NullPointerException if {@code indexes} or one of them is null
     */
    public static Snapshot of(long version, List<EntryIndex> indexes) {
        Objects.requireNonNull(indexes, "indexes");
        for (EntryIndex i : indexes) {
            Objects.requireNonNull(i, "indexes must not hold null");
        }
        for (int i = 0; i < indexes.size(); i++) {
            for (int j = i + 1; j < indexes.size(); j++) {
                if (indexes.get(i).source().equals(indexes.get(j).source())) {
                    throw new IllegalArgumentException("source " + indexes.get(i).source() + " appears twice");
                }
            }
        }
        return new Snapshot(version, indexes);
    }

    /** The version reported with every decision taken from this snapshot. */
    public long version() {
        return version;
    }

    /** How many entries, over every source. */
    public long size() {
        long n = 0;
        for (EntryIndex i : indexes) {
            n += i.size();
        }
        return n;
    }

    /** The per-source indexes, in the order given. */
    public List<EntryIndex> indexes() {
        return indexList;
    }

    /** The index of {@code source}, or null. */
    public EntryIndex index(String source) {
        for (EntryIndex i : indexes) {
            if (i.source().equals(source)) {
                return i;
            }
        }
        return null;
    }

    EntryIndex[] indexArray() {
        return indexes;
    }
}
