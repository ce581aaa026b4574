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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
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
import screening.server.storage.WriteFaults;

/**
 * The changes to local entries made on the admin port (SPEC section 5): a push of one entry or a
 * batch, and a delete. A push body is read by {@link PushBodyReader}. Each validates, records in
 * the journal, writes its audit lines, publishes a snapshot and answers; then the journal is compacted when worth it. A change that cannot be
 * written whole is not applied and is answered {@code 507} {@code STORAGE_FULL} when the disk is
 * full, else {@code 500} {@code STORAGE_FAILED} (SPEC section 15).
 *
 * <p>Its methods must be called on the admin-writer thread only ({@link AdminWorkers}), one change
 * at a time; they block (fsync, snapshot rebuild). A refused change throws {@link Refusal}.
 */
public final class LocalEntryChanges {

    /*
     * A push: parse and validate -> duplicate ids (batch, local) -> on the snapshot writer, as one
     * step: duplicate ids in every other source, journal record, fsync, ENTRY_ADDED lines, fsync
     * (the journal's Confirmation), publish (live for queries) -> 201. The other sources are checked
     * on the snapshot writer (SnapshotPublisher.update(source, change)) because a register reload
     * publishes there too: checked against the snapshot now answering, a reload bringing the same id
     * could land between the check and the publish, and both sources would hold the id. If the audit
     * lines cannot be written, the journal cuts its record off again and nothing is applied, so no
     * change is ever live without its audit line. A crash before the journal fsync loses an
     * unacknowledged push; a crash between the two fsyncs leaves a journal record without its line,
     * which the next start audits as reconciled (JournalAuditReconciler). A delete takes the same
     * path with ENTRY_REMOVED.
     */

    private static final System.Logger LOG = System.getLogger(LocalEntryChanges.class.getName());

    /**
     * The body reader: a key twice in one object, at any depth, is a syntax error (SPEC section
     * 15), not "the last one wins" ({"action":"BLOCK","action":"ALLOW"} must not be stored as ALLOW).
     */
    private final EntryValidator validator;
    private final Screener screener;
    private final SnapshotPublisher publisher;
    private final LocalJournal journal;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Executor writer;
    private final String node;
    private final EntryCheck check;

    /**
     * @param screener read for the entries now answering, to refuse an id another source holds
     * @param clock the clock for {@code createdAt}
     * @param writer the admin-writer thread, where compaction is queued after a change
     * @param node this filter's node name, which starts every id it generates
     */
    public LocalEntryChanges(EntryValidator validator, Screener screener, SnapshotPublisher publisher,
            LocalJournal journal, AuditLog audit, InstantSource clock, Executor writer, String node) {
        this.validator = validator;
        this.screener = screener;
        this.publisher = publisher;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
        this.writer = writer;
        this.node = node;
        this.check = new EntryCheck(validator, screener, journal);
    }

    /**
     * What a push of {@code body} (CSV when {@code csv}) would store, and every problem it has,
     * without storing anything ({@link EntryCheck}). Any thread; reads memory only.
     *
     * @throws Refusal when the body is not JSON, or not UTF-8 CSV, at all
     */
    FullHttpResponse check(byte[] body, boolean csv) {
        return check.check(body, csv);
    }

    /**
     * Adds the entry or the array of entries in the JSON {@code body}, all or none, made by
     * {@code actor}. Answers {@code 201} with each id and canonical number and the snapshot version.
     *
     * @throws Refusal when the body is not valid, an id is taken, or the change cannot be stored
     */
    FullHttpResponse push(byte[] body, String actor) {
        return push(body, false, actor);
    }

