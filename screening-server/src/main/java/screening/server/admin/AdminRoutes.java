package screening.server.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import screening.core.Channel;
import screening.core.EntryValidator;
import io.netty.handler.codec.http.HttpHeaders;
import screening.server.config.ScreeningConfig;
import screening.server.console.ConsoleAssets;
import screening.server.console.ConsoleHeaders;
import screening.server.console.ConsoleSessions;
import screening.server.console.ContactAttempts;
import screening.server.register.RegisterSources;
import screening.server.time.TimeSource;

/**
 * The {@code /admin/} endpoints of SPEC sections 5 and 13: checks the bearer token, or the
 * console's session cookie ({@link #caller}), then sends each path
 * and method to its handler ({@link LocalEntryChanges}, {@link AdminQueries}, a register reload)
 * on the thread it needs. A request without a valid token is answered {@code 401} and counted for
 * the audit ({@link AuthFailureAudit}); {@link AdminRequestGate} makes the same check on the
 * request's head, before any byte of its body is read.
 *
 * <p>{@link #route} is called on the admin event loop and does not block there: it checks the
 * token and reads in-memory state inline, and sends everything that blocks (journal fsync,
 * snapshot rebuild, audit append, register polls, audit file reads) to {@link AdminWorkers}.
 * Answers are errors as {@code {"error":"CODE","message":"..."}}, and no message ever holds a
 * full number. {@link #close} closes the workers.
 */
