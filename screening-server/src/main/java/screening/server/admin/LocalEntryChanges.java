package screening.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import screening.core.CanonicalNumber;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.core.MatchType;
import screening.core.Screener;
import screening.core.Snapshot;
import screening.server.audit.AuditLog;
import screening.server.journal.LocalJournal;
import screening.server.json.Json;
import screening.server.snapshot.SnapshotPublisher;

/**
 * The changes to local entries made on the admin port (SPEC section 5): a push of one entry or a
 * batch, and a delete. Each validates, records in the journal, publishes a snapshot, writes its
 * audit lines and answers; then the journal is compacted when worth it. A push body is read by
 * {@link PushBodyReader}.
 *
 * <p>Its methods must be called on the admin-writer thread only ({@link AdminWorkers}), one change
 * at a time; they block (fsync, snapshot rebuild). A refused change throws {@link Refusal}.
 */
public final class LocalEntryChanges {

    /*
     * A push: parse and validate -> duplicate ids (batch, local, every source) -> journal record,
     * fsync -> publisher.update(..).join() (live for queries) -> ENTRY_ADDED lines, fsync -> 201.
     * A crash before the journal fsync loses an unacknowledged push; a crash between the journal
     * fsync and the audit fsync leaves an entry whose ENTRY_ADDED line is missing (the push was
     * never acknowledged, and the entry shows in GET); docs/operations.md says so.
     */

    private static final System.Logger LOG = System.getLogger(LocalEntryChanges.class.getName());

    private final EntryValidator validator;
    private final Screener screener;
    private final SnapshotPublisher publisher;
    private final LocalJournal journal;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Executor writer;

    /**
     * @param screener read for the entries now answering, to refuse an id another source holds
     * @param clock the clock for {@code createdAt}
     * @param writer the admin-writer thread, where compaction is queued after a change
     */
    public LocalEntryChanges(EntryValidator validator, Screener screener, SnapshotPublisher publisher,
            LocalJournal journal, AuditLog audit, InstantSource clock, Executor writer) {
        this.validator = validator;
        this.screener = screener;
        this.publisher = publisher;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
        this.writer = writer;
    }

    /**
     * Adds the entry or the array of entries in {@code body}, all or none, made by {@code actor}.
     * Answers {@code 201} with each id and canonical number and the snapshot version.
     *
     * @throws Refusal when the body is not valid, an id is taken, or the change cannot be stored
     */
    FullHttpResponse push(byte[] body, String actor) {
        List<PushBodyReader.Pushed> pushed = PushBodyReader.read(body, validator, this::ownerOf);
        Instant now = Instant.ofEpochMilli(clock.millis()).truncatedTo(ChronoUnit.MILLIS);
        List<Entry> entries = new ArrayList<>(pushed.size());
        List<String> canonical = new ArrayList<>(pushed.size());
        for (PushBodyReader.Pushed p : pushed) {
            Entry e = p.entry();
            entries.add(e.withProvenance(Entry.LOCAL_SOURCE, actor, now));
            canonical.add(e.match() == MatchType.PREFIX ? e.number() : CanonicalNumber.toString(p.key()));
        }
        EntryIndex index;
        try {
            index = journal.add(entries);
        } catch (InvalidEntryException ex) {
            boolean dup = "id".equals(ex.field());
            throw new Refusal(dup ? HttpResponseStatus.CONFLICT : HttpResponseStatus.BAD_REQUEST,
                    dup ? "DUPLICATE_ID" : "INVALID_ENTRY", ex.getMessage());
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.ERROR, "journal write failed; push of {0} entries refused: {1}",
                    entries.size(), ex.getMessage());
            throw new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "STORAGE_FAILED",
                    "the change could not be written to disk and was not applied");
        }
        Snapshot s = publisher.update(index, journal.seq()).join();
        List<AuditLog.Event> events = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("entry", e);
            if (e.reason() != null) {
                d.put("reason", e.reason());
            }
            events.add(new AuditLog.Event(AuditLog.EventType.ENTRY_ADDED, actor, d));
        }
        auditOrRefuse(events);
        for (int i = 0; i < entries.size(); i++) {
            LOG.log(System.Logger.Level.INFO, "entry {0} added by {1} ({2} {3} {4})", entries.get(i).id(), actor,
                    entries.get(i).action(), entries.get(i).scope(), maskOf(entries.get(i), canonical.get(i)));
        }
        compactLater();
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("entries");
        for (int i = 0; i < entries.size(); i++) {
            arr.addObject().put("id", entries.get(i).id()).put("number", canonical.get(i));
        }
        putVersion(o, s);
        return AdminResponses.json(HttpResponseStatus.CREATED, o);
    }

    /**
     * Removes local entry {@code id}, for {@code reason} (may be null), done by {@code actor}.
     * Answers {@code 200} with the id and the snapshot version.
     *
     * @throws Refusal when no local entry has the id, or the change cannot be stored
     */
    FullHttpResponse delete(String id, String reason, String actor) {
        Entry old;
        if (journal.get(id) == null) {
            String owner = ownerOf(id);
            if (owner != null) {
                throw new Refusal(HttpResponseStatus.CONFLICT, "NOT_LOCAL", "entry " + id + " belongs to source "
                        + owner + "; only local entries can be changed here");
            }
            throw new Refusal(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no entry has this id");
        }
        try {
            old = journal.remove(id);
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.ERROR, "journal write failed; removal of {0} refused: {1}", id, ex.getMessage());
            throw new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "STORAGE_FAILED",
                    "the change could not be written to disk and was not applied");
        }
        Snapshot s = publisher.update(journal.index(), journal.seq()).join();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("entry", old);
        if (reason != null) {
            d.put("reason", reason);
        }
        auditOrRefuse(List.of(new AuditLog.Event(AuditLog.EventType.ENTRY_REMOVED, actor, d)));
        LOG.log(System.Logger.Level.INFO, "entry {0} removed by {1}", id, actor);
        compactLater();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        putVersion(o, s);
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /** The source holding {@code id} (local, or a register source), or null. */
    private String ownerOf(String id) {
        if (journal.get(id) != null) {
            return Entry.LOCAL_SOURCE;
        }
        for (EntryIndex i : AdminQueries.indexesNow(screener, journal)) {
            if (i.get(id) != null) {
                return i.source();
            }
        }
        return null;
    }

    private static String maskOf(Entry e, String canonical) {
        String m = CanonicalNumber.mask(CanonicalNumber.parse(canonical));
        return e.match() == MatchType.PREFIX ? "prefix " + m : m;
    }

    private void auditOrRefuse(List<AuditLog.Event> events) {
        try {
            audit.appendAll(events);
        } catch (IOException e) {
            // the change is durable and live; say loudly that its audit line is missing
            LOG.log(System.Logger.Level.ERROR, "audit log write failed for {0} events: {1}", events.size(), e.getMessage());
            throw new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "AUDIT_FAILED",
                    "the change was applied but its audit line could not be written");
        }
    }

    private static void putVersion(ObjectNode o, Snapshot s) {
        if (s != null) {
            o.put("version", s.version());
        } else {
            o.putNull("version"); // durable, but a register source has no copy yet: not serving
        }
    }

    private void compactLater() {
        try {
            writer.execute(this::compactQuietly); // after this answer, on the same writer
        } catch (RejectedExecutionException e) {
            // stopping: the next start compacts if still worth it
        }
    }

    private void compactQuietly() {
        try {
            journal.compactIfWorthIt();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "journal compaction failed (the journal is unchanged): {0}", e.getMessage());
        }
    }
}
