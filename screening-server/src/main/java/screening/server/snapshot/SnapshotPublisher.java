package screening.server.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import screening.core.EntryIndex;
import screening.core.Screener;
import screening.core.Snapshot;

/**
 * The single writer of snapshots. Each source (the local journal, every register source) hands
 * in its whole, already-validated {@link EntryIndex}; one thread combines the latest index of
 * every source into a new {@link Snapshot} and publishes it to the {@link Screener} in one
 * volatile write, so queries never pause or see a half state.
 *
 * <p>The snapshot's version is the sum of its parts' versions (the local journal's sequence and
 * every register source's version). Each part only grows, so the sum only grows, and a restart
 * that loads the same parts reports the same version.
 *
 * <p>Nothing is published until every expected source has handed in an index (SPEC section 7:
 * ready means every configured source has a good copy); until then queries get UNAVAILABLE.
 *
 * <p>A change that must be decided against the other sources (a push refused when another source
 * holds its id) is made by {@link #update(String, Change)} on the writer thread itself, so no
 * other source's index can be swapped in between its check and its publish.
 *
 * <p>Thread-safe: {@link #update} may be called from any thread; the work runs on the writer
 * thread, never on an event loop.
 */
public final class SnapshotPublisher implements AutoCloseable {

    private final Screener screener;
    private final Set<String> expectedSources;
    private final ExecutorService writer;
    private final Map<String, Part> parts = new LinkedHashMap<>(); // writer thread only
    private final List<Consumer<Snapshot>> listeners = new ArrayList<>();

    /** One source's index and version (journal sequence or register version). */
    public record Part(EntryIndex index, long version) {
    }

    /** A change to one source decided on the writer thread; see {@link #update(String, Change)}. */
    @FunctionalInterface
    public interface Change {
        /**
         * Called on the writer thread, with no other update running. May block (a journal
         * fsync); must not wait for another update of this publisher, which could never run.
         *
         * @param others the latest index of every other source handed in so far, published or not
         * @return the source's new part
         * @throws RuntimeException to publish nothing; the update's future fails with it
         */
        Part apply(List<EntryIndex> others);
    }

    /**
     * @param screener where snapshots are published
     * @param expectedSources every source that must hand in an index before the first publish
     *     ({@code local} and each configured register source)
     */
    public SnapshotPublisher(Screener screener, Collection<String> expectedSources) {
        this.screener = screener;
        this.expectedSources = Set.copyOf(expectedSources);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshot-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Calls {@code listener} on the writer thread after each publish (metrics). Before start only. */
    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Replaces the index of {@code index.source()} and publishes the combined snapshot once every
     * expected source is present.
     *
     * @param version this part's version (journal sequence or register version)
     * @return completes with the published snapshot (null while still waiting for other
     *     sources), after it is live for queries
     */
    public CompletableFuture<Snapshot> update(EntryIndex index, long version) {
        Part part = new Part(index, version);
        return update(index.source(), others -> part);
    }

    /**
     * Replaces the part of {@code source} with what {@code change} makes of the other sources'
     * latest indexes, and publishes as {@link #update(EntryIndex, long)} does. The check and the
     * publish are one step on the writer thread: no other update runs between them.
     *
     * @return completes as {@link #update(EntryIndex, long)}, or exceptionally with what
     *     {@code change} threw (then nothing changed)
     */
    public CompletableFuture<Snapshot> update(String source, Change change) {
        return CompletableFuture.supplyAsync(() -> {
            List<EntryIndex> others = new ArrayList<>(parts.size());
            for (Map.Entry<String, Part> e : parts.entrySet()) {
                if (!e.getKey().equals(source)) {
                    others.add(e.getValue().index());
                }
            }
            Part made = change.apply(others);
            if (!made.index().source().equals(source)) {
                throw new IllegalArgumentException("a change to " + source + " made an index of " + made.index().source());
            }
            parts.put(source, made);
            if (!parts.keySet().containsAll(expectedSources)) {
                return null;
            }
            long total = 0;
            List<EntryIndex> indexes = new ArrayList<>(parts.size());
            for (Part p : parts.values()) {
                total += p.version();
                indexes.add(p.index());
            }
            Snapshot s = Snapshot.of(total, indexes);
            screener.publish(s);
            for (Consumer<Snapshot> l : listeners) {
                l.accept(s);
            }
            return s;
        }, writer);
    }

    /** The screener snapshots go to. */
    public Screener screener() {
        return screener;
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
