package screening.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import screening.core.Entry;
import screening.server.audit.AuditLog;
import screening.server.journal.LocalJournal;

/**
 * At start, before the admin port listens: appends the ENTRY_ADDED and ENTRY_REMOVED lines that
 * a crash left out, so that the audit log again accounts for every local entry (SPEC sections 8
 * and 15). Each such line has actor {@code system} and {@code "reconciled": true} in its details.
 *
 * <p>Static; blocks on the audit log's fsync: start-up only, on the starting thread.
 */
public final class JournalAuditReconciler {

    /*
     * How a missing line is found: by comparing states, not by counting. The audit log's
     * ENTRY_ADDED and ENTRY_REMOVED lines, replayed (AuditLog.entriesAtOpen), give the local
     * entries the log believes in; the journal gives the ones there are. An id in the journal
     * the log does not hold lost its ENTRY_ADDED line; an id the log holds that the journal does
     * not lost its ENTRY_REMOVED line (which carries the entry as its ENTRY_ADDED line gave it).
     *
     * Why this finds every gap: a change's journal record is fsynced first and its audit lines
     * second, and a change whose audit lines cannot be written is cut off the journal again
     * (LocalJournal.Confirmation). So only a crash in the window between the two fsyncs, or a
     * failed cut, leaves a journal change without its line, and the admin writer makes one change
     * at a time: the log is at most one change behind, and one change always shows as a
     * difference of states. The comparison needs no journal history, so it holds across
     * compaction, and on a log begun afresh (moved aside after damage), whose first lines then
     * account for the local entries it inherits.
     */

    private static final System.Logger LOG = System.getLogger(JournalAuditReconciler.class.getName());

    private JournalAuditReconciler() {
    }

    /** What {@link #reconcile} appended. */
    public record Result(List<String> added, List<String> removed) {
        /** Whether nothing was missing. */
        public boolean none() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * Appends, in one fsync, an ENTRY_REMOVED line for each entry the audit log holds and the
     * journal does not, then an ENTRY_ADDED line for each entry the journal holds and the audit
     * log does not; logs the ids (never a number).
     *
     * @throws IOException when the audit log cannot be read or written; nothing is appended then
     */
    public static Result reconcile(LocalJournal journal, AuditLog audit) throws IOException {
        Map<String, Long> audited = audit.entriesAtOpen();
        List<Entry> local = journal.index().entries();
        Set<String> localIds = new HashSet<>();
        for (Entry e : local) {
            localIds.add(e.id());
        }
        List<AuditLog.Event> events = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Long> a : audited.entrySet()) {
            if (localIds.contains(a.getKey())) {
                continue;
            }
            List<JsonNode> line = audit.read(a.getValue() - 1, 1);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("entry", line.isEmpty() ? Map.of("id", a.getKey()) : line.get(0).path("entry"));
            d.put("reconciled", true);
            events.add(new AuditLog.Event(AuditLog.EventType.ENTRY_REMOVED, AuditLog.SYSTEM_ACTOR, d));
            removed.add(a.getKey());
        }
        List<String> added = new ArrayList<>();
        for (Entry e : local) {
            if (audited.containsKey(e.id())) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("entry", e);
            if (e.reason() != null) {
                d.put("reason", e.reason());
            }
            d.put("reconciled", true);
            events.add(new AuditLog.Event(AuditLog.EventType.ENTRY_ADDED, AuditLog.SYSTEM_ACTOR, d));
            added.add(e.id());
        }
        if (events.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        long last = audit.appendAll(events);
        LOG.log(System.Logger.Level.WARNING, "audit log: reconciled with the journal at start: {0} ENTRY_ADDED {1} "
                + "and {2} ENTRY_REMOVED {3} lines were missing (a crash came between the journal fsync and the audit fsync of a change); "
                + "appended up to seq {4}, actor system, marked reconciled",
                added.size(), some(added), removed.size(), some(removed), last);
        return new Result(List.copyOf(added), List.copyOf(removed));
    }

    /** Up to 20 ids for a log line, and how many more. */
    private static String some(List<String> ids) {
        if (ids.size() <= 20) {
            return ids.toString();
        }
        return ids.subList(0, 20) + " and " + (ids.size() - 20) + " more";
    }
}
