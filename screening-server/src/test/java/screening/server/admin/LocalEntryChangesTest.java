package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.auditEvents;
import static screening.server.admin.AdminCalls.block;
import static screening.server.admin.AdminCalls.blocked;
import static screening.server.admin.AdminCalls.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;

/** Pushes and deletes of local entries, over real HTTP to a real filter. */
class LocalEntryChangesTest {

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
    void post_oneEntry_201CanonicalLiveDurableAndAudited() throws Exception {
        assertThat(blocked(f, "07700 900777")).isFalse();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900777"));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode b = json(r);
        assertThat(b.path("entries").get(0).path("id").asText()).isEqualTo("L-1");
        assertThat(b.path("entries").get(0).path("number").asText()).isEqualTo("+447700900777");
        assertThat(b.path("version").asLong()).isEqualTo(f.server.screener().current().version());
        // live the moment the 201 arrives
        assertThat(blocked(f, "+44 7700 900777")).isTrue();
        JsonNode e = json(f.get("/admin/v1/entries/L-1", AUDITOR_TOKEN));
        assertThat(e.path("source").asText()).isEqualTo("local");
        assertThat(e.path("createdBy").asText()).isEqualTo("spoc-hull");
        assertThat(e.path("createdAt").asText()).isNotEmpty();
        JsonNode added = auditEvents(f).stream().filter(x -> x.path("type").asText().equals("ENTRY_ADDED")).findFirst().orElseThrow();
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
        assertThat(blocked(f, "07700900201")).isTrue();
        assertThat(blocked(f, "01632960201")).isTrue();
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
        assertThat(blocked(f, "07700900301")).isFalse();
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

    @Test
    void delete_localEntry_200GoneAndAuditedWithTheEntry() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("R-1", "07700 900501"));
        assertThat(blocked(f, "07700900501")).isTrue();
        HttpResponse<String> r = f.delete("/admin/v1/entries/R-1?reason=COURT_ORDER_LIFTED", SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("id").asText()).isEqualTo("R-1");
        assertThat(blocked(f, "07700900501")).isFalse();
        assertThat(f.get("/admin/v1/entries/R-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        JsonNode removed = auditEvents(f).stream().filter(x -> x.path("type").asText().equals("ENTRY_REMOVED")).findFirst().orElseThrow();
        assertThat(removed.path("entry").path("number").asText()).isEqualTo("07700 900501");
        assertThat(removed.path("reason").asText()).isEqualTo("COURT_ORDER_LIFTED");
    }

    @Test
    void delete_unknown_404_registerEntry_409() throws Exception {
        assertThat(f.delete("/admin/v1/entries/NOPE", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> r = f.delete("/admin/v1/entries/SPC-T-0001", SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).isEqualTo("NOT_LOCAL");
        assertThat(blocked(f, "07700900123")).isTrue();
    }
}
