package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.block;
import static screening.server.admin.AdminCalls.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;

/** The admin reads (entries, status, audit), over real HTTP to a real filter. */
class AdminQueriesTest {

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

    @Test
    void getByEmailOrAddress_anySpelling_everyMatchingEntry() throws Exception {
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "[{\"id\":\"E-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\","
                + "\"email\":\"jo.bloggs@example.org\",\"scope\":\"NATIONAL\"},{\"id\":\"E-2\",\"action\":\"BLOCK\","
                + "\"match\":\"DOMAIN\",\"email\":\"example.org\",\"scope\":\"PIN\",\"pin\":\"42\"},{\"id\":\"A-1\","
                + "\"action\":\"BLOCK\",\"match\":\"POSTCODE\",\"address\":\"ZZ1 1AA\",\"scope\":\"NATIONAL\"}]")
                .statusCode()).isEqualTo(201);
        for (String e : List.of("jo.bloggs@example.org", "Jo <JO.BLOGGS+x@EXAMPLE.ORG>", "mailto:jo.bloggs@example.org.")) {
            List<String> ids = new ArrayList<>();
            json(f.get("/admin/v1/entries?email=" + java.net.URLEncoder.encode(e, "UTF-8"), AUDITOR_TOKEN))
                    .path("entries").forEach(x -> ids.add(x.path("id").asText()));
            assertThat(ids).as(e).containsExactlyInAnyOrder("E-1", "E-2");
        }
        List<String> ids = new ArrayList<>();
        json(f.get("/admin/v1/entries?address=" + java.net.URLEncoder.encode("Flat 9, 4 Any Road, zz11aa", "UTF-8"),
                AUDITOR_TOKEN)).path("entries").forEach(x -> ids.add(x.path("id").asText()));
        assertThat(ids).containsExactly("A-1");

        HttpResponse<String> badEmail = f.get("/admin/v1/entries?email=jo.bloggs", AUDITOR_TOKEN);
        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(json(badEmail).path("error").asText()).isEqualTo("INVALID_EMAIL");
        assertThat(json(badEmail).path("message").asText()).doesNotContain("bloggs");
        HttpResponse<String> badAddress = f.get("/admin/v1/entries?address=4%20Any%20Road", AUDITOR_TOKEN);
        assertThat(json(badAddress).path("error").asText()).isEqualTo("INVALID_ADDRESS");
        assertThat(f.get("/admin/v1/entries?email=a%40example.org&number=07700900123", AUDITOR_TOKEN).statusCode())
                .isEqualTo(400);
    }

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
        assertThat(s.path("storage").path("local.journal").path("state").asText()).isEqualTo("OK");
        assertThat(s.path("storage").path("audit.log").path("state").asText()).isEqualTo("OK");
        assertThat(s.path("storage").path("audit.log").path("writeFailures").asLong()).isZero();
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
    void auditVerify_intactLog_okWithEventCount() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("V-1", "07700 900501"));
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("V-2", "07700 900502"));

        JsonNode o = json(f.get("/admin/v1/audit/verify", AUDITOR_TOKEN));

        assertThat(o.path("ok").asBoolean()).isTrue();
        assertThat(o.path("events").asLong()).isEqualTo(f.server.audit().lastSeq()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void auditVerify_editedLine_namesTheBrokenSeq() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("V-1", "07700 900501"));
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("V-2", "07700 900502"));
        java.nio.file.Path log = f.dataDir.resolve("audit.log");
        String text = java.nio.file.Files.readString(log);
        int at = text.indexOf("VICTIM_REQUEST");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("X".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    text.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }

        JsonNode o = json(f.get("/admin/v1/audit/verify", AUDITOR_TOKEN));

        assertThat(o.path("ok").asBoolean()).isFalse();
        long editedSeq = text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        assertThat(o.path("brokenSeq").asLong()).as("the line after the edit no longer chains to it")
                .isEqualTo(editedSeq + 1);
        assertThat(o.path("message").asText()).isNotEmpty();
    }
}
