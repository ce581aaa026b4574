package screening.server.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import screening.server.console.ConsoleAssets;
import screening.server.console.ConsoleHeaders;
import screening.server.console.ConsoleSessions;
import screening.server.json.Json;

/**
 * The console's own paths on the admin port (SPEC section 13): its static files under
 * {@code /console/}, and sign-in, the session and sign-out at {@value #SESSION}. Every answer
 * carries the console's Content-Security-Policy; session answers are never cached.
 *
 * <pre>
 *   GET    /console            301 to /console/
 *   GET    /console/{file}     the file (304 when its ETag matches), or 404
 *   POST   /console/session    token as a form field or JSON: 204 (JSON) or 303 to /console/ (form),
 *                              with the session cookie; a wrong token is 401 AUTH_FAILED, audited
 *   GET    /console/session    200 {"token","role","expires"}, or 401
 *   DELETE /console/session    204, the session ended and the cookie cleared
 * </pre>
 *
 * <p>Thread-safe; {@link #answer} runs on the admin event loop and never blocks (a token check is
 * one SHA-256; a failed sign-in is counted by {@link AuthFailureAudit}, which writes on its own
 * thread).
 */
public final class ConsoleEndpoints {

    /** The sign-in, session and sign-out path. */
    static final String SESSION = "/console/session";
    /** The largest sign-in body read: a form or JSON holding one token. */
    static final int SESSION_BODY_MAX_BYTES = 8192;

    private static final ObjectReader BODY_READER = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final AdminTokens tokens;
    private final AuthFailureAudit authFailures;
    private final ConsoleSessions sessions;
    private final ConsoleAssets assets;
    private final boolean tls;

    /**
     * @param authFailures where a failed sign-in is counted for the audit (not closed here)
     * @param tls whether the admin port speaks TLS: the cookie is then {@code Secure}
     */
    public ConsoleEndpoints(AdminTokens tokens, AuthFailureAudit authFailures, ConsoleSessions sessions,
            ConsoleAssets assets, boolean tls) {
        this.tokens = tokens;
        this.authFailures = authFailures;
        this.sessions = sessions;
        this.assets = assets;
        this.tls = tls;
    }

    /** Whether {@code path} is one of the console's. */
    static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The sessions whose cookies {@code /admin/} accepts. */
    ConsoleSessions sessions() {
        return sessions;
    }

    /** Answers one console request; releases nothing (the caller owns {@code request}). Never blocks. */
    FullHttpResponse answer(FullHttpRequest request, String path, SocketAddress remote) {
        HttpMethod m = request.method();
        if (path.equals(SESSION)) {
            FullHttpResponse r;
            if (m.equals(HttpMethod.POST)) {
                r = signIn(request, remote);
            } else if (m.equals(HttpMethod.GET)) {
                r = session(request.headers());
            } else if (m.equals(HttpMethod.DELETE)) {
                r = signOut(request.headers());
            } else {
                r = AdminResponses.methodNotAllowed("GET, POST, DELETE");
            }
            ConsoleHeaders.secureNoStore(r.headers());
            return r;
        }
        FullHttpResponse r = asset(m, path, request.headers());
        ConsoleHeaders.secure(r.headers());
        return r;
    }

    private FullHttpResponse asset(HttpMethod m, String path, HttpHeaders headers) {
        if (path.equals("/console")) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
            r.headers().set(HttpHeaderNames.LOCATION, "/console/");
            return r;
        }
        if (!m.equals(HttpMethod.GET) && !m.equals(HttpMethod.HEAD)) {
            return AdminResponses.methodNotAllowed("GET, HEAD");
        }
        ConsoleAssets.Asset a = assets.find(path.substring("/console/".length()));
        if (a == null) {
            return AdminResponses.error(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such console file");
        }
        FullHttpResponse r;
        if (a.etag().equals(headers.get(HttpHeaderNames.IF_NONE_MATCH))) {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    m.equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(a.bytes()));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
        }
        r.headers().set(HttpHeaderNames.ETAG, a.etag());
        // revalidated on every load: a new jar's files are seen at once
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return r;
    }

    private FullHttpResponse signIn(FullHttpRequest request, SocketAddress remote) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        if (!form && !type.startsWith("application/json")) {
            return AdminResponses.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "send the token as application/x-www-form-urlencoded or application/json");
        }
        String body = request.content().toString(StandardCharsets.UTF_8);
        String token;
        if (form) {
            List<String> v = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters().get("token");
            token = v == null || v.isEmpty() ? null : v.get(0);
        } else {
            token = jsonToken(ByteBufUtil.getBytes(request.content()));
            if (token == null && !body.isBlank() && !isJsonObject(body)) {
                return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_JSON",
                        "the body must be a JSON object such as {\"token\":\"...\"}");
            }
        }
        if (token == null || token.isBlank()) {
            return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "token is required");
        }
        AdminTokens.Token who = tokens.authenticate("Bearer " + token);
        if (who == null) {
            authFailures.record(remote, SESSION);
            return AdminResponses.error(HttpResponseStatus.UNAUTHORIZED, "AUTH_FAILED", "that token is not valid");
        }
        if (!who.role().mayRead()) {
            // A peer token reads only the feed: a console session would give it nothing but a cookie.
            return AdminResponses.error(HttpResponseStatus.FORBIDDEN, "FORBIDDEN", "token " + who.name() + " has role "
                    + who.role().configName() + ", which may only read " + LocalFeed.PATH + ", not sign in to the console");
        }
        ConsoleSessions.Created c = sessions.create(who.name(), who.role());
        FullHttpResponse r;
        if (form) {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER);
            r.headers().set(HttpHeaderNames.LOCATION, "/console/");
        } else {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        }
        r.headers().set(HttpHeaderNames.SET_COOKIE, ConsoleHeaders.setCookie(c.id(), sessions.ttl(), tls));
        return r;
    }

    /** The {@code token} of a JSON object body, or null when it has none or is not such an object. */
    private static String jsonToken(byte[] body) {
        try {
            JsonNode n = BODY_READER.readTree(body);
            JsonNode t = n == null ? null : n.get("token");
            return t != null && t.isTextual() ? t.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isJsonObject(String body) {
        try {
            JsonNode n = BODY_READER.readTree(body);
            return n != null && n.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    private FullHttpResponse session(HttpHeaders h) {
        ConsoleSessions.Session s = sessions.find(ConsoleHeaders.sessionId(h.get(HttpHeaderNames.COOKIE)));
        if (s == null) {
            return sessionEnded();
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("token", s.tokenName());
        o.put("role", s.role().configName());
        o.put("expires", s.expires().toString());
        return AdminResponses.json(HttpResponseStatus.OK, o);
    }

    private FullHttpResponse signOut(HttpHeaders h) {
        sessions.end(ConsoleHeaders.sessionId(h.get(HttpHeaderNames.COOKIE)));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        r.headers().set(HttpHeaderNames.SET_COOKIE, ConsoleHeaders.clearCookie(tls));
        return r;
    }

    /** {@code 401}: no session, or one that has expired or ended. Not audited: it is no failed sign-in. */
    static FullHttpResponse sessionEnded() {
        return AdminResponses.error(HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED",
                "no console session, or it has ended; sign in again");
    }
}