    /**
     * As {@link #push(byte[], String)}; when {@code csv}, the body is CSV with the columns of
     * {@code register build}, taken as one batch (a refusal names the CSV line).
     */
    FullHttpResponse push(byte[] body, boolean csv, String actor) {
        // the local ids here; every other source's on the snapshot writer, with the record
        Function<String, String> localOwner = id -> journal.get(id) != null ? Entry.LOCAL_SOURCE : null;
        List<PushBodyReader.Pushed> pushed = csv ? PushBodyReader.readCsv(body, validator, node, localOwner)
                : PushBodyReader.read(body, validator, node, localOwner);
        boolean batch = PushBodyReader.isBatch(pushed);
        Instant now = Instant.ofEpochMilli(clock.millis()).truncatedTo(ChronoUnit.MILLIS);
        List<Entry> entries = new ArrayList<>(pushed.size());
        List<String> canonical = new ArrayList<>(pushed.size());
        for (PushBodyReader.Pushed p : pushed) {
            Entry e = p.entry();
            entries.add(e.withProvenance(Entry.LOCAL_SOURCE, actor, now));
            canonical.add(p.canonical());
        }
        List<AuditLog.Event> events = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("entry", e);
            if (e.reason() != null) {
                d.put("reason", e.reason());
            }
            events.add(new AuditLog.Event(AuditLog.EventType.ENTRY_ADDED, actor, d));
        }
        Snapshot s = publish(publisher.update(Entry.LOCAL_SOURCE, others -> {
            refuseIdsHeldBy(others, entries, batch);
            return new SnapshotPublisher.Part(record(entries, events), journal.seq());
        }));
        for (int i = 0; i < entries.size(); i++) {
            LOG.log(System.Logger.Level.INFO, "entry {0} added by {1} ({2} {3} {4})", entries.get(i).id(), actor,
                    entries.get(i).action(), entries.get(i).scope(), maskOf(entries.get(i), canonical.get(i)));
        }
        compactLater();
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("entries");
        for (int i = 0; i < entries.size(); i++) {
            arr.addObject().put("id", entries.get(i).id()).put(entries.get(i).channel().field(), canonical.get(i));
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
        Entry old = journal.get(id);
        if (old == null) {
            String owner = ownerOf(id);
            if (owner != null) {
                throw new Refusal(HttpResponseStatus.CONFLICT, "NOT_LOCAL", "entry " + id + " belongs to source "
                        + owner + "; change it there: only local entries can be changed here");
            }
            throw new Refusal(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no entry has this id");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("entry", old);
        if (reason != null) {
            d.put("reason", reason);
        }
        List<AuditLog.Event> events = List.of(new AuditLog.Event(AuditLog.EventType.ENTRY_REMOVED, actor, d));
        try {
            journal.remove(id, seq -> audit.appendAll(events));
        } catch (IOException ex) {
            throw notStored(ex, "removal of " + id);
        }
        Snapshot s = publisher.update(journal.index(), journal.seq()).join();
        LOG.log(System.Logger.Level.INFO, "entry {0} removed by {1}", id, actor);
        compactLater();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        putVersion(o, s);
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /** Refuses the push when another source holds one of its ids. On the snapshot writer. */
    private static void refuseIdsHeldBy(List<EntryIndex> others, List<Entry> entries, boolean batch) {
        for (int i = 0; i < entries.size(); i++) {
            String id = entries.get(i).id();
            for (EntryIndex o : others) {
                if (o.get(id) != null) {
                    throw new Refusal(HttpResponseStatus.CONFLICT, "DUPLICATE_ID", (batch ? "entry " + i + ": " : "")
                            + "id " + id + " already exists (source " + o.source() + ")");
                }
            }
        }
    }

    /**
     * Appends the push to the journal and fsyncs, then its audit lines (the journal's
     * Confirmation); the new local index. On the snapshot writer.
     */
    private EntryIndex record(List<Entry> entries, List<AuditLog.Event> events) {
        try {
            return journal.add(entries, seq -> audit.appendAll(events));
        } catch (InvalidEntryException ex) {
            boolean dup = "id".equals(ex.field());
            throw new Refusal(dup ? HttpResponseStatus.CONFLICT : HttpResponseStatus.BAD_REQUEST,
                    dup ? "DUPLICATE_ID" : "INVALID_ENTRY", ex.getMessage());
        } catch (IOException ex) {
            throw notStored(ex, "push of " + entries.size() + " entries");
        }
    }

    /** Waits for a publish; a refusal made on the snapshot writer is thrown here as it was. */
    private static Snapshot publish(CompletableFuture<Snapshot> update) {
        try {
            return update.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Refusal r) {
                throw r;
            }
            throw e;
        }
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
        String m = e.channel().mask(canonical);
        return e.match() == MatchType.EXACT ? m : e.match().name().toLowerCase(java.util.Locale.ROOT) + " " + m;
    }

    /**
     * The refusal of a change whose journal record or audit lines could not be written: {@code 507}
     * when the disk is full, else {@code 500}. The change was not applied either way.
     */
    private static Refusal notStored(IOException ex, String what) {
        boolean full = WriteFaults.isNoSpace(ex);
        LOG.log(System.Logger.Level.WARNING, "{0} refused, not applied: {1}", what, WriteFaults.reason(ex));
        if (full) {
            return new Refusal(HttpResponseStatus.INSUFFICIENT_STORAGE, "STORAGE_FULL",
                    "the disk is full: the change was not written and not applied");
        }
        return new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "STORAGE_FAILED",
                "the change could not be written to disk and was not applied");
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
