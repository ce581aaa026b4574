package screening.server.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import screening.core.Action;
import screening.core.CanonicalNumber;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.EntryIndex;
import screening.core.InvalidEntryException;
import screening.core.MatchType;
import screening.core.Screener;
import screening.core.Snapshot;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.journal.LocalJournal;
import screening.server.json.Json;
import screening.server.register.RegisterSources;
import screening.server.register.SourceStatus;
import screening.server.snapshot.SnapshotPublisher;

/**
 * The {@code /admin/} endpoints of SPEC section 5: auth, entries, status, reload, audit.
 *
 * <p>{@link #route} is called on the admin event loop and does not block there: it checks the
 * token and reads in-memory state inline, and sends everything that blocks (journal fsync,
 * snapshot rebuild, audit append, register polls, audit file reads) to its own executors. It
 * owns (releases) the request. Answers are errors as {@code {"error":"CODE","message":"..."}},
 * and no message ever holds a full number.
 */
public final class AdminRoutes implements AutoCloseable {

    /*
     * Executors:
     *   admin-writer  one thread: every change (push, delete) and every AUTH_FAILED audit. One
     *                 writer means the duplicate-id checks, the journal record, the snapshot
     *                 publish and the audit lines of one change happen before the next change
     *                 starts, so there is no check-then-act race between two pushes.
     *   admin-io      one thread: register polls on reload and audit-log reads, which may take
     *                 long and must not hold up pushes.
     *
     * A push: parse and validate -> duplicate ids (batch, local, every source) -> journal record,
     * fsync -> publisher.update(..).join() (live for queries) -> ENTRY_ADDED lines, fsync -> 201.
     * A crash before the journal fsync loses an unacknowledged push; a crash between the journal
     * fsync and the audit fsync leaves an entry whose ENTRY_ADDED line is missing (the push was
     * never acknowledged, and the entry shows in GET); docs/operations.md says so.
     */

    /** The token name used for the token generated when none is configured. */
    public static final String GENERATED_TOKEN_NAME = "generated";
    static final int AUDIT_LIMIT_DEFAULT = 100;
    static final int AUDIT_LIMIT_MAX = 1000;

    private static final System.Logger LOG = System.getLogger(AdminRoutes.class.getName());
    private static final String ENTRIES = "/admin/v1/entries";
    private static final String ENTRY_PREFIX = "/admin/v1/entries/";

    private final Screener screener;
    private final EntryValidator validator;
    private final SnapshotPublisher publisher;
    private final LocalJournal journal;
    private final AuditLog audit;
    private final RegisterSources sources;
    private final InstantSource clock;
    private final List<Token> tokens;
    private final ExecutorService writer;
    private final ExecutorService io;

    private record Token(String name, TokenRole role, byte[] sha256) {
    }

