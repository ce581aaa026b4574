package screening.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.server.OpenApiContract.Exchange;
import screening.server.OpenApiContract.Port;
import screening.server.cli.TokenCommand;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.query.RawHttp;
import screening.server.storage.FaultyFileChannel;
import screening.server.storage.ScriptedDisk;

/**
 * docs/openapi.yaml against the real filter: real HTTP requests to both ports of a running
 * {@link ScreeningServer}, each request and each answer (status, headers, body) checked against
 * the document by {@link OpenApiContract}; the document itself read by swagger-parser as OpenAPI
 * 3.1; its paths against the admin router's; and the copy the admin port serves against the file.
 * Only drama numbers, example.org e-mail and ZZ postcodes are used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScreeningServerOpenApiTest {

    private static final String PEER_TOKEN = "peer-token-for-tests-0003";
    /** What a request is to the document: described by it, outside it, or beyond what it can say. */
    private enum Req { CONFORMS, VIOLATES, UNCHECKED }

    @TempDir
    static Path dir;
    private static AdminTestFilter filter;
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final Set<Integer> PRODUCED = new TreeSet<>();
    private static final Set<String> PRODUCED_CODES = new TreeSet<>();
    private static final Pattern ERROR_CODE = Pattern.compile("^\\{\"error\":\"([A-Z_]+)\"");

    @BeforeAll
    static void start() throws Exception {
        Path reg = AdminTestFilter.writeRegister(dir);
        List<ScreeningConfig.Token> tokens = new ArrayList<>(AdminTestFilter.TOKENS);
        tokens.add(new ScreeningConfig.Token("hull-b", TokenRole.PEER, TokenCommand.sha256Hex(PEER_TOKEN)));
        ScreeningConfig.Connections quick1s = new ScreeningConfig.Connections(64, Duration.ofMinutes(1), Duration.ofSeconds(1));
        ScreeningConfig c = new ScreeningConfig("HULL", Mode.BLOCKLIST, true, NumberingPlan.DEFAULT,
                new ScreeningConfig.Listen("127.0.0.1", 0, quick1s),
                new ScreeningConfig.Admin("127.0.0.1", 0, tokens, quick1s, ScreeningConfig.Admin.MAX_BODY_BYTES_DEFAULT),
                new ScreeningConfig.Register(List.of(new ScreeningConfig.Source("national", reg.toUri(), Duration.ofHours(1))), 50),
                dir.resolve("data"), AdminTestFilter.NODE);
        filter = AdminTestFilter.start(c);
    }

    @AfterAll
    static void stop() {
        if (filter != null) {
            filter.close();
        }
    }

    // ------------------------------------------------------------------ the document itself

    @Test
    void document_parsedAsOpenApi31_hasNoParserMessages() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult r = new OpenAPIParser().readContents(Files.readString(docsFile()), null, options);
        assertThat(r.getMessages()).isEmpty();
        assertThat(r.getOpenAPI()).isNotNull();
        assertThat(r.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(r.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void document_bundledCopy_equalsDocsFile() throws IOException {
        try (var in = getClass().getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(docsFile()));
        }
    }

    @Test
    void document_routerPaths_matchDocumentPaths() throws IOException {
        // the paths the code answers, read from the string literals the routers match on
        Set<String> code = new TreeSet<>();
        Pattern literal = Pattern.compile("\"(/(?:admin/v1|v1|health|metrics|console)[A-Za-z0-9/._-]*)\"");
        for (String f : List.of("admin/AdminRoutes.java", "admin/AdminHandler.java", "admin/ConsoleEndpoints.java",
                "admin/LocalFeed.java", "admin/OpenApiDocument.java", "query/QueryRequestDecoder.java")) {
            Matcher m = literal.matcher(Files.readString(Path.of("src/main/java/screening/server/" + f)));
            while (m.find()) {
                code.add(m.group(1));
            }
        }
        // a prefix the code matches ("/admin/v1/entries/", "/console/") stands for its template
        Set<String> documented = new TreeSet<>();
        for (String p : CONTRACT.paths()) {
            documented.add(p.replaceAll("\\{[^}]+}$", ""));
        }
        code.remove("/admin/v1"); // the prefix every admin path shares
        assertThat(code).isEqualTo(documented);
    }

    // ------------------------------------------------------------------ the query port

    @Test
    void queryPort_everyAnswer_matchesDocument() throws Exception {
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700%20900123", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700900456", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=%2B44%2007700%20900123&establishment=HULL", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=not-a-number", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&email=jane.doe%2Bnews@example.org", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&email=no-at-sign", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&address=12%20Rose%20Street%2C%20Hull%20ZZ1%201AA", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&address=nowhere", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "POST", "/v1/screen", json(), "{\"pin\":\"1234\",\"number\":\"07700 900123\",\"establishment\":\"HULL\"}", 200, Req.CONFORMS);
        check(Port.QUERY, "POST", "/v1/screen", json(), "{\"pin\":\"1234\",\"address\":\"Flat 3, 12 Rose Street, Hull ZZ1 1AA\",\"establishment\":null}", 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/health/live", Map.of(), null, 200, Req.CONFORMS);
        check(Port.QUERY, "GET", "/health/ready", Map.of(), null, 200, Req.CONFORMS);

        check(Port.QUERY, "GET", "/v1/screen?number=07700900456", Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "GET", "/v1/screen?pin=12%2034&number=07700900456", Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700900456&colour=red", Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=" + "7".repeat(65), Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&email=" + "a".repeat(243) + "@example.org", Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&address=" + "A".repeat(513), Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700900456&establishment=hull", Map.of(), null, 400, Req.VIOLATES);
        check(Port.QUERY, "POST", "/v1/screen", json(), "{\"pin\":\"1234\"", 400, Req.VIOLATES);
        check(Port.QUERY, "POST", "/v1/screen", json(), "{\"pin\":\"1234\",\"number\":\"07700900456\",\"email\":\"jo@example.org\"}", 400, Req.VIOLATES);
        // "exactly one of" three query parameters, and a parameter given twice, are beyond what parameters can say
        check(Port.QUERY, "GET", "/v1/screen?pin=1234", Map.of(), null, 400, Req.UNCHECKED);
        check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700900456&pin=1234", Map.of(), null, 400, Req.UNCHECKED);

        checkComponent(Port.QUERY, "GET", "/admin/v1/status", Map.of(), null, 404, "QueryNotFound");
        checkComponent(Port.QUERY, "DELETE", "/v1/screen", Map.of(), null, 405, "QueryMethodNotAllowed");
        checkComponent(Port.QUERY, "POST", "/health/live", Map.of(), null, 405, "QueryMethodNotAllowed");
    }

    @Test
    void queryPort_connectionFaults_matchDocument() throws Exception {
        raw(Port.QUERY, "POST", "/v1/screen", "POST /v1/screen HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\n", 413);
        String longTarget = "/v1/screen?pin=1234&number=" + "7".repeat(9000);
        raw(Port.QUERY, "GET", "/v1/screen", "GET " + longTarget + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
        raw(Port.QUERY, "GET", "/v1/screen", "GET /v1/screen?pin=1 HTTP/1.1\r\nHost: t\r\nX-Pad: " + "p".repeat(9000) + "\r\n\r\n", 431);
        raw(Port.QUERY, "GET", "/v1/screen", "GET /v1/screen?pin=1 HTTP/1.1\r\nHost t\r\n\r\n", 400);
        raw(Port.QUERY, "GET", "/v1/screen", "GET /v1/screen?pin=1234&number=1 HTTP/1.1\r\nHost: t\r\n", 408);
    }

    // ------------------------------------------------------------------ the admin port

    @Test
    void adminPort_everyAnswer_matchesDocument() throws Exception {
        String sec = AdminTestFilter.SECURITY_TOKEN;
        String aud = AdminTestFilter.AUDITOR_TOKEN;
        // a contact attempt for the reads below
        check(Port.QUERY, "GET", "/v1/screen?pin=2001&number=07700900123", Map.of(), null, 200, Req.CONFORMS);

        check(Port.ADMIN, "GET", "/health/live", Map.of(), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/health/ready", Map.of(), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/metrics", Map.of(), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/status", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/status", Map.of(), null, 401, Req.VIOLATES);
        check(Port.ADMIN, "GET", "/admin/v1/status", bearer(PEER_TOKEN), null, 403, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/reload", bearer(sec), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/reload?force=true", bearer(sec), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/reload?force=maybe", bearer(sec), null, 400, Req.VIOLATES);
        check(Port.ADMIN, "POST", "/admin/v1/reload", bearer(aud), null, 403, Req.CONFORMS);

        // pushes: one, a batch, CSV; refusals
        Exchange one = check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(sec),
                "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900321\",\"scope\":\"ESTABLISHMENT\","
                        + "\"establishment\":\"HULL\",\"reason\":\"VICTIM_REQUEST\",\"reference\":\"CASE/2026/0042\"}",
                201, Req.CONFORMS);
        String localId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(one.responseBody())
                .path("entries").path(0).path("id").asText();
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(sec),
                "[{\"id\":\"C-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"email\":\"jo.bloggs@example.org\",\"scope\":\"NATIONAL\"},"
                        + "{\"id\":\"C-2\",\"action\":\"BLOCK\",\"match\":\"POSTCODE\",\"address\":\"ZZ1 1AA\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\"}]",
                201, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerCsv(sec),
                "id,action,match,number,scope,establishment,reason,reference\nC-3,BLOCK,EXACT,0113 496 0321,ESTABLISHMENT,HULL,VICTIM_REQUEST,CASE/A\n",
                201, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(sec),
                "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900322\"}", 400, Req.VIOLATES);
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(sec), "{\"action\":", 400, Req.VIOLATES);
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerCsv(sec),
                "id,action,match,number,scope\nC-4,BLOCK,EXACT,07700 900323,ESTABLISHMENT\n", 400, Req.UNCHECKED);
        // CSV that is not UTF-8: the document's text/csv is a string, which bytes cannot express
        checkBytes(Port.ADMIN, "POST", "/admin/v1/entries", bearerCsv(sec),
                new byte[] {'i', 'd', '\n', (byte) 0xC3, (byte) 0x28, '\n'}, 400, Req.UNCHECKED);
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(sec),
                "{\"id\":\"SPC-T-0001\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900324\",\"scope\":\"NATIONAL\"}",
                409, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(aud),
                "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900325\",\"scope\":\"NATIONAL\"}", 403, Req.CONFORMS);

        // finds and reads
        check(Port.ADMIN, "GET", "/admin/v1/entries?number=07700%20900123", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries?number=07700900321", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries?email=Jo.Bloggs%2Btag@example.org", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries?address=12%20Rose%20Street%2C%20Hull%20ZZ1%201AA", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries?number=not-a-number", bearer(aud), null, 400, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries?email=no-at-sign", bearer(aud), null, 400, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries?address=nowhere", bearer(aud), null, 400, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries/SPC-T-0001", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries/" + localId, bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries/C-2", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/entries/NO-SUCH-ID", bearer(aud), null, 404, Req.CONFORMS);

        // the console's check
        check(Port.ADMIN, "POST", "/admin/v1/entries/check", bearerJson(sec),
                "[{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900123\",\"scope\":\"NATIONAL\"},{\"action\":\"BLOCK\"}]",
                200, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/admin/v1/entries/check", bearerCsv(sec),
                "id,action,match,number,scope\nC-9,BLOCK,EXACT,07700 900330,NATIONAL\nC-10,BLOCK,EXACT,,NATIONAL\n", 200, Req.CONFORMS);

        // removals
        check(Port.ADMIN, "DELETE", "/admin/v1/entries/SPC-T-0001", bearer(sec), null, 409, Req.CONFORMS);
        check(Port.ADMIN, "DELETE", "/admin/v1/entries/NO-SUCH-ID", bearer(sec), null, 404, Req.CONFORMS);
        check(Port.ADMIN, "DELETE", "/admin/v1/entries/C-1?reason=" + "r".repeat(129), bearer(sec), null, 400, Req.VIOLATES);
        check(Port.ADMIN, "DELETE", "/admin/v1/entries/" + localId + "?reason=the%20victim%20asked", bearer(sec), null, 200, Req.CONFORMS);

        // audit and contact attempts (the attempt above is written by the audit thread: wait for it)
        waitForContactAttempt(aud);
        check(Port.ADMIN, "GET", "/admin/v1/audit?after=0&limit=1000", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/audit?limit=0", bearer(aud), null, 400, Req.VIOLATES);
        check(Port.ADMIN, "GET", "/admin/v1/audit/verify", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/contact-attempts?limit=10", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/contact-attempts?format=csv&from=2020-01-01", bearer(aud), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/contact-attempts?pin=no%20spaces", bearer(aud), null, 400, Req.VIOLATES);
        check(Port.ADMIN, "GET", "/admin/v1/contact-attempts?from=yesterday", bearer(aud), null, 400, Req.VIOLATES);
        check(Port.ADMIN, "GET", "/admin/v1/contact-attempts/summary", bearer(aud), null, 200, Req.CONFORMS);

        // the feed, with the peer's token, and its ETag
        Exchange feed = check(Port.ADMIN, "GET", "/admin/v1/feed", bearer(PEER_TOKEN), null, 200, Req.CONFORMS);
        Map<String, String> conditional = new LinkedHashMap<>(bearer(PEER_TOKEN));
        conditional.put("If-None-Match", feed.responseHeaders().get("etag"));
        check(Port.ADMIN, "GET", "/admin/v1/feed", conditional, null, 304, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/feed", Map.of(), null, 401, Req.VIOLATES);

        // this document
        Exchange served = check(Port.ADMIN, "GET", "/admin/v1/openapi.yaml", bearer(aud), null, 200, Req.CONFORMS);
        assertThat(served.responseHeaders().get("content-type")).isEqualTo("application/yaml");
        assertThat(new String(served.responseBody(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(docsFile()));
        check(Port.ADMIN, "GET", "/admin/v1/openapi.yaml", bearer(sec), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/openapi.yaml", bearer(PEER_TOKEN), null, 403, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/openapi.yaml", Map.of(), null, 401, Req.VIOLATES);

        checkComponent(Port.ADMIN, "GET", "/admin/v1/no-such-path", bearer(aud), null, 404, "AdminNotFound");
        checkComponent(Port.ADMIN, "GET", "/no-such-path", Map.of(), null, 404, "AdminNotFound");
        checkComponent(Port.ADMIN, "PUT", "/admin/v1/status", bearer(sec), null, 405, "AdminMethodNotAllowed");
        checkComponent(Port.ADMIN, "POST", "/admin/v1/openapi.yaml", bearer(sec), null, 405, "AdminMethodNotAllowed");
    }

    @Test
    void adminPort_console_matchesDocument() throws Exception {
        check(Port.ADMIN, "GET", "/console", Map.of(), null, 301, Req.CONFORMS);
        Exchange index = check(Port.ADMIN, "GET", "/console/", Map.of(), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/console/", Map.of("If-None-Match", index.responseHeaders().get("etag")), null, 304, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/console/app.js", Map.of(), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/console/console.css", Map.of(), null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/console/no-such-file.exe", Map.of(), null, 404, Req.CONFORMS);

        Map<String, String> jsonHeaders = json();
        Exchange signedIn = check(Port.ADMIN, "POST", "/console/session", jsonHeaders,
                "{\"token\":\"" + AdminTestFilter.SECURITY_TOKEN + "\"}", 204, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/console/session", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "token=" + AdminTestFilter.AUDITOR_TOKEN, 303, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/console/session", jsonHeaders, "{\"token\":\"not-a-token\"}", 401, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/console/session", jsonHeaders, "{\"token\":\"" + PEER_TOKEN + "\"}", 403, Req.CONFORMS);
        check(Port.ADMIN, "POST", "/console/session", jsonHeaders, "{}", 400, Req.VIOLATES);
        check(Port.ADMIN, "POST", "/console/session", Map.of("Content-Type", "text/plain"), "token", 415, Req.VIOLATES);
        raw(Port.ADMIN, "POST", "/console/session", "POST /console/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                + "Content-Length: 9000\r\n\r\n", 413);

        String cookie = signedIn.responseHeaders().get("set-cookie").split(";", 2)[0];
        Map<String, String> withCookie = Map.of("Cookie", cookie);
        check(Port.ADMIN, "GET", "/console/session", withCookie, null, 200, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/console/session", Map.of(), null, 401, Req.VIOLATES);
        check(Port.ADMIN, "GET", "/admin/v1/status", withCookie, null, 200, Req.CONFORMS);
        // the header rule for a change made with the cookie is beyond what security schemes can say
        check(Port.ADMIN, "POST", "/admin/v1/reload", withCookie, null, 403, Req.UNCHECKED);
        Map<String, String> withHeader = new LinkedHashMap<>(withCookie);
        withHeader.put("X-Screening-Console", "1");
        check(Port.ADMIN, "POST", "/admin/v1/reload", withHeader, null, 200, Req.CONFORMS);
        check(Port.ADMIN, "DELETE", "/console/session", withCookie, null, 204, Req.CONFORMS);
        check(Port.ADMIN, "GET", "/admin/v1/status", withCookie, null, 401, Req.CONFORMS);
    }

    @Test
    void adminPort_connectionFaults_matchDocument() throws Exception {
        String auth = "Authorization: Bearer " + AdminTestFilter.SECURITY_TOKEN + "\r\n";
        raw(Port.ADMIN, "POST", "/admin/v1/entries", "POST /admin/v1/entries HTTP/1.1\r\nHost: t\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: 17000000\r\n\r\n", 413);
        raw(Port.ADMIN, "GET", "/admin/v1/status", "GET /admin/v1/status?" + "p".repeat(5000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
        raw(Port.ADMIN, "GET", "/admin/v1/status", "GET /admin/v1/status HTTP/1.1\r\nHost: t\r\n" + auth + "X-Pad: "
                + "p".repeat(9000) + "\r\n\r\n", 431);
        raw(Port.ADMIN, "GET", "/admin/v1/status", "GET /admin/v1/status HTTP/1.1\r\nHost: t\r\n" + auth
                + "Content-Length: x\r\n\r\n", 400);
        raw(Port.ADMIN, "GET", "/admin/v1/status", "GET /admin/v1/status HTTP/1.1\r\nHost: t\r\n" + auth, 408);
    }

    @Test
    void notReady_answers_matchDocument() throws Exception {
        // a register source with no copy anywhere: not ready, every query UNAVAILABLE
        Path d = Files.createTempDirectory(dir, "not-ready");
        ScreeningConfig c = AdminTestFilter.config(d.resolve("data"), AdminTestFilter.TOKENS, d.resolve("absent.ndjson"));
        try (AdminTestFilter notReady = AdminTestFilter.start(c)) {
            AdminTestFilter saved = filter;
            filter = notReady;
            try {
                check(Port.QUERY, "GET", "/health/ready", Map.of(), null, 503, Req.CONFORMS);
                check(Port.ADMIN, "GET", "/health/ready", Map.of(), null, 503, Req.CONFORMS);
                check(Port.QUERY, "GET", "/v1/screen?pin=1234&number=07700900456", Map.of(), null, 200, Req.CONFORMS);
                check(Port.ADMIN, "GET", "/admin/v1/status", bearer(AdminTestFilter.AUDITOR_TOKEN), null, 200, Req.CONFORMS);
                check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(AdminTestFilter.SECURITY_TOKEN),
                        "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900331\",\"scope\":\"NATIONAL\"}",
                        201, Req.CONFORMS);
            } finally {
                filter = saved;
            }
        }
    }

    @Test
    void diskFaults_answers_matchDocument() throws Exception {
        // a disk the test scripts: full (507 STORAGE_FULL), then failing fsyncs (500 STORAGE_FAILED)
        Path d = Files.createTempDirectory(dir, "disk");
        ScriptedDisk disk = new ScriptedDisk();
        ScreeningConfig c = AdminTestFilter.config(d.resolve("data"), AdminTestFilter.TOKENS, AdminTestFilter.writeRegister(d));
        try (AdminTestFilter faulty = AdminTestFilter.start(c, FaultyFileChannel.opener(disk))) {
            AdminTestFilter saved = filter;
            filter = faulty;
            try {
                String push = "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900340\",\"scope\":\"NATIONAL\"}";
                disk.fullAfter(0);
                check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(AdminTestFilter.SECURITY_TOKEN), push, 507, Req.CONFORMS);
                disk.heal();
                disk.failForce(true);
                check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(AdminTestFilter.SECURITY_TOKEN), push, 500, Req.CONFORMS);
                disk.heal();
                check(Port.ADMIN, "POST", "/admin/v1/entries", bearerJson(AdminTestFilter.SECURITY_TOKEN), push, 201, Req.CONFORMS);
            } finally {
                filter = saved;
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void statuses_afterEveryExchange_allProduced() {
        // runs last (@Order): every status the document lists was answered by the real filter
        Set<Integer> missing = new TreeSet<>(CONTRACT.statuses());
        missing.removeAll(PRODUCED);
        assertThat(missing).isEmpty();
        // every error code but the stopping filter's 503 SHUTTING_DOWN and the unexpected 500 INTERNAL
        Set<String> codes = new TreeSet<>(CONTRACT.errorCodes());
        codes.removeAll(PRODUCED_CODES);
        assertThat(codes).containsExactlyInAnyOrder("SHUTTING_DOWN", "INTERNAL");
    }

    // ------------------------------------------------------------------ checks

    /** Sends one request, checks that the answer has {@code status}, and holds both to the document. */
    private static Exchange check(Port port, String method, String target, Map<String, String> headers, String body,
            int status, Req req) throws IOException {
        return checkBytes(port, method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8), status, req);
    }

    private static Exchange checkBytes(Port port, String method, String target, Map<String, String> headers, byte[] body,
            int status, Req req) throws IOException {
        Exchange e = send(port, method, target, headers, body);
        assertThat(e.status()).as("%s: %s", e, new String(e.responseBody(), StandardCharsets.UTF_8)).isEqualTo(status);
        List<String> requestProblems = CONTRACT.requestProblems(e);
        if (req == Req.CONFORMS) {
            assertThat(requestProblems).as("request of %s", e).isEmpty();
        } else if (req == Req.VIOLATES) {
            assertThat(requestProblems).as("request of %s", e).isNotEmpty();
        }
        assertThat(CONTRACT.responseProblems(e)).as("answer of %s: %s", e,
                new String(e.responseBody(), StandardCharsets.UTF_8)).isEmpty();
        produced(e);
        return e;
    }

    /** As {@link #check}, for a path or method no operation names: the answer against a component response. */
    private static void checkComponent(Port port, String method, String target, Map<String, String> headers, String body,
            int status, String component) throws IOException {
        Exchange e = send(port, method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        assertThat(e.status()).as("%s", e).isEqualTo(status);
        assertThat(CONTRACT.requestProblems(e)).as("request of %s", e).isNotEmpty();
        assertThat(CONTRACT.responseProblems(component, e)).as("answer of %s", e).isEmpty();
        produced(e);
    }

    /** Writes {@code bytes} as they are (a fault the HTTP client would not send) and checks the answer against {@code method path}. */
    private static void raw(Port port, String method, String path, String bytes, int status) throws IOException {
        try (RawHttp http = new RawHttp(address(port))) {
            http.send(bytes);
            RawHttp.Response r = http.read();
            assertThat(r).as("an answer to %s %s", method, path).isNotNull();
            Exchange e = new Exchange(port, method, path, Map.of(), new byte[0], r.status(), r.headers(),
                    r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(e.status()).as("%s: %s", e, r.body()).isEqualTo(status);
            assertThat(CONTRACT.responseProblems(e)).as("answer of %s", e).isEmpty();
            produced(e);
        }
    }

    private static void produced(Exchange e) {
        PRODUCED.add(e.status());
        Matcher m = ERROR_CODE.matcher(new String(e.responseBody(), StandardCharsets.UTF_8));
        if (m.find()) {
            PRODUCED_CODES.add(m.group(1));
        }
    }

    private static Exchange send(Port port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        byte[] b = body == null ? new byte[0] : body;
        StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            req.append("Content-Length: ").append(b.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (RawHttp http = new RawHttp(address(port))) {
            http.send(req.toString().getBytes(StandardCharsets.UTF_8));
            http.send(b);
            RawHttp.Response r = http.read();
            assertThat(r).as("an answer to %s %s", method, target).isNotNull();
            return new Exchange(port, method, target, headers, b, r.status(), r.headers(),
                    r.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void waitForContactAttempt(String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Exchange e = send(Port.ADMIN, "GET", "/admin/v1/contact-attempts", bearer(token), null);
            if (new String(e.responseBody(), StandardCharsets.UTF_8).contains("\"seq\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no contact attempt in the audit log");
    }

    private static InetSocketAddress address(Port port) {
        return port == Port.QUERY ? filter.server.queryAddress() : filter.server.adminAddress();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> bearerJson(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static Map<String, String> bearerCsv(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "text/csv");
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static Path docsFile() {
        return Path.of("..", "docs", "openapi.yaml");
    }
}
