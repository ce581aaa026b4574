package screening.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;
import screening.server.config.ScreeningConfig;
import screening.server.json.Json;
import screening.server.time.ManualTimeSource;

/**
 * {@code GET /admin/v1/contact-attempts} and its summary, over real HTTP: attempts made on the
 * real query port, read back newest first, filtered by reference, PIN and time, paged, as CSV, and
 * grouped by reference with distinct PINs; a removed block's reference still shown. Also
 * {@link #csvCell_formulaStart_isQuoted the CSV's cells}.
 */
class ContactAttemptsTest {

    @TempDir
    Path dir;

    private final ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-12-04T09:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AdminTestFilter f;

    @BeforeEach
    void start() throws Exception {
        ScreeningConfig c = AdminTestFilter.config(dir.resolve("data"), AdminTestFilter.TOKENS,
                AdminTestFilter.writeRegister(dir));
        f = AdminTestFilter.start(c, clock);
        // two local blocks on one case reference, one on another
        post("{\"id\":\"V-1\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900401\","
                + "\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reference\":\"CASE/A\"}");
        post("{\"id\":\"V-2\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"email\":\"victim@example.org\","
                + "\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reference\":\"CASE/A\"}");
        post("{\"id\":\"V-3\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900403\","
                + "\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reference\":\"CASE/B\"}");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void post(String entry) throws Exception {
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, entry).statusCode()).isEqualTo(201);
    }

    /** One question on the real query port; waits until its contact attempt is in the log. */
    private void attempt(String pin, String param, String value) throws Exception {
        long before = f.server.audit().lastSeq();
        URI u = URI.create("http://127.0.0.1:" + f.server.queryAddress().getPort() + "/v1/screen?pin=" + pin + "&"
                + param + "=" + java.net.URLEncoder.encode(value, "UTF-8"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("BLOCKED");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.server.audit().lastSeq() == before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(f.server.audit().lastSeq()).isGreaterThan(before);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("attempts").forEach(a -> out.add(a.path("seq").asLong()));
        return out;
    }

    @Test
    void list_newestFirst_withEntryReferenceAndChannel() throws Exception {
        attempt("1001", "number", "07700900401");
        attempt("1002", "email", "Victim+x@example.org");

        HttpResponse<String> r = f.get("/admin/v1/contact-attempts", AUDITOR_TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = json(r);
        assertThat(o.path("attempts")).hasSize(2);
        JsonNode newest = o.path("attempts").get(0);
        assertThat(newest.path("pin").asText()).isEqualTo("1002");
        assertThat(newest.path("ref").asText()).isEqualTo("V-2");
        assertThat(newest.path("reference").asText()).isEqualTo("CASE/A");
        assertThat(newest.path("channel").asText()).isEqualTo("EMAIL");
        assertThat(newest.path("establishment").asText()).isEqualTo("HULL");
        assertThat(newest.path("time").asText()).isEqualTo("2026-12-04T09:00:00Z");
        assertThat(o.path("attempts").get(1).path("channel").asText()).isEqualTo("PHONE");
        assertThat(o.path("next").isNull()).isTrue();
        assertThat(r.body()).doesNotContain("07700").doesNotContain("victim@");
    }

    @Test
    void list_filteredByReferencePinAndTime() throws Exception {
        attempt("1001", "number", "07700900401");
        clock.advance(Duration.ofHours(2));
        attempt("1002", "number", "07700900403");
        attempt("1001", "number", "07700900403");

        assertThat(json(f.get("/admin/v1/contact-attempts?reference=CASE/A", AUDITOR_TOKEN)).path("attempts"))
                .hasSize(1);
        assertThat(json(f.get("/admin/v1/contact-attempts?reference=case/b", AUDITOR_TOKEN)).path("attempts"))
                .hasSize(2);
        assertThat(json(f.get("/admin/v1/contact-attempts?pin=1001", AUDITOR_TOKEN)).path("attempts")).hasSize(2);
        assertThat(json(f.get("/admin/v1/contact-attempts?from=2026-12-04T10:00:00Z", AUDITOR_TOKEN)).path("attempts"))
                .hasSize(2);
        assertThat(json(f.get("/admin/v1/contact-attempts?until=2026-12-04T10:00:00Z", AUDITOR_TOKEN)).path("attempts"))
                .hasSize(1);
        assertThat(f.get("/admin/v1/contact-attempts?from=yesterday", AUDITOR_TOKEN).statusCode()).isEqualTo(400);
        assertThat(f.get("/admin/v1/contact-attempts?pin=no%20spaces", AUDITOR_TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void list_paged_followsNextToTheEnd() throws Exception {
        for (int i = 0; i < 5; i++) {
            attempt("20" + i, "number", "07700900401");
        }

        JsonNode first = json(f.get("/admin/v1/contact-attempts?limit=2", AUDITOR_TOKEN));
        JsonNode second = json(f.get("/admin/v1/contact-attempts?limit=2&before=" + first.path("next").asLong(),
                AUDITOR_TOKEN));
        JsonNode third = json(f.get("/admin/v1/contact-attempts?limit=2&before=" + second.path("next").asLong(),
                AUDITOR_TOKEN));

        List<Long> all = new ArrayList<>(seqs(first));
        all.addAll(seqs(second));
        all.addAll(seqs(third));
        assertThat(all).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(third.path("next").isNull()).isTrue();
    }

    @Test
    void list_csv_isAnAttachmentWithTheSameColumns() throws Exception {
        attempt("1001", "number", "07700900401");

        HttpResponse<String> byParam = f.get("/admin/v1/contact-attempts?format=csv", AUDITOR_TOKEN);
        HttpResponse<String> byAccept = http.send(HttpRequest.newBuilder(f.uri("/admin/v1/contact-attempts"))
                .header("Authorization", "Bearer " + AUDITOR_TOKEN).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> r : List.of(byParam, byAccept)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(r.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"contact-attempts.csv\"");
            String[] lines = r.body().split("\n");
            assertThat(lines[0]).isEqualTo("seq,time,pin,establishment,ref,reference,channel");
            assertThat(lines[1]).endsWith(",2026-12-04T09:00:00Z,1001,HULL,V-1,CASE/A,PHONE");
        }
    }

    @Test
    void list_removedBlock_keepsTheReferenceFromItsAddedEvent() throws Exception {
        attempt("1001", "number", "07700900403");
        assertThat(f.delete("/admin/v1/entries/V-3?reason=closed", SECURITY_TOKEN).statusCode()).isEqualTo(200);

        JsonNode a = json(f.get("/admin/v1/contact-attempts", AUDITOR_TOKEN)).path("attempts").get(0);

        assertThat(a.path("ref").asText()).isEqualTo("V-3");
        assertThat(a.path("reference").asText()).isEqualTo("CASE/B");
    }

    @Test
    void summary_groupsByReference_mostDistinctPinsFirst() throws Exception {
        attempt("1001", "number", "07700900403");
        attempt("1001", "number", "07700900403");
        attempt("1001", "number", "07700900403");
        attempt("1001", "number", "07700900401");
        attempt("1002", "email", "victim@example.org");
        attempt("1003", "number", "07700900401");

        JsonNode refs = json(f.get("/admin/v1/contact-attempts/summary", AUDITOR_TOKEN)).path("references");

        assertThat(refs).hasSize(2);
        assertThat(refs.get(0).path("reference").asText()).isEqualTo("CASE/A");
        assertThat(refs.get(0).path("pins").asInt()).isEqualTo(3);
        assertThat(refs.get(0).path("attempts").asInt()).isEqualTo(3);
        assertThat(refs.get(0).path("refs").toString()).contains("V-1").contains("V-2");
        assertThat(refs.get(1).path("reference").asText()).isEqualTo("CASE/B");
        assertThat(refs.get(1).path("pins").asInt()).isEqualTo(1);
        assertThat(refs.get(1).path("attempts").asInt()).isEqualTo(3);
        assertThat(refs.get(0).path("last").asText()).isEqualTo("2026-12-04T09:00:00Z");
    }

    @Test
    void summary_outsideTheDates_isEmpty() throws Exception {
        attempt("1001", "number", "07700900403");

        JsonNode refs = json(f.get("/admin/v1/contact-attempts/summary?from=2026-12-05", AUDITOR_TOKEN)).path("references");

        assertThat(refs).isEmpty();
    }

    @Test
    void csvCell_formulaStart_isQuoted() {
        assertThat(ContactAttempts.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(ContactAttempts.cell("-12")).isEqualTo("'-12");
        assertThat(ContactAttempts.cell("CASE/A")).isEqualTo("CASE/A");
        assertThat(ContactAttempts.cell(null)).isNull();
    }
}
