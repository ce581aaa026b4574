package screening.core;

/**
 * Makes the entry at an ordinal of an {@link EntryIndex} when someone asks for it (the admin API,
 * the feed, a test). An index built from a register file keeps its entries as columns and the
 * file's bytes, not as {@link Entry} objects; this reads one back.
 *
 * <p>Called from any thread, concurrently (admin workers, the snapshot writer): implementations
 * must be thread-safe. May allocate; must not block on I/O; never called on the per-call path.
 */
@FunctionalInterface
public interface EntryReader {

    /**
     * The entry at {@code ordinal}: equal to the one that was validated when the index was built.
     *
     * @throws IndexOutOfBoundsException if {@code ordinal} is not an ordinal of the index
     */
    Entry entry(int ordinal);
}
