package screening.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.List;
import screening.core.Action;
import screening.core.CanonicalNumber;
import screening.core.Channel;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.NotNormalisableException;
import screening.core.Screener;
import screening.core.Snapshot;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import screening.server.audit.AuditChain;
import screening.server.audit.AuditLog;
import screening.server.console.ContactAttempts;
import screening.server.journal.LocalJournal;
import screening.server.json.Json;
import screening.server.register.RegisterSources;
import screening.server.register.SourceStatus;
import screening.server.storage.WriteFaults;

/**
 * The admin port's reads (SPEC section 5): an entry by id, the entries for a number, the status,
 * and a page of the audit log. Changes nothing. Thread-safe: entries and status are read from
 * in-memory state without blocking (event loop or any thread); {@link #audit} reads the file and
 * blocks, so it runs on the admin-io thread.
 */
public final class AdminQueries {

    static final int AUDIT_LIMIT_DEFAULT = 100;
    static final int AUDIT_LIMIT_MAX = 1000;

    private final Screener screener;
    private final DialledNumberNormaliser normaliser;
    private final LocalJournal journal;
    private final RegisterSources sources;
    private final AuditLog audit;
    private final LocalFeed feed;
    private final ContactAttempts attempts;

    /**
     * @param normaliser turns the {@code number} of a lookup into the key entries are found by
     * @param journal the local entries, answered before the first snapshot is published
     * @param feed the local feed, whose version and readers the status shows
     */
    public AdminQueries(Screener screener, DialledNumberNormaliser normaliser, LocalJournal journal,
            RegisterSources sources, AuditLog audit, LocalFeed feed) {
        this.screener = screener;
        this.normaliser = normaliser;
        this.journal = journal;
        this.sources = sources;
        this.audit = audit;
        this.feed = feed;
        this.attempts = new ContactAttempts(audit, id -> {
            for (EntryIndex i : indexesNow(screener, journal)) {
                Entry e = i.get(id);
                if (e != null) {
                    return e.reference();
                }
            }
            return null;
        });
    }

    /** The indexes now answering, or only the local one before the first snapshot. */
    static List<EntryIndex> indexesNow(Screener screener, LocalJournal journal) {
        Snapshot s = screener.current();
        return s != null ? s.indexes() : List.of(journal.index());
    }

    /** {@code 200} with the entry {@code id} of any source, or {@code 404}. Non-blocking. */
    FullHttpResponse entry(String id) {
        for (EntryIndex i : indexesNow(screener, journal)) {
            Entry e = i.get(id);
            if (e != null) {
                return AdminResponses.json(HttpResponseStatus.OK, Json.MAPPER.valueToTree(e));
            }
        }
        // the id is not echoed: an unknown id is whatever the caller typed, perhaps a number
        return AdminResponses.error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no entry has this id");
    }

