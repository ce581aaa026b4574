package screening.server.journal;

import java.io.IOException;
import java.nio.file.Path;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;

/**
 * The local entries pushed by security staff, kept in an append-only, checksummed journal in
 * {@code dataDir} (SPEC section 7).
 *
 * <p>PLACEHOLDER (issue 4): empty and in memory. The real one replays the journal at open, drops
 * a torn tail, and fsyncs every change before it is acknowledged.
 */
public final class LocalJournal implements AutoCloseable {

    private final EntryIndex index;

    private LocalJournal(EntryIndex index) {
        this.index = index;
    }

    /** Opens (or creates) the journal in {@code dataDir} and replays it. */
    public static LocalJournal open(Path dataDir, EntryValidator validator) throws IOException {
        return new LocalJournal(EntryIndex.empty(Entry.LOCAL_SOURCE));
    }

    /** The local entries now, as an index of source {@code local}. */
    public EntryIndex index() {
        return index;
    }

    /** The journal's sequence: how many changes it holds; the local part of the snapshot version. */
    public long seq() {
        return 0;
    }

    @Override
    public void close() {
    }
}
