package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Verdict;
import screening.server.AdminTestFilter;
import screening.server.json.Json;

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

    static String block(String id, String number) {
        return "{" + (id != null ? "\"id\":\"" + id + "\"," : "") + "\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\""
                + number + "\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reason\":\"VICTIM_REQUEST\","
                + "\"reference\":\"SPC/T/1\"}";
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private List<JsonNode> auditEvents() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(f.get("/admin/v1/audit?limit=1000", AUDITOR_TOKEN)).path("events").forEach(out::add);
        return out;
    }

    private boolean blocked(String number) {
        Verdict v = new Verdict();
        f.server.screener().screen("1234", "HULL", number, v);
        return v.ref() != null;
    }

    // ---- 401 ----------------------------------------------------------------------------------

    @Test
    void anyAdminPath_noToken_401AndAuditedWithRemote() throws Exception {
        HttpResponse<String> r = f.get("/admin/v1/status", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).path("error").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        JsonNode last = auditEvents().get(auditEvents().size() - 1);
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
        long failures = auditEvents().stream().filter(e -> e.path("type").asText().equals("AUTH_FAILED")).count();
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

    // ---- 403 for auditors ---------------------------------------------------------------------

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

    // ---- POST /admin/v1/entries -------------------------------------------------------------

    @Test
    void post_oneEntry_201CanonicalLiveDurableAndAudited() throws Exception {
        assertThat(blocked("07700 900777")).isFalse();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900777"));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode b = json(r);
        assertThat(b.path("entries").get(0).path("id").asText()).isEqualTo("L-1");
        assertThat(b.path("entries").get(0).path("number").asText()).isEqualTo("+447700900777");
        assertThat(b.path("version").asLong()).isEqualTo(f.server.screener().current().version());
        // live the moment the 201 arrives
        assertThat(blocked("+44 7700 900777")).isTrue();
        JsonNode e = json(f.get("/admin/v1/entries/L-1", AUDITOR_TOKEN));
        assertThat(e.path("source").asText()).isEqualTo("local");
        assertThat(e.path("createdBy").asText()).isEqualTo("spoc-hull");
        assertThat(e.path("createdAt").asText()).isNotEmpty();
        JsonNode added = auditEvents().stream().filter(x -> x.path("type").asText().equals("ENTRY_ADDED")).findFirst().orElseThrow();
        assertThat(added.path("actor").asText()).isEqualTo("spoc-hull");
        assertThat(added.path("entry").path("id").asText()).isEqualTo("L-1");
        assertThat(added.path("reason").asText()).isEqualTo("VICTIM_REQUEST");
    }

    @Test
    void post_noId_201WithGeneratedId() throws Exception {
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block(null, "020 7946 0001"));
        assertThat(r.statusCode()).isEqualTo(201);
        String id = json(r).path("entries").get(0).path("id").asText();
        assertThat(id).startsWith("L-");
        assertThat(f.get("/admin/v1/entries/" + id, AUDITOR_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void post_array_201AllLiveInOneVersion() throws Exception {
        long before = f.server.screener().current().version();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN,
                "[" + block("B-1", "07700 900201") + "," + block("B-2", "01632 960201") + "]");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("entries")).hasSize(2);
        assertThat(json(r).path("entries").get(1).path("number").asText()).isEqualTo("+441632960201");
        assertThat(json(r).path("version").asLong()).isEqualTo(before + 1);
        assertThat(blocked("07700900201")).isTrue();
        assertThat(blocked("01632960201")).isTrue();
    }

    @Test
    void post_arrayWithOneBadEntry_400NamingPositionAndFieldNoneApplied() throws Exception {
        long before = f.server.screener().current().version();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN,
                "[" + block("C-1", "07700 900301") + "," + block("C-2", "07700 9OO301") + "," + block("C-3", "07700 900303") + "]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("INVALID_ENTRY");
        assertThat(json(r).path("message").asText()).startsWith("entry 1: number");
        assertThat(f.get("/admin/v1/entries/C-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(f.get("/admin/v1/entries/C-3", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(blocked("07700900301")).isFalse();
        assertThat(f.server.screener().current().version()).isEqualTo(before);
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void post_invalidFields_400NamingTheField() throws Exception {
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"PIN\"}", "pin"),
                new Case("{\"action\":\"STOP\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\"}", "action"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\",\"colour\":1}", "colour"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\",\"source\":\"national\"}", "source"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+44\",\"scope\":\"NATIONAL\"}", "number"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\",\"validFrom\":\"yesterday\"}", "validFrom"))) {
            HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, c.body());
            assertThat(r.statusCode()).as(c.body()).isEqualTo(400);
            assertThat(json(r).path("message").asText()).as(c.body()).startsWith(c.field() + " ");
        }
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "{not json").statusCode()).isEqualTo(400);
        assertThat(json(f.post("/admin/v1/entries", SECURITY_TOKEN, "{not json")).path("error").asText()).isEqualTo("BAD_JSON");
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "[]").statusCode()).isEqualTo(400);
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "42").statusCode()).isEqualTo(400);
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void post_duplicateIds_409() throws Exception {
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, block("D-1", "07700 900401")).statusCode()).isEqualTo(201);
        HttpResponse<String> local = f.post("/admin/v1/entries", SECURITY_TOKEN, block("D-1", "07700 900402"));
        assertThat(local.statusCode()).isEqualTo(409);
        assertThat(json(local).path("error").asText()).isEqualTo("DUPLICATE_ID");
        HttpResponse<String> register = f.post("/admin/v1/entries", SECURITY_TOKEN, block("SPC-T-0001", "07700 900403"));
        assertThat(register.statusCode()).isEqualTo(409);
        assertThat(json(register).path("message").asText()).contains("source national");
        HttpResponse<String> inBatch = f.post("/admin/v1/entries", SECURITY_TOKEN,
                "[" + block("D-2", "07700 900404") + "," + block("D-2", "07700 900405") + "]");
        assertThat(inBatch.statusCode()).isEqualTo(409);
        assertThat(f.get("/admin/v1/entries/D-2", SECURITY_TOKEN).statusCode()).isEqualTo(404);
    }

    // ---- DELETE -------------------------------------------------------------------------------

    @Test
    void delete_localEntry_200GoneAndAuditedWithTheEntry() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("R-1", "07700 900501"));
        assertThat(blocked("07700900501")).isTrue();
        HttpResponse<String> r = f.delete("/admin/v1/entries/R-1?reason=COURT_ORDER_LIFTED", SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("id").asText()).isEqualTo("R-1");
        assertThat(blocked("07700900501")).isFalse();
        assertThat(f.get("/admin/v1/entries/R-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        JsonNode removed = auditEvents().stream().filter(x -> x.path("type").asText().equals("ENTRY_REMOVED")).findFirst().orElseThrow();
        assertThat(removed.path("entry").path("number").asText()).isEqualTo("07700 900501");
        assertThat(removed.path("reason").asText()).isEqualTo("COURT_ORDER_LIFTED");
    }

    @Test
    void delete_unknown_404_registerEntry_409() throws Exception {
        assertThat(f.delete("/admin/v1/entries/NOPE", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> r = f.delete("/admin/v1/entries/SPC-T-0001", SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).isEqualTo("NOT_LOCAL");
        assertThat(blocked("07700900123")).isTrue();
    }

    // ---- GET entries ---------------------------------------------------------------------------

    @Test
    void getById_registerAndLocal_200_unknown_404() throws Exception {
        JsonNode e = json(f.get("/admin/v1/entries/SPC-T-0001", AUDITOR_TOKEN));
        assertThat(e.path("source").asText()).isEqualTo("national");
        assertThat(f.get("/admin/v1/entries/NOPE", AUDITOR_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void getByNumber_anyFormat_everySourceAnyScope() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("N-1", "+44 7700 900123"));
        f.post("/admin/v1/entries", SECURITY_TOKEN, "{\"id\":\"N-2\",\"action\":\"ALLOW\",\"match\":\"EXACT\","
                + "\"number\":\"07700900123\",\"scope\":\"PIN\",\"pin\":\"42\"}");
        f.post("/admin/v1/entries", SECURITY_TOKEN, "{\"id\":\"N-3\",\"action\":\"BLOCK\",\"match\":\"PREFIX\","
                + "\"number\":\"+4477009\",\"scope\":\"NATIONAL\"}");
        for (String n : List.of("07700 900123", "+447700900123", "00447700900123", "(07700) 900-123")) {
            List<String> ids = new ArrayList<>();
            json(f.get("/admin/v1/entries?number=" + java.net.URLEncoder.encode(n, "UTF-8"), AUDITOR_TOKEN))
                    .path("entries").forEach(x -> ids.add(x.path("id").asText()));
            assertThat(ids).as(n).containsExactlyInAnyOrder("SPC-T-0001", "N-1", "N-2", "N-3");
        }
        HttpResponse<String> bad = f.get("/admin/v1/entries?number=abc", AUDITOR_TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).isEqualTo("INVALID_NUMBER");
        assertThat(f.get("/admin/v1/entries", AUDITOR_TOKEN).statusCode()).isEqualTo(400);
    }

    // ---- status, reload, audit -------------------------------------------------------------------

    @Test
    void status_shapeOfSpec() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("S-1", "07700 900601"));
        JsonNode s = json(f.get("/admin/v1/status", AUDITOR_TOKEN));
        assertThat(s.path("ready").asBoolean()).isTrue();
        assertThat(s.path("version").asLong()).isEqualTo(f.server.screener().current().version());
        assertThat(s.path("counts").path("local").path("BLOCK").asInt()).isEqualTo(1);
        assertThat(s.path("counts").path("local").path("ALLOW").asInt()).isZero();
        assertThat(s.path("counts").path("national").path("BLOCK").asInt()).isEqualTo(2);
        assertThat(s.path("sources").isArray()).isTrue();
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
    void audit_afterAndLimit_inSeqOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            f.post("/admin/v1/entries", SECURITY_TOKEN, block("AU-" + i, "07700 90070" + i));
        }
        List<Long> seqs = new ArrayList<>();
        json(f.get("/admin/v1/audit?after=2&limit=2", AUDITOR_TOKEN)).path("events").forEach(e -> seqs.add(e.path("seq").asLong()));
        assertThat(seqs).containsExactly(3L, 4L);
        List<Long> all = new ArrayList<>();
        json(f.get("/admin/v1/audit", AUDITOR_TOKEN)).path("events").forEach(e -> all.add(e.path("seq").asLong()));
        assertThat(all).isSorted().startsWith(1L);
        assertThat(all.get(all.size() - 1)).isEqualTo(f.server.audit().lastSeq());
        assertThat(f.get("/admin/v1/audit?limit=1001", AUDITOR_TOKEN).statusCode()).isEqualTo(400);
        assertThat(f.get("/admin/v1/audit?limit=0", AUDITOR_TOKEN).statusCode()).isEqualTo(400);
        assertThat(f.get("/admin/v1/audit?after=-1", AUDITOR_TOKEN).statusCode()).isEqualTo(400);
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
