package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;

/**
 * {@code POST /admin/v1/entries/check} and {@code POST /admin/v1/entries} with a CSV body, over
 * real HTTP to a real filter: canonical forms, the entries that already cover a value, every
 * error by line, nothing saved by a check, and a CSV push all or nothing.
 */
class EntryCheckTest {

    private static final String HEADER = "id,action,match,number,email,address,scope,establishment,reason,reference\n";

    @TempDir
    Path dir;
    AdminTestFilter f;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        f = AdminTestFilter.start(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> postCsv(String path, String token, String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void check_prefix_coveredByShorterOrEqualPrefixesOnly() throws Exception {
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "[{\"id\":\"P-SHORT\",\"action\":\"BLOCK\","
                + "\"match\":\"PREFIX\",\"number\":\"+4477009\",\"scope\":\"NATIONAL\"},{\"id\":\"P-LONG\","
                + "\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+447700900999\",\"scope\":\"NATIONAL\"},"
                + "{\"id\":\"P-OTHER\",\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+441134\",\"scope\":\"NATIONAL\"}]")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> r = f.post("/admin/v1/entries/check", SECURITY_TOKEN,
                "{\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+44770090\",\"scope\":\"NATIONAL\"}");

        assertThat(json(r).path("entries").get(0).path("covered").toString()).as(r.body()).isEqualTo("[\"P-SHORT\"]");
    }

    @Test
    void check_jsonEntries_givesCanonicalFormsAndCoveringIds() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, "{\"id\":\"DOM-1\",\"action\":\"BLOCK\",\"match\":\"DOMAIN\","
                + "\"email\":\"example.org\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\"}");
        String body = "[{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900 123\",\"scope\":\"NATIONAL\"},"
                + "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"email\":\"Jo.Bloggs+news@Example.org\",\"scope\":\"NATIONAL\"},"
                + "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"address\":\"Flat 3, 12 Rose St, Hull zz1 1aa\",\"scope\":\"NATIONAL\"},"
                + "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"not a number\",\"scope\":\"NATIONAL\"}]";

        HttpResponse<String> r = f.post("/admin/v1/entries/check", SECURITY_TOKEN, body);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = json(r);
        assertThat(o.path("entries")).as(r.body()).hasSize(3);
        JsonNode phone = o.path("entries").get(0);
        assertThat(phone.path("position").asInt()).isEqualTo(0);
        assertThat(phone.path("channel").asText()).isEqualTo("PHONE");
        assertThat(phone.path("canonical").asText()).isEqualTo("+447700900123");
        assertThat(phone.path("covered").toString()).isEqualTo("[\"SPC-T-0001\"]");
        assertThat(phone.path("id").isNull()).isTrue();
        JsonNode email = o.path("entries").get(1);
        assertThat(email.path("canonical").asText()).isEqualTo("jo.bloggs@example.org");
        assertThat(email.path("covered").toString()).isEqualTo("[\"DOM-1\"]");
        JsonNode post = o.path("entries").get(2);
        assertThat(post.path("channel").asText()).isEqualTo("POST");
        assertThat(post.path("canonical").asText()).isEqualTo("ZZ1 1AA|12|3");
        assertThat(o.path("errors")).hasSize(1);
        assertThat(o.path("errors").get(0).path("position").asInt()).isEqualTo(3);
        assertThat(o.path("errors").get(0).path("field").asText()).isEqualTo("number");
        assertThat(json(f.get("/admin/v1/status", AUDITOR_TOKEN)).path("counts").path("local").path("BLOCK").asInt())
                .as("a check saves nothing").isEqualTo(1);
    }

    @Test
    void check_csvWithBadRows_listsEveryErrorByLine() throws Exception {
        String csv = HEADER
                + "C-1,BLOCK,EXACT,07700 900301,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/1\n"
                + "C-2,BLOCK,EXACT,07700 900x,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/1\n"
                + "C-3,BLOCK,SIDEWAYS,07700 900303,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/1\n"
                + "C-1,BLOCK,EXACT,07700 900304,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/1\n"
                + ",BLOCK,EXACT,,jo@example.org,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/1\n";

        HttpResponse<String> r = postCsv("/admin/v1/entries/check", SECURITY_TOKEN, csv);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = json(r);
        assertThat(o.path("entries")).as(r.body()).hasSize(2);
        assertThat(o.path("entries").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(o.path("entries").get(0).path("canonical").asText()).isEqualTo("+447700900301");
        assertThat(o.path("entries").get(1).path("line").asInt()).isEqualTo(6);
        assertThat(o.path("entries").get(1).path("channel").asText()).isEqualTo("EMAIL");
        JsonNode errors = o.path("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).path("line").asInt()).isEqualTo(3);
        assertThat(errors.get(0).path("field").asText()).isEqualTo("number");
        assertThat(errors.get(1).path("line").asInt()).isEqualTo(4);
        assertThat(errors.get(1).path("field").asText()).isEqualTo("match");
        assertThat(errors.get(2).path("line").asInt()).isEqualTo(5);
        assertThat(errors.get(2).path("field").asText()).isEqualTo("id");
        assertThat(r.body()).doesNotContain("900x");
    }

    @Test
    void check_auditor_is403() throws Exception {
        assertThat(f.post("/admin/v1/entries/check", AUDITOR_TOKEN, "[]").statusCode()).isEqualTo(403);
    }

    @Test
    void check_notJson_is400() throws Exception {
        HttpResponse<String> r = f.post("/admin/v1/entries/check", SECURITY_TOKEN, "{not json");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("BAD_JSON");
    }

    @Test
    void pushCsv_oneBadRow_refusedWholeNamingTheLine_thenAGoodFileIsLive() throws Exception {
        String bad = HEADER
                + "P-1,BLOCK,EXACT,07700 900311,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/2\n"
                + "P-2,BLOCK,EXACT,07700 900312,,,ESTABLISHMENT,,VICTIM_REQUEST,SPC/2\n";

        HttpResponse<String> refused = postCsv("/admin/v1/entries", SECURITY_TOKEN, bad);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("message").asText()).startsWith("line 3: establishment");
        assertThat(AdminCalls.blocked(f, "07700 900311")).isFalse();

        String good = HEADER
                + "P-1,BLOCK,EXACT,07700 900311,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/2\n"
                + ",BLOCK,EXACT,07700 900312,,,ESTABLISHMENT,HULL,VICTIM_REQUEST,SPC/2\n";
        HttpResponse<String> ok = postCsv("/admin/v1/entries", SECURITY_TOKEN, good);

        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode added = json(ok).path("entries");
        assertThat(added).hasSize(2);
        assertThat(added.get(0).path("id").asText()).isEqualTo("P-1");
        assertThat(added.get(1).path("id").asText()).startsWith(AdminTestFilter.NODE + "-");
        assertThat(added.get(1).path("number").asText()).isEqualTo("+447700900312");
        assertThat(AdminCalls.blocked(f, "07700 900311")).isTrue();
        assertThat(AdminCalls.blocked(f, "07700 900312")).isTrue();
    }
}