    /**
     * {@code 200} with every entry, of any source and scope, that {@code number} (in any format)
     * matches, or {@code 400} when it is missing or does not normalise. Non-blocking.
     */
    FullHttpResponse entriesFor(String number) {
        if (number == null || number.isEmpty() || number.length() > 64) {
            return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
                    "number is required (1 to 64 characters)");
        }
        long key = normaliser.normalise(number);
        if (key == CanonicalNumber.INVALID) {
            return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "INVALID_NUMBER",
                    "number does not normalise to a possible number");
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("entries");
        for (EntryIndex i : indexesNow(screener, journal)) {
            for (Entry e : i.find(key)) {
                arr.add(Json.MAPPER.valueToTree(e));
            }
        }
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /**
     * {@code 200} with every entry, of any source and scope, that the e-mail or postal address
     * {@code value} matches (EXACT, DOMAIN or POSTCODE, SPEC section 12), or {@code 400} when it
     * is missing, too long or does not normalise. Non-blocking; the message never echoes the value.
     */
    FullHttpResponse entriesFor(Channel channel, String value) {
        int max = channel == Channel.EMAIL ? EntryValidator.EMAIL_MAX_CHARS : EntryValidator.ADDRESS_MAX_CHARS;
        String field = channel.field();
        if (value == null || value.isEmpty() || value.codePointCount(0, value.length()) > max) {
            return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
                    field + " is required (1 to " + max + " characters)");
        }
        String key;
        try {
            key = channel == Channel.EMAIL ? screener.emails().normalise(value)
                    : screener.addresses().normalise(value).canonical();
        } catch (NotNormalisableException e) {
            return AdminResponses.error(HttpResponseStatus.BAD_REQUEST,
                    channel == Channel.EMAIL ? "INVALID_EMAIL" : "INVALID_ADDRESS", field + " " + e.getMessage());
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("entries");
        for (EntryIndex i : indexesNow(screener, journal)) {
            for (Entry e : i.findText(channel, key)) {
                arr.add(Json.MAPPER.valueToTree(e));
            }
        }
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /**
     * {@code 200} with readiness, version, counts per source and action, each source's state, the
     * local feed's version and readers, and the write state of the journal and the audit log.
     * Non-blocking.
     */
    FullHttpResponse status() {
        Snapshot s = screener.current();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("ready", s != null);
        if (s != null) {
            o.put("version", s.version());
        } else {
            o.putNull("version");
        }
        ObjectNode counts = o.putObject("counts");
        for (EntryIndex i : indexesNow(screener, journal)) {
            ObjectNode c = counts.putObject(i.source());
            for (Action a : Action.values()) {
                c.put(a.name(), i.count(a));
            }
        }
        ArrayNode sourceList = o.putArray("sources");
        for (SourceStatus st : sources.status()) {
            ObjectNode so = sourceList.addObject();
            so.put("name", st.name());
            if (st.version() != null) {
                so.put("version", st.version());
            } else {
                so.putNull("version");
            }
            so.put("lastSuccess", st.lastSuccess() != null ? st.lastSuccess().toString() : null);
            so.put("lastError", st.lastError());
        }
        feed.putStatus(o);
        ObjectNode storage = o.putObject("storage");
        putWrites(storage, LocalJournal.FILE_NAME, journal.faults());
        putWrites(storage, AuditLog.LOG_NAME, audit.writeFaults());
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /**
     * {@code 200} with up to {@code limit} audit events after sequence number {@code after}, in
     * order. Blocks on the file.
     *
     * @throws Refusal {@code 500 STORAGE_FAILED} when the audit log cannot be read
     */
    FullHttpResponse audit(long after, int limit) {
        List<JsonNode> events;
        try {
            events = audit.read(after, limit);
        } catch (IOException e) {
            throw new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "STORAGE_FAILED",
                    "the audit log could not be read: " + e.getMessage());
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.putArray("events").addAll(events);
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /**
     * {@code 200} with a page of contact attempts, newest first ({@link ContactAttempts#page}):
     * JSON {@code {"attempts":[...],"next":SEQ|null}}, or when {@code csv} a CSV download of the
     * same columns (its next page's {@code before} in the header {@code X-Screening-Next}). Blocks
     * on the file.
     *
     * @throws Refusal {@code 500 STORAGE_FAILED} when the audit log cannot be read
     */
    FullHttpResponse contactAttempts(ContactAttempts.Filter filter, int limit, long before, boolean csv) {
        ContactAttempts.Page p;
        try {
            p = attempts.page(filter, limit, before);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (csv) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(ContactAttempts.csv(p.attempts()).getBytes(StandardCharsets.UTF_8)));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
            r.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"contact-attempts.csv\"");
            if (p.next() != null) {
                r.headers().set(NEXT_HEADER, p.next().toString());
            }
            return r;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("attempts", Json.MAPPER.valueToTree(p.attempts()));
        if (p.next() != null) {
            o.put("next", p.next());
        } else {
            o.putNull("next");
        }
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /** The header that carries a CSV page's next {@code before}. */
    static final String NEXT_HEADER = "X-Screening-Next";

    /**
     * {@code 200} with the contact attempts between {@code from} and {@code until} grouped by
     * reference ({@link ContactAttempts#summary}). Blocks on the file.
     *
     * @throws Refusal {@code 500 STORAGE_FAILED} when the audit log cannot be read
     */
    FullHttpResponse contactAttemptSummary(Instant from, Instant until) {
        ContactAttempts.Summary s;
        try {
            s = attempts.summary(from, until);
        } catch (IOException e) {
            throw unreadable(e);
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("references", Json.MAPPER.valueToTree(s.references()));
        o.put("complete", s.complete());
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    /**
     * {@code 200} with whether the audit log's hash chain verifies, as {@code audit verify} checks
     * it ({@link AuditChain#verifyOpen}): {@code {"ok":true,"events":N}} or
     * {@code {"ok":false,"brokenSeq":N,"message":"..."}}. Reads the whole log; blocks.
     *
     * @throws Refusal {@code 500 STORAGE_FAILED} when the files cannot be read
     */
    FullHttpResponse auditVerify() {
        AuditChain.Result r;
        try {
            r = AuditChain.verifyOpen(audit.file().getParent());
        } catch (IOException e) {
            throw unreadable(e);
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("ok", r.ok());
        if (r.ok()) {
            o.put("events", r.lastSeq());
        } else {
            o.put("brokenSeq", r.brokenSeq());
            o.put("message", r.problem());
        }
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    private static Refusal unreadable(IOException e) {
        return new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "STORAGE_FAILED",
                "the audit log could not be read: " + e.getMessage());
    }

    /** {@code "FILE":{"state":"OK"|"FULL"|"FAILING","writeFailures":N}}: what the file's last write found. */
    private static void putWrites(ObjectNode storage, String file, WriteFaults faults) {
        storage.putObject(file).put("state", faults.state().name()).put("writeFailures", faults.failures());
    }
}
