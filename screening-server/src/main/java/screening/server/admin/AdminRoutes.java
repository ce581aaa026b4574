package screening.server.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import screening.core.Channel;
import screening.core.EntryValidator;
import screening.server.register.RegisterSources;

/**
 * The {@code /admin/} endpoints of SPEC section 5: checks the bearer token, then sends each path
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

    private final AdminTokens tokens;
    private final LocalEntryChanges changes;
    private final AdminQueries queries;
    private final LocalFeed feed;
    private final RegisterSources sources;
    private final AuthFailureAudit authFailures;
    private final AdminWorkers workers;

    /**
     * @param feed answers {@code GET /admin/v1/feed}
     * @param sources polled on {@code POST /admin/v1/reload}
     * @param authFailures where a failed authentication is counted for the audit; closed by {@link #close}
     * @param workers the threads blocking work runs on; closed by {@link #close}
     */
    public AdminRoutes(AdminTokens tokens, LocalEntryChanges changes, AdminQueries queries, LocalFeed feed,
            RegisterSources sources, AuthFailureAudit authFailures, AdminWorkers workers) {
        this.tokens = tokens;
        this.changes = changes;
        this.queries = queries;
        this.feed = feed;
        this.sources = sources;
        this.authFailures = authFailures;
        this.workers = workers;
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
        String ifNoneMatch;
        byte[] body;
        try {
            method = request.method();
            uri = new QueryStringDecoder(request.uri());
            auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
            body = ByteBufUtil.getBytes(request.content());
        } finally {
            request.release();
        }
        String path = uri.path();
        AdminTokens.Token who = tokens.authenticate(auth);
        if (who == null) {
            return done(unauthorized(remote, path));
        }
        try {
            return dispatch(method, path, uri, body, who, ifNoneMatch);
        } catch (Refusal r) {
            return done(r.response());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "admin {0} {1} failed: {2}", method, path, e.getClass().getName());
            return done(AdminResponses.internalError());
        }
    }

    /** The token {@code authorization} (the header's value, may be null) presents, or null. Never blocks. */
    AdminTokens.Token authenticate(String authorization) {
        return tokens.authenticate(authorization);
    }

    /** Counts a failed authentication for the audit ({@link AuthFailureAudit}) and gives the {@code 401}. Never blocks. */
    FullHttpResponse unauthorized(SocketAddress remote, String path) {
        authFailures.record(remote, path);
        return AdminResponses.unauthorized();
    }

    private CompletableFuture<FullHttpResponse> dispatch(HttpMethod method, String path, QueryStringDecoder uri,
            byte[] body, AdminTokens.Token who, String ifNoneMatch) {
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
        if (path.equals(ENTRIES)) {
            if (method.equals(HttpMethod.POST)) {
                AdminTokens.requireMayChange(who);
                return workers.onWriter(() -> changes.push(body, who.name()));
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