public final class AdminRoutes implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AdminRoutes.class.getName());
    private static final String ENTRIES = "/admin/v1/entries";
    private static final String ENTRY_PREFIX = "/admin/v1/entries/";
    private static final String ENTRIES_CHECK = "/admin/v1/entries/check";
    private static final Pattern PIN = Pattern.compile("[0-9A-Za-z-]{1,32}");

    private final AdminTokens tokens;
    private final LocalEntryChanges changes;
    private final AdminQueries queries;
    private final LocalFeed feed;
    private final RegisterSources sources;
    private final AuthFailureAudit authFailures;
    private final AdminWorkers workers;
    private final OpenApiDocument openApi;
    private final ConsoleEndpoints console;

    /** A request's caller: the token it acts as, or the answer that refuses it. */
    record Caller(AdminTokens.Token who, FullHttpResponse refusal) {
    }

    /**
     * @param feed answers {@code GET /admin/v1/feed}
     * @param sources polled on {@code POST /admin/v1/reload}
     * @param authFailures where a failed authentication is counted for the audit; closed by {@link #close}
     * @param workers the threads blocking work runs on; closed by {@link #close}
     */
    public AdminRoutes(AdminTokens tokens, LocalEntryChanges changes, AdminQueries queries, LocalFeed feed,
            RegisterSources sources, AuthFailureAudit authFailures, AdminWorkers workers) {
        this(tokens, changes, queries, feed, sources, authFailures, workers,
                new ConsoleEndpoints(tokens, authFailures, new ConsoleSessions(
                        ScreeningConfig.Admin.SESSION_TTL_DEFAULT, ConsoleSessions.MAX_SESSIONS_DEFAULT, TimeSource.system()),
                        ConsoleAssets.empty(), false));
    }

    /**
     * @param console the console's paths and its sessions, whose cookie {@code /admin/} accepts in
     *     place of a bearer token
     */
    public AdminRoutes(AdminTokens tokens, LocalEntryChanges changes, AdminQueries queries, LocalFeed feed,
            RegisterSources sources, AuthFailureAudit authFailures, AdminWorkers workers, ConsoleEndpoints console) {
        this.console = console;
        this.tokens = tokens;
        this.changes = changes;
        this.queries = queries;
        this.feed = feed;
        this.sources = sources;
        this.authFailures = authFailures;
        this.workers = workers;
        this.openApi = OpenApiDocument.load();
    }

    /**
     * Routes one {@code /admin/} request. Called on the event loop; never blocks; releases
     * {@code request}. The future completes (on this or a worker thread) with the answer, never
     * exceptionally.
     */
    public CompletableFuture<FullHttpResponse> route(FullHttpRequest request, SocketAddress remote) {
        HttpMethod method;
        QueryStringDecoder uri;
        HttpHeaders headers;
        String ifNoneMatch;
        String contentType;
        String accept;
        byte[] body;
        try {
            method = request.method();
            uri = new QueryStringDecoder(request.uri());
            headers = request.headers();
            ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
            contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            accept = request.headers().get(HttpHeaderNames.ACCEPT);
            body = ByteBufUtil.getBytes(request.content());
        } finally {
            request.release();
        }
        String path = uri.path();
        Caller c = caller(method, headers, remote, path);
        if (c.refusal() != null) {
            return done(c.refusal());
        }
        AdminTokens.Token who = c.who();
        try {
            return dispatch(method, path, uri, body, who, ifNoneMatch, contentType, accept);
        } catch (Refusal r) {
            return done(r.response());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "admin {0} {1} failed: {2}", method, path, e.getClass().getName());
            return done(AdminResponses.internalError());
        }
    }

    /**
     * Who an {@code /admin/} request acts as (SPEC sections 5 and 13). A request with an
     * {@code Authorization} header is judged by it alone: a valid bearer token, else {@code 401},
     * audited. Without one, the console's session cookie: an unknown or expired session is
     * {@code 401} (not audited: a session that ended is no failed sign-in), and a request that may
     * change something (any method but GET and HEAD) must also carry {@code X-Screening-Console: 1},
     * else {@code 403 CONSOLE_HEADER_REQUIRED}, so that no other site can make the browser act.
     * Neither: {@code 401}, audited. Never blocks.
     */
    Caller caller(HttpMethod method, HttpHeaders headers, SocketAddress remote, String path) {
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        String sessionId = auth == null ? ConsoleHeaders.sessionId(headers.get(HttpHeaderNames.COOKIE)) : null;
        if (sessionId == null) {
            AdminTokens.Token who = tokens.authenticate(auth);
            return who != null ? new Caller(who, null) : new Caller(null, unauthorized(remote, path));
        }
        ConsoleSessions.Session s = console.sessions().find(sessionId);
        AdminTokens.Token who = s == null ? null : tokens.named(s.tokenName());
        if (who == null) {
            return new Caller(null, ConsoleEndpoints.sessionEnded());
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)
                && !"1".equals(headers.get(ConsoleHeaders.CONSOLE_HEADER))) {
            return new Caller(null, AdminResponses.error(HttpResponseStatus.FORBIDDEN, "CONSOLE_HEADER_REQUIRED",
                    "a change made with the console's session cookie must carry the header X-Screening-Console: 1"));
        }
        return new Caller(who, null);
    }

    /** The console's paths. */
    ConsoleEndpoints console() {
        return console;
    }

    /** Counts a failed authentication for the audit ({@link AuthFailureAudit}) and gives the {@code 401}. Never blocks. */
    FullHttpResponse unauthorized(SocketAddress remote, String path) {
        authFailures.record(remote, path);
        return AdminResponses.unauthorized();
    }

    private CompletableFuture<FullHttpResponse> dispatch(HttpMethod method, String path, QueryStringDecoder uri,
            byte[] body, AdminTokens.Token who, String ifNoneMatch, String contentType, String accept) {
        if (path.equals(LocalFeed.PATH)) {
            if (!method.equals(HttpMethod.GET)) {
                return done(AdminResponses.methodNotAllowed("GET"));
            }
            LocalFeed.Rendered now = feed.current();
            if (now != null) {
                return done(feed.answer(now, ifNoneMatch, who.name(), who.role().configName()));
            }
            return workers.onFeed(() -> feed.answer(feed.render(), ifNoneMatch, who.name(), who.role().configName()));
        }
        AdminTokens.requireMayRead(who);
        // POST only: GET and DELETE of this path are the entry whose id is "check"
        if (path.equals(ENTRIES_CHECK) && method.equals(HttpMethod.POST)) {
            AdminTokens.requireMayChange(who);
            boolean csv = isCsv(contentType);
            return workers.onIo(() -> changes.check(body, csv));
        }
        if (path.equals(ENTRIES)) {
            if (method.equals(HttpMethod.POST)) {
                AdminTokens.requireMayChange(who);
                boolean csv = isCsv(contentType);
                return workers.onWriter(() -> changes.push(body, csv, who.name()));
            }
            if (method.equals(HttpMethod.GET)) {
                String number = param(uri, "number");
                String email = param(uri, "email");
                String address = param(uri, "address");
                int given = (number != null ? 1 : 0) + (email != null ? 1 : 0) + (address != null ? 1 : 0);
                if (given > 1) {
                    return done(AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
                            "give exactly one of number, email or address"));
                }
                return done(email != null ? queries.entriesFor(Channel.EMAIL, email)
                        : address != null ? queries.entriesFor(Channel.POST, address)
                        : queries.entriesFor(number));
            }
            return done(AdminResponses.methodNotAllowed("GET, POST"));
        }
        if (path.startsWith(ENTRY_PREFIX) && path.length() > ENTRY_PREFIX.length()) {
            String id = QueryStringDecoder.decodeComponent(path.substring(ENTRY_PREFIX.length()));
            if (method.equals(HttpMethod.GET)) {
                return done(queries.entry(id));
            }
            if (method.equals(HttpMethod.DELETE)) {
                AdminTokens.requireMayChange(who);
                String reason = param(uri, "reason");
                if (reason != null && reason.codePointCount(0, reason.length()) > EntryValidator.REASON_MAX_CHARS) {
                    throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
                            "reason must be at most " + EntryValidator.REASON_MAX_CHARS + " characters");
                }
                return workers.onWriter(() -> changes.delete(id, reason, who.name()));
            }
            return done(AdminResponses.methodNotAllowed("GET, DELETE"));
        }
        switch (path) {
            case "/admin/v1/status" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(AdminResponses.methodNotAllowed("GET"));
                }
                return done(queries.status());
            }
            case "/admin/v1/reload" -> {
                if (!method.equals(HttpMethod.POST)) {
                    return done(AdminResponses.methodNotAllowed("POST"));
                }
                AdminTokens.requireMayChange(who);
                boolean force = booleanParam(uri, "force");
                return workers.onIo(() -> {
                    sources.pollNow(force);
                    return queries.status();
                });
            }
            case "/admin/v1/contact-attempts" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(AdminResponses.methodNotAllowed("GET"));
                }
                String format = param(uri, "format");
                boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"));
                if (format != null && !format.equals("csv") && !format.equals("json")) {
                    throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "format must be csv or json");
                }
                String pin = param(uri, "pin");
                if (pin != null && !PIN.matcher(pin).matches()) {
                    throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "pin must be 1 to 32 of 0-9, A-Z, a-z and -");
                }
                String reference = param(uri, "reference");
                if (reference != null && reference.codePointCount(0, reference.length()) > EntryValidator.REFERENCE_MAX_CHARS) {
                    throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
                            "reference must be at most " + EntryValidator.REFERENCE_MAX_CHARS + " characters");
                }
                ContactAttempts.Filter filter = new ContactAttempts.Filter(reference == null || reference.isBlank() ? null
                        : reference, pin, instantParam(uri, "from"), instantParam(uri, "until"));
                int limit = (int) longParam(uri, "limit", csv ? ContactAttempts.LIMIT_MAX : ContactAttempts.LIMIT_DEFAULT,
                        1, ContactAttempts.LIMIT_MAX);
                long before = longParam(uri, "before", 0, 0, Long.MAX_VALUE);
                return workers.onIo(() -> queries.contactAttempts(filter, limit, before, csv));
            }
            case "/admin/v1/contact-attempts/summary" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(AdminResponses.methodNotAllowed("GET"));
                }
                Instant from = instantParam(uri, "from");
                Instant until = instantParam(uri, "until");
                return workers.onIo(() -> queries.contactAttemptSummary(from, until));
            }
            case "/admin/v1/audit/verify" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(AdminResponses.methodNotAllowed("GET"));
                }
                return workers.onIo(queries::auditVerify);
            }
            case OpenApiDocument.PATH -> {
                return done(method.equals(HttpMethod.GET) ? openApi.answer() : AdminResponses.methodNotAllowed("GET"));
            }
            case "/admin/v1/audit" -> {
                if (!method.equals(HttpMethod.GET)) {
                    return done(AdminResponses.methodNotAllowed("GET"));
                }
                long after = longParam(uri, "after", 0, 0, Long.MAX_VALUE);
                int limit = (int) longParam(uri, "limit", AdminQueries.AUDIT_LIMIT_DEFAULT, 1, AdminQueries.AUDIT_LIMIT_MAX);
                return workers.onIo(() -> queries.audit(after, limit));
            }
            default -> {
                return done(AdminResponses.error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such admin path"));
            }
        }
    }

    private static String param(QueryStringDecoder uri, String name) {
        List<String> v = uri.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** An ISO-8601 instant ({@code 2026-12-04T09:00:00Z}) or a date ({@code 2026-12-04}, its first instant in UTC), or null. */
    private static Instant instantParam(QueryStringDecoder uri, String name) {
        String v = param(uri, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
                    name + " must be an ISO-8601 instant such as 2026-12-04T09:00:00Z, or a date such as 2026-12-04");
        }
    }

    private static boolean isCsv(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv");
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

    /**
     * Stops taking work, waits briefly for changes in flight (each is durable or not), and writes
     * the failed authentications still counted.
     */
    @Override
    public void close() {
        workers.close();
        authFailures.close();
    }
}
