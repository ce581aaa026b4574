package screening.server.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import screening.server.metrics.ScreeningMetrics;

/**
 * The tamper-evident audit log (SPEC section 8).
 *
 * <p>PLACEHOLDER (issue 4): in memory only. The real one appends hash-chained JSON lines in
 * {@code dataDir}, fsyncs, keeps the head file, and takes contact attempts through a bounded
 * queue to a single writer thread.
 */
public final class AuditLog implements AutoCloseable {

    private final List<Map<String, Object>> events = new ArrayList<>();

    private AuditLog() {
    }

    /** Opens (or creates) the log in {@code dataDir}, checking its tail. */
    public static AuditLog open(Path dataDir, ScreeningMetrics metrics) throws IOException {
        return new AuditLog();
    }

    /**
     * Appends one event durably (returns after fsync). May block: never call on an event loop.
     *
     * @param type ENTRY_ADDED, ENTRY_REMOVED, SOURCE_LOADED, SOURCE_REFUSED or AUTH_FAILED
     * @param actor the token name, or {@code system}
     * @param details the type's fields (SPEC section 8); never a full number outside {@code entry}
     * @return the event's seq
     */
    public synchronized long append(String type, String actor, Map<String, Object> details) throws IOException {
        events.add(Map.of("type", type, "actor", actor));
        return events.size();
    }

    /**
     * Hands a CONTACT_ATTEMPT to the writer thread without waiting. Safe on an event loop.
     *
     * @return false if the queue was full and the event was dropped (counted and logged)
     */
    public boolean offerContactAttempt(String pin, String establishment, String ref) {
        return true;
    }

    @Override
    public void close() {
    }
}
