package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.DialledNumberNormaliser;
import screening.core.EntryValidator;
import screening.core.Screener;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.AdminTestFilter;
import screening.server.TestCertificate;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;
import screening.server.query.QueryServer;
import screening.server.register.RegisterSources;
import screening.server.time.TimeSource;

class AdminServerTest {

    @TempDir
    Path dir;

    @Test
    void healthAndMetrics_noToken_200() throws Exception {
        try (AdminTestFilter f = AdminTestFilter.start(dir)) {
            assertThat(f.get("/health/live", null).statusCode()).isEqualTo(200);
            assertThat(f.get("/health/ready", null).statusCode()).isEqualTo(200);
            HttpResponse<String> m = f.get("/metrics", null);
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(f.get("/nowhere", null).statusCode()).isEqualTo(404);
            assertThat(f.post("/metrics", null, "").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void health_bothPorts_sameStatusTypeAndBody() throws Exception {
        try (AdminTestFilter f = AdminTestFilter.start(dir)) {
            for (String[] req : new String[][] {{"GET", "/health/live"}, {"GET", "/health/ready"}, {"POST", "/health/ready"}}) {
                HttpResponse<String> admin = send(f.server.adminAddress().getPort(), req[0], req[1]);
                HttpResponse<String> query = send(f.server.queryAddress().getPort(), req[0], req[1]);
                assertSameAnswer(admin, query, req[0] + " " + req[1]);
            }
            assertThat(send(f.server.adminAddress().getPort(), "GET", "/health/ready").body())
                    .isEqualTo("{\"status\":\"READY\"}");
        }
    }

    @Test
    void ready_noSnapshotYet_503LikeTheQueryPort() throws Exception {
        // a source that never hands in an index: nothing is published, so not ready
        Path data = dir.resolve("data");
        ScreeningConfig config = AdminTestFilter.config(data, AdminTestFilter.TOKENS, null);
        ScreeningMetrics metrics = new ScreeningMetrics();
        EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(config.numbering()));
        Screener screener = new Screener(config.policy(), validator.normaliser(), InstantSource.system());
        SnapshotPublisher publisher = new SnapshotPublisher(screener, List.of("local", "national"));
        try (AuditLog audit = AuditLog.open(data, metrics);
                LocalJournal journal = LocalJournal.open(data, validator);
                RegisterSources sources = new RegisterSources(config.register(), data, validator, publisher, audit, metrics)) {
            publisher.update(journal.index(), journal.seq()).join();
            AdminWorkers workers = new AdminWorkers();
            LocalFeed feed = new LocalFeed(config.node(), journal, InstantSource.system(), metrics);
            AdminRoutes routes = new AdminRoutes(AdminTokens.load(config.admin().tokens(), new PrintStream(new ByteArrayOutputStream())),
                    new LocalEntryChanges(validator, screener, publisher, journal, audit, InstantSource.system(), workers.writer(),
                            config.node()),
                    new AdminQueries(screener, validator.normaliser(), journal, sources, audit, feed), feed, sources,
                    AuthFailureAudit.start(audit, TimeSource.system()), workers);
            AdminServer admin = AdminServer.start(config.admin(), screener, metrics, routes);
            QueryServer query = QueryServer.start(config.query(), config.establishment(), screener, metrics, audit, TimeSource.system());
            try {
                HttpResponse<String> ready = send(admin.address().getPort(), "GET", "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertSameAnswer(ready, send(query.address().getPort(), "GET", "/health/ready"), "not ready");
                HttpResponse<String> live = send(admin.address().getPort(), "GET", "/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                assertSameAnswer(live, send(query.address().getPort(), "GET", "/health/live"), "live");
            } finally {
                query.close();
                admin.close();
                publisher.close();
            }
        }
    }

    private static HttpResponse<String> send(int port, String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSameAnswer(HttpResponse<String> admin, HttpResponse<String> query, String what) {
        assertThat(admin.statusCode()).as(what).isEqualTo(query.statusCode());
        assertThat(admin.body()).as(what).isEqualTo(query.body());
        assertThat(admin.headers().firstValue("Content-Type")).as(what).isEqualTo(query.headers().firstValue("Content-Type"));
        assertThat(admin.headers().firstValue("Allow")).as(what).isEqualTo(query.headers().firstValue("Allow"));
    }

    @Test
    void start_noTokensConfigured_printsOneWorkingSecurityTokenOnce() throws Exception {
        try (AdminTestFilter f = AdminTestFilter.start(AdminTestFilter.config(dir.resolve("data"), List.of(), null))) {
            String out = f.out.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\\(printed once\\): ([A-Za-z0-9_-]{43})").matcher(out);
            assertThat(m.find()).isTrue();
            String token = m.group(1);
            assertThat(m.find()).isFalse();
            assertThat(f.post("/admin/v1/entries", token, AdminCalls.block("G-1", "07700 900801")).statusCode())
                    .isEqualTo(201);
            assertThat(f.get("/admin/v1/status", "x" + token).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void pipelinedRequests_answeredInOrder() throws Exception {
        try (AdminTestFilter f = AdminTestFilter.start(dir); Socket s = new Socket("127.0.0.1", f.server.adminAddress().getPort())) {
            String body = AdminCalls.block("P-1", "07700 900901");
            String auth = "Authorization: Bearer " + AdminTestFilter.SECURITY_TOKEN + "\r\n";
            String reqs = "POST /admin/v1/entries HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body
                    + "GET /admin/v1/entries/P-1 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
                    + "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            OutputStream o = s.getOutputStream();
            o.write(reqs.getBytes(StandardCharsets.UTF_8));
            o.flush();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
            }
            String text = all.toString();
            int first = text.indexOf("HTTP/1.1 201");
            int second = text.indexOf("HTTP/1.1 200", first);
            int third = text.indexOf("{\"status\":\"UP\"}", second);
            assertThat(first).isNotNegative();
            assertThat(second).isGreaterThan(first);
            assertThat(text.substring(second)).contains("\"id\":\"P-1\"");
            assertThat(third).isGreaterThan(second);
        }
    }

    @Test
    void tls_certificateAndKey_servesHttpsAndASecureCookie() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        ScreeningConfig c = AdminTestFilter.config(dir.resolve("data"), AdminTestFilter.TOKENS, AdminTestFilter.writeRegister(dir));
        c = new ScreeningConfig(c.establishment(), c.mode(), c.failClosed(), c.numbering(), c.query(),
                c.admin().withTls(cert.certificate(), cert.privateKey()), c.register(), c.dataDir(), c.node(), c.email());
        try (AdminTestFilter f = AdminTestFilter.start(c)) {
            HttpClient https = HttpClient.newBuilder().sslContext(cert.clientContext()).build();
            String base = "https://127.0.0.1:" + f.server.adminAddress().getPort();

            HttpResponse<String> in = https.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + AdminTestFilter.SECURITY_TOKEN + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(in.statusCode()).isEqualTo(204);
            String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).endsWith("; Secure");
            HttpResponse<String> status = https.send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/status"))
                    .header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            HttpResponse<String> bearer = https.send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/status"))
                    .header("Authorization", "Bearer " + AdminTestFilter.AUDITOR_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);
            // plain HTTP to the TLS port gets no HTTP answer
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.adminAddress().getPort() + "/health/live"))
                            .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void tlsContext_keyNotPem_failsNamingPrivateKey() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Path notAKey = dir.resolve("not-a-key.pem");
        java.nio.file.Files.writeString(notAKey, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        ScreeningConfig.Admin a = new ScreeningConfig.Admin("127.0.0.1", 0, List.of()).withTls(cert.certificate(), notAKey);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminServer.tlsContext(a))
                .isInstanceOf(java.io.IOException.class).hasMessageStartingWith("admin.tls.privateKey: ");
        ScreeningConfig.Admin b = new ScreeningConfig.Admin("127.0.0.1", 0, List.of()).withTls(notAKey, cert.privateKey());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminServer.tlsContext(b))
                .isInstanceOf(java.io.IOException.class).hasMessageStartingWith("admin.tls.certificate: ");
    }
}