    /** An answer carried out of a worker as an exception, so one code path writes every error. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final HttpResponseStatus status;
        final String code;

        Refusal(HttpResponseStatus status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /**
     * @param tokens the configured tokens ({@code admin.tokens})
     * @param out where a generated token is printed once, when no tokens are configured
     * @param clock the clock for {@code createdAt}
     * @throws IllegalArgumentException when a configured token has a bad hash (names it)
     */
    public AdminRoutes(List<ScreeningConfig.Token> tokens, Screener screener, EntryValidator validator,
            SnapshotPublisher publisher, LocalJournal journal, AuditLog audit, RegisterSources sources,
            PrintStream out, InstantSource clock) {
        this.screener = screener;
        this.validator = validator;
        this.publisher = publisher;
        this.journal = journal;
        this.audit = audit;
        this.sources = sources;
        this.clock = clock;
        this.tokens = loadTokens(tokens, out);
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "admin-writer"));
        this.io = Executors.newSingleThreadExecutor(r -> daemon(r, "admin-io"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static List<Token> loadTokens(List<ScreeningConfig.Token> configured, PrintStream out) {
        List<Token> list = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            var t = configured.get(i);
            if (t.sha256() == null || !t.sha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("admin.tokens[" + i + "].sha256 must be 64 hex digits (token hash TOKEN)");
            }
            list.add(new Token(t.name(), t.role(), HexFormat.of().parseHex(t.sha256().toLowerCase(java.util.Locale.ROOT))));
        }
        if (list.isEmpty()) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            list.add(new Token(GENERATED_TOKEN_NAME, TokenRole.SECURITY, sha256(token)));
            out.println("admin: no tokens configured; this run's security token (printed once): " + token);
            out.flush();
        }
        return List.copyOf(list);
    }

    /** Lowercase-hex-ready SHA-256 of a token's UTF-8 bytes. */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Handles one {@code /admin/} request and writes the answer to {@code ctx}. Event loop; non-blocking. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        route(request, ctx.channel().remoteAddress()).whenComplete((r, e) -> {
            FullHttpResponse resp = r != null ? r : error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            if (keepAlive) {
                ctx.writeAndFlush(resp);
            } else {
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    /**
     * Routes one {@code /admin/} request. Called on the event loop; never blocks; releases
     * {@code request}. The future completes (on this or a worker thread) with the answer, never
     * exceptionally.
     */
    public CompletableFuture<FullHttpResponse> route(FullHttpRequest request, SocketAddress remote) {
        HttpMethod method;
        QueryStringDecoder uri;
        String auth;
        byte[] body;
        try {
            method = request.method();
            uri = new QueryStringDecoder(request.uri());
            auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            body = ByteBufUtil.getBytes(request.content());
        } finally {
            request.release();
        }
        String path = uri.path();
        Token who = authenticate(auth);
        if (who == null) {
            String from = remoteString(remote);
            return submit(writer, () -> {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("remote", from);
                d.put("path", path);
                try {
                    audit.append("AUTH_FAILED", "system", d); // SPEC: actor is a token name or system
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "audit: AUTH_FAILED from {0} not written: {1}", from, e.getMessage());
                }
                FullHttpResponse r = error(HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED",
                        "a valid Authorization: Bearer token is required");
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                return r;
            });
        }
        try {
            return dispatch(method, path, uri, body, who);
        } catch (Refusal r) {
            return CompletableFuture.completedFuture(error(r.status, r.code, r.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "admin {0} {1} failed: {2}", method, path, e.getClass().getName());
            return CompletableFuture.completedFuture(error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL",
                    "internal error"));
        }
    }

    private CompletableFuture<FullHttpResponse> dispatch(HttpMethod method, String path, QueryStringDecoder uri,
            byte[] body, Token who) {
        if (path.equals(ENTRIES)) {
            if (method.equals(HttpMethod.POST)) {
                requireSecurity(who);
                return submit(writer, () -> create(body, who));
            }
            if (method.equals(HttpMethod.GET)) {
                return done(findByNumber(param(uri, "number")));
            }
            return done(methodNotAllowed("GET, POST"));
        }
        if (path.startsWith(ENTRY_PREFIX) && path.length() > ENTRY_PREFIX.length()) {
            String id = QueryStringDecoder.decodeComponent(path.substring(ENTRY_PREFIX.length()));
            if (method.equals(HttpMethod.GET)) {
                return done(getEntry(id));
            }
            if (method.equals(HttpMethod.DELETE)) {
                requireSecurity(who);
                String reason = param(uri, "reason");
                return submit(writer, () -> delete(id, reason, who));
            }
            return done(methodNotAllowed("GET, DELETE"));
        }
        switch (path) {
            case "/admin/v1/status" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(methodNotAllowed("GET"));
                }
                return done(json(HttpResponseStatus.OK, status()));
            }
            case "/admin/v1/reload" -> {
                if (!method.equals(HttpMethod.POST)) {
                    return done(methodNotAllowed("POST"));
                }
                requireSecurity(who);
                boolean force = booleanParam(uri, "force");
                return submit(io, () -> {
                    sources.pollNow(force);
                    return json(HttpResponseStatus.OK, status());
                });
            }
            case "/admin/v1/audit" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(methodNotAllowed("GET"));
                }
                long after = longParam(uri, "after", 0, 0, Long.MAX_VALUE);
                int limit = (int) longParam(uri, "limit", AUDIT_LIMIT_DEFAULT, 1, AUDIT_LIMIT_MAX);
                return submit(io, () -> {
                    List<JsonNode> events;
                    try {
                        events = audit.read(after, limit);
                    } catch (IOException e) {
                        throw new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "STORAGE_FAILED",
                                "the audit log could not be read: " + e.getMessage());
                    }
                    ObjectNode o = Json.MAPPER.createObjectNode();
                    o.putArray("events").addAll(events);
                    return json(HttpResponseStatus.OK, o);
                });
            }
            default -> {
                return done(error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such admin path"));
            }
        }
    }

    private Token authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] h = sha256(header.substring(7).trim());
        Token found = null;
        for (Token t : tokens) {
            // every configured hash is compared, in constant time, whatever matched before
            if (MessageDigest.isEqual(h, t.sha256()) && found == null) {
                found = t;
            }
        }
        return found;
    }

    private static void requireSecurity(Token who) {
        if (!who.role().mayChange()) {
            throw new Refusal(HttpResponseStatus.FORBIDDEN, "FORBIDDEN",
                    "token " + who.name() + " has role " + who.role().configName() + ", which may only read");
        }
    }

    private static String remoteString(SocketAddress remote) {
        if (remote instanceof InetSocketAddress a) {
            return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":" + a.getPort();
        }
        return String.valueOf(remote);
    }

    // ---- entries ------------------------------------------------------------------------------

    private FullHttpResponse create(byte[] body, Token who) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            JsonLocation l = e.getLocation();
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_JSON", "the body is not valid JSON"
                    + (l != null ? " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_JSON", "the body cannot be read");
        }
        boolean batch = root != null && root.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (batch) {
            root.forEach(items::add);
            if (items.isEmpty()) {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", "the array holds no entries");
            }
        } else if (root != null && root.isObject()) {
            items.add(root);
        } else {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", "the body must be an entry or an array of entries");
        }
        Instant now = Instant.ofEpochMilli(clock.millis()).truncatedTo(ChronoUnit.MILLIS);
        List<Entry> entries = new ArrayList<>(items.size());
        List<String> canonical = new ArrayList<>(items.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            int position = batch ? i : -1;
            String at = batch ? "entry " + i + ": " : "";
            Entry e = readEntry(items.get(i), at);
            if (e.id() == null) {
                e = e.withId("L-" + UUID.randomUUID());
            }
            long key;
            try {
                key = validator.validate(e, position);
            } catch (InvalidEntryException ex) {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", ex.getMessage());
            }
            if (!ids.add(e.id())) {
                throw new Refusal(HttpResponseStatus.CONFLICT, "DUPLICATE_ID", at + "id " + e.id()
                        + " appears twice in this batch");
            }
            String owner = ownerOf(e.id());
            if (owner != null) {
                throw new Refusal(HttpResponseStatus.CONFLICT, "DUPLICATE_ID", at + "id " + e.id()
                        + " already exists (source " + owner + ")");
            }
            entries.add(e.withProvenance(Entry.LOCAL_SOURCE, who.name(), now));
            canonical.add(e.match() == MatchType.PREFIX ? e.number() : CanonicalNumber.toString(key));
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
            events.add(new AuditLog.Event("ENTRY_ADDED", who.name(), d));
        }
        auditOrLog(events);
        for (int i = 0; i < entries.size(); i++) {
            LOG.log(System.Logger.Level.INFO, "entry {0} added by {1} ({2} {3} {4})", entries.get(i).id(), who.name(),
                    entries.get(i).action(), entries.get(i).scope(), maskOf(entries.get(i), canonical.get(i)));
        }
        compactLater();
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("entries");
        for (int i = 0; i < entries.size(); i++) {
            arr.addObject().put("id", entries.get(i).id()).put("number", canonical.get(i));
        }
        putVersion(o, s);
        return json(HttpResponseStatus.CREATED, o);
    }

    private static String maskOf(Entry e, String canonical) {
        String m = CanonicalNumber.mask(CanonicalNumber.parse(canonical));
        return e.match() == MatchType.PREFIX ? "prefix " + m : m;
    }

    private void compactLater() {
        try {
            writer.execute(this::compactQuietly); // after this answer, on the same writer
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    private Entry readEntry(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + "must be a JSON object");
        }
        for (String f : new String[] {"source", "createdBy", "createdAt"}) {
            if (node.has(f)) {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + f
                        + " is filled in by the filter; leave it out");
            }
        }
        try {
            return Json.MAPPER.treeToValue(node, Entry.class);
        } catch (JsonMappingException ex) {
            String field = ex.getPath().isEmpty() ? "entry" : ex.getPath().get(ex.getPath().size() - 1).getFieldName();
            String why = ex instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                    ? " is not an entry field" : " has the wrong type or an unknown value";
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + field + why);
        } catch (JacksonException ex) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "INVALID_ENTRY", at + "cannot be read as an entry");
        }
    }

    /** The source holding {@code id} (local, or a register source), or null. */
    private String ownerOf(String id) {
        if (journal.get(id) != null) {
            return Entry.LOCAL_SOURCE;
        }
        for (EntryIndex i : indexes()) {
            if (i.get(id) != null) {
                return i.source();
            }
        }
        return null;
    }

    /** The indexes now answering, or only the local one before the first snapshot. */
    private List<EntryIndex> indexes() {
        Snapshot s = screener.current();
        return s != null ? s.indexes() : List.of(journal.index());
    }

    private FullHttpResponse delete(String id, String reason, Token who) {
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
        auditOrLog(List.of(new AuditLog.Event("ENTRY_REMOVED", who.name(), d)));
        LOG.log(System.Logger.Level.INFO, "entry {0} removed by {1}", id, who.name());
        compactLater();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        putVersion(o, s);
        return json(HttpResponseStatus.OK, o);
    }

    private void auditOrLog(List<AuditLog.Event> events) {
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

    private FullHttpResponse getEntry(String id) {
        for (EntryIndex i : indexes()) {
            Entry e = i.get(id);
            if (e != null) {
                return json(HttpResponseStatus.OK, Json.MAPPER.valueToTree(e));
            }
        }
        // the id is not echoed: an unknown id is whatever the caller typed, perhaps a number
        return error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no entry has this id");
    }

    private FullHttpResponse findByNumber(String number) {
        if (number == null || number.isEmpty() || number.length() > 64) {
            return error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "number is required (1 to 64 characters)");
        }
        long key = validator.normaliser().normalise(number);
        if (key == CanonicalNumber.INVALID) {
            return error(HttpResponseStatus.BAD_REQUEST, "INVALID_NUMBER", "number does not normalise to a possible number");
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        ArrayNode arr = o.putArray("entries");
        for (EntryIndex i : indexes()) {
            for (Entry e : i.find(key)) {
                arr.add(Json.MAPPER.valueToTree(e));
            }
        }
        return json(HttpResponseStatus.OK, o);
    }

    // ---- status -------------------------------------------------------------------------------

    private ObjectNode status() {
        Snapshot s = screener.current();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("ready", s != null);
        if (s != null) {
            o.put("version", s.version());
        } else {
            o.putNull("version");
        }
        ObjectNode counts = o.putObject("counts");
        for (EntryIndex i : indexes()) {
            ObjectNode c = counts.putObject(i.source());
            for (Action a : Action.values()) {
                c.put(a.name(), i.count(a));
            }
        }
        ArrayNode sourceList = o.putArray("sources");
        for (SourceStatus st : this.sources.status()) {
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
        return o;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String param(QueryStringDecoder uri, String name) {
        List<String> v = uri.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static boolean booleanParam(QueryStringDecoder uri, String name) {
        String v = param(uri, name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", name + " must be true or false");
    }

    private static long longParam(QueryStringDecoder uri, String name, long dflt, long min, long max) {
        String v = param(uri, name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", name + " must be an integer from " + min
                + " to " + max);
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static CompletableFuture<FullHttpResponse> submit(ExecutorService ex, Supplier<FullHttpResponse> work) {
        try {
            return CompletableFuture.supplyAsync(work, ex).handle((r, e) -> {
                if (e == null) {
                    return r;
                }
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (c instanceof Refusal ref) {
                    return error(ref.status, ref.code, ref.getMessage());
                }
                LOG.log(System.Logger.Level.ERROR, "admin work failed: {0}", c.getClass().getName());
                return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return done(error(HttpResponseStatus.SERVICE_UNAVAILABLE, "SHUTTING_DOWN", "the filter is stopping"));
        }
    }

    /** A JSON answer. */
    static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
        try {
            return json(status, Json.MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static FullHttpResponse json(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return r;
    }

    /** {@code {"error":CODE,"message":...}}. */
    static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", code);
        o.put("message", message);
        return json(status, o);
    }

    static FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "allowed: " + allow);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }

    /** Stops taking work and waits briefly for changes in flight (each is durable or not). */
    @Override
    public void close() {
        writer.shutdown();
        io.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
            io.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
    }
}
