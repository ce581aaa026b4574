package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;
import screening.server.cli.TokenCommand;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.console.ConsoleHeaders;
import screening.server.time.ManualTimeSource;

/**
 * The console's sign-in, session cookie and static paths against the real server over real HTTP
 * (SPEC section 13): sign-in and its refusal, the cookie on {@code /admin/v1/*}, the header a
 * cookie-authenticated change needs, sign-out, expiry on an injected clock, the auditor's limits,
 * and the security headers on every console answer.
 */
class ConsoleEndpointsTest {

    @TempDir
    Path dir;

    private final ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-12-04T09:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private AdminTestFilter f;

    @BeforeEach
    void start() throws Exception {
        ScreeningConfig c = AdminTestFilter.config(dir.resolve("data"), AdminTestFilter.TOKENS,
                AdminTestFilter.writeRegister(dir));
        c = new ScreeningConfig(c.establishment(), c.mode(), c.failClosed(), c.numbering(), c.query(),
                c.admin().withSessionTtl(Duration.ofHours(1)), c.register(), c.dataDir(), c.node(), c.email());
        f = AdminTestFilter.start(c, clock);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with JSON; the cookie's {@code name=value}. */
    private String signIn(String token) throws Exception {
        HttpResponse<String> r = send("POST", "/console/session", "application/json", "{\"token\":\"" + token + "\"}");
        assertThat(r.statusCode()).isEqualTo(204);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static void assertSecured(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void signIn_json_gives204AndAStrictHttpOnlyCookie() throws Exception {
        HttpResponse<String> r = send("POST", "/console/session", "application/json",
                "{\"token\":\"" + SECURITY_TOKEN + "\"}");

        assertThat(r.statusCode()).isEqualTo(204);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).matches("screening_session=[A-Za-z0-9_-]{43}; .*")
                .contains("Max-Age=3600").contains("Path=/").contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain("Secure");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertSecured(r);
    }

    @Test
    void signIn_form_redirectsToTheConsoleWithACookie() throws Exception {
        HttpResponse<String> r = send("POST", "/console/session", "application/x-www-form-urlencoded",
                "token=" + SECURITY_TOKEN);

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/");
        assertThat(r.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("screening_session="));
        assertSecured(r);
    }

    @Test
    void signIn_wrongToken_is401WithoutCookieAndAudited() throws Exception {
        HttpResponse<String> r = send("POST", "/console/session", "application/json", "{\"token\":\"not-a-token\"}");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(AdminCalls.json(r).path("error").asText()).isEqualTo("AUTH_FAILED");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertSecured(r);
        List<JsonNode> failed = AdminCalls.awaitAuthFailures(f, 1);
        assertThat(failed).anySatisfy(e -> assertThat(e.path("path").asText()).isEqualTo("/console/session"));
        assertThat(f.out.toString()).doesNotContain("not-a-token");
    }

    @Test
    void signIn_peerToken_is403WithoutCookie() throws Exception {
        String peerToken = "peer-token-for-tests-0003";
        f.close();
        List<ScreeningConfig.Token> tokens = new ArrayList<>(AdminTestFilter.TOKENS);
        tokens.add(new ScreeningConfig.Token("hull-b", TokenRole.PEER, TokenCommand.sha256Hex(peerToken)));
        f = AdminTestFilter.start(AdminTestFilter.config(dir.resolve("data2"), tokens, AdminTestFilter.writeRegister(dir)), clock);

        HttpResponse<String> r = send("POST", "/console/session", "application/json", "{\"token\":\"" + peerToken + "\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(AdminCalls.json(r).path("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertSecured(r);
    }

    @Test
    void session_withCookie_namesTheTokenRoleAndExpiry() throws Exception {
        String cookie = signIn(AUDITOR_TOKEN);

        HttpResponse<String> r = send("GET", "/console/session", null, null, "Cookie", cookie);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = AdminCalls.json(r);
        assertThat(s.path("token").asText()).isEqualTo("auditor-1");
        assertThat(s.path("role").asText()).isEqualTo("auditor");
        assertThat(s.path("expires").asText()).isEqualTo("2026-12-04T10:00:00Z");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertSecured(r);
    }

    @Test
    void session_withoutCookie_is401() throws Exception {
        HttpResponse<String> r = send("GET", "/console/session", null, null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertSecured(r);
    }

    @Test
    void adminGet_withCookie_answers() throws Exception {
        String cookie = signIn(SECURITY_TOKEN);

        HttpResponse<String> r = send("GET", "/admin/v1/status", null, null, "Cookie", cookie);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(AdminCalls.json(r).path("ready").asBoolean()).isTrue();
    }

    @Test
    void adminPost_cookieWithoutConsoleHeader_is403AndChangesNothing() throws Exception {
        String cookie = signIn(SECURITY_TOKEN);

        HttpResponse<String> r = send("POST", "/admin/v1/entries", "application/json",
                AdminCalls.block("T-CSRF-1", "07700 900201"), "Cookie", cookie);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(AdminCalls.json(r).path("error").asText()).isEqualTo("CONSOLE_HEADER_REQUIRED");
        assertThat(AdminCalls.blocked(f, "07700 900201")).isFalse();
    }

    @Test
    void adminPost_cookieWithConsoleHeader_adds201AuditedAsTheTokenName() throws Exception {
        String cookie = signIn(SECURITY_TOKEN);

        HttpResponse<String> r = send("POST", "/admin/v1/entries", "application/json",
                AdminCalls.block("T-COOKIE-1", "07700 900202"), "Cookie", cookie, "X-Screening-Console", "1");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(AdminCalls.blocked(f, "07700 900202")).isTrue();
        assertThat(AdminCalls.auditEvents(f)).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("ENTRY_ADDED");
            assertThat(e.path("entry").path("id").asText()).isEqualTo("T-COOKIE-1");
            assertThat(e.path("actor").asText()).isEqualTo("spoc-hull");
        });
    }

    @Test
    void adminDelete_auditorCookie_is403() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, AdminCalls.block("T-AUD-1", "07700 900203"));
        String cookie = signIn(AUDITOR_TOKEN);

        HttpResponse<String> r = send("DELETE", "/admin/v1/entries/T-AUD-1?reason=test", null, null, "Cookie", cookie,
                "X-Screening-Console", "1");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(AdminCalls.json(r).path("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(AdminCalls.blocked(f, "07700 900203")).isTrue();
    }

    @Test
    void signOut_endsTheSessionAndClearsTheCookie() throws Exception {
        String cookie = signIn(SECURITY_TOKEN);

        HttpResponse<String> out = send("DELETE", "/console/session", null, null, "Cookie", cookie);

        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertSecured(out);
        assertThat(send("GET", "/admin/v1/status", null, null, "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/session", null, null, "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void session_pastTheTtl_is401() throws Exception {
        String cookie = signIn(SECURITY_TOKEN);
        clock.advance(Duration.ofMinutes(59));
        assertThat(send("GET", "/admin/v1/status", null, null, "Cookie", cookie).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));

        assertThat(send("GET", "/admin/v1/status", null, null, "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/session", null, null, "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void adminGet_unknownCookie_is401() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/v1/status", null, null, "Cookie",
                "screening_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void adminGet_bearerStillWorksAndWinsOverACookie() throws Exception {
        HttpResponse<String> r = send("GET", "/admin/v1/status", null, null, "Authorization", "Bearer " + AUDITOR_TOKEN,
                "Cookie", "screening_session=unknown");

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void console_withoutSlash_redirectsWithHeaders() throws Exception {
        HttpResponse<String> r = send("GET", "/console", null, null);

        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/");
        assertSecured(r);
    }

    @Test
    void asset_traversalOrUnknown_is404WithHeaders() throws Exception {
        for (String p : List.of("/console/../admin/v1/status", "/console/%2e%2e/%2e%2e/etc/passwd",
                "/console/..%2fscreening/server/ScreeningServer.class", "/console/no-such.js", "/console/session/x")) {
            HttpResponse<String> r = send("GET", p, null, null);
            assertThat(r.statusCode()).as(p).isEqualTo(404);
            assertSecured(r);
        }
    }

    @Test
    void signIn_bodyOverItsLimit_is413() throws Exception {
        HttpResponse<String> r = send("POST", "/console/session", "application/json",
                "{\"token\":\"" + "x".repeat(ConsoleEndpoints.SESSION_BODY_MAX_BYTES) + "\"}");

        assertThat(r.statusCode()).isEqualTo(413);
    }

    /** The files path alone, on files read from a directory as the server reads its jar's. */
    private static io.netty.handler.codec.http.FullHttpResponse file(ConsoleEndpoints e, String method, String path,
            String ifNoneMatch) {
        io.netty.handler.codec.http.DefaultFullHttpRequest req = new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.valueOf(method), path);
        if (ifNoneMatch != null) {
            req.headers().set("If-None-Match", ifNoneMatch);
        }
        try {
            return e.answer(req, path, null);
        } finally {
            req.release();
        }
    }

    @Test
    void asset_servedWithTypeEtagAndTheCsp() throws Exception {
        Path classes = dir.resolve("classes/console");
        java.nio.file.Files.createDirectories(classes);
        java.nio.file.Files.writeString(classes.resolve("index.html"), "<!doctype html><title>Console</title>");
        java.nio.file.Files.writeString(classes.resolve("app.js"), "export {};");
        screening.server.console.ConsoleAssets assets;
        try (java.net.URLClassLoader l = new java.net.URLClassLoader(
                new java.net.URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            assets = screening.server.console.ConsoleAssets.load(l);
        }
        ConsoleEndpoints e = new ConsoleEndpoints(null, null, new screening.server.console.ConsoleSessions(
                Duration.ofHours(1), 10, clock), assets, false);

        io.netty.handler.codec.http.FullHttpResponse index = file(e, "GET", "/console/", null);
        io.netty.handler.codec.http.FullHttpResponse js = file(e, "GET", "/console/app.js", null);
        io.netty.handler.codec.http.FullHttpResponse again = file(e, "GET", "/console/app.js", js.headers().get("ETag"));
        io.netty.handler.codec.http.FullHttpResponse post = file(e, "POST", "/console/app.js", null);
        try {
            assertThat(index.status().code()).isEqualTo(200);
            assertThat(index.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(index.content().toString(java.nio.charset.StandardCharsets.UTF_8)).contains("<title>Console");
            assertThat(index.headers().get("Content-Security-Policy")).isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);
            assertThat(js.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(js.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(again.status().code()).isEqualTo(304);
            assertThat(again.headers().get("Content-Security-Policy")).isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);
            assertThat(post.status().code()).isEqualTo(405);
            assertThat(post.headers().get("Content-Security-Policy")).isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        } finally {
            index.release();
            js.release();
            again.release();
            post.release();
        }
    }
}
