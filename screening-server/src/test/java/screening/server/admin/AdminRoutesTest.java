package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.auditEvents;
import static screening.server.admin.AdminCalls.block;
import static screening.server.admin.AdminCalls.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;

/** The router over real HTTP: authentication, roles per path, reload, unknown paths and methods. */
class AdminRoutesTest {

    @TempDir
    Path dir;
    AdminTestFilter f;

    @BeforeEach
    void start() throws Exception {
        f = AdminTestFilter.start(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anyAdminPath_noToken_401AndAuditedWithRemote() throws Exception {
        HttpResponse<String> r = f.get("/admin/v1/status", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).path("error").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        JsonNode last = auditEvents(f).get(auditEvents(f).size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("AUTH_FAILED");
        assertThat(last.path("remote").asText()).startsWith("127.0.0.1:");
    }

    @Test
    void anyAdminPath_unknownToken_401AndAudited() throws Exception {
        for (String[] req : new String[][] {{"GET", "/admin/v1/status"}, {"POST", "/admin/v1/entries"},
                {"DELETE", "/admin/v1/entries/X"}, {"POST", "/admin/v1/reload"}, {"GET", "/admin/v1/audit"},
                {"GET", "/admin/v1/nowhere"}}) {
            HttpResponse<String> r = f.send(req[0], req[1], "not-a-token", req[0].equals("POST") ? block("A", "07700 900001") : null);
            assertThat(r.statusCode()).as(req[0] + " " + req[1]).isEqualTo(401);
        }
        long failures = auditEvents(f).stream().filter(e -> e.path("type").asText().equals("AUTH_FAILED")).count();
        assertThat(failures).isEqualTo(6);
        assertThat(f.get("/admin/v1/entries/A", SECURITY_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void anyAdminPath_basicAuthScheme_401() throws Exception {
        assertThat(f.send("GET", "/admin/v1/status", null, null).statusCode()).isEqualTo(401);
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(f.uri("/admin/v1/status"))
                .header("Authorization", "Basic " + SECURITY_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void writes_auditorToken_403AndNothingChanged() throws Exception {
        assertThat(f.post("/admin/v1/entries", AUDITOR_TOKEN, block("A-1", "07700 900001")).statusCode()).isEqualTo(403);
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, block("S-1", "07700 900002")).statusCode()).isEqualTo(201);
        assertThat(f.delete("/admin/v1/entries/S-1", AUDITOR_TOKEN).statusCode()).isEqualTo(403);
        HttpResponse<String> reload = f.post("/admin/v1/reload", AUDITOR_TOKEN, null);
        assertThat(reload.statusCode()).isEqualTo(403);
        assertThat(json(reload).path("error").asText()).isEqualTo("FORBIDDEN");
        assertThat(f.get("/admin/v1/entries/A-1", AUDITOR_TOKEN).statusCode()).isEqualTo(404);
        assertThat(f.get("/admin/v1/entries/S-1", AUDITOR_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void reads_auditorToken_200() throws Exception {
        assertThat(f.get("/admin/v1/status", AUDITOR_TOKEN).statusCode()).isEqualTo(200);
        assertThat(f.get("/admin/v1/entries/SPC-T-0001", AUDITOR_TOKEN).statusCode()).isEqualTo(200);
        assertThat(f.get("/admin/v1/entries?number=07700900123", AUDITOR_TOKEN).statusCode()).isEqualTo(200);
        assertThat(f.get("/admin/v1/audit", AUDITOR_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void reload_security_200WithStatus() throws Exception {
        HttpResponse<String> r = f.post("/admin/v1/reload?force=true", SECURITY_TOKEN, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("ready").asBoolean()).isTrue();
        assertThat(f.post("/admin/v1/reload?force=maybe", SECURITY_TOKEN, null).statusCode()).isEqualTo(400);
        assertThat(f.get("/admin/v1/reload", SECURITY_TOKEN).statusCode()).isEqualTo(405);
    }

    @Test
    void unknownPathAndWrongMethod_404And405() throws Exception {
        assertThat(f.get("/admin/v1/nowhere", AUDITOR_TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> r = f.send("PUT", "/admin/v1/entries", SECURITY_TOKEN, "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, POST");
        assertThat(f.send("PATCH", "/admin/v1/entries/X", SECURITY_TOKEN, "{}").statusCode()).isEqualTo(405);
        assertThat(f.post("/admin/v1/status", SECURITY_TOKEN, null).statusCode()).isEqualTo(405);
        assertThat(f.post("/admin/v1/audit", SECURITY_TOKEN, null).statusCode()).isEqualTo(405);
    }
}
