package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;
import screening.server.json.Json;

/**
 * The e-mail and postal address evasion corpora (screening-core's {@code email-corpus.tsv} and
 * {@code address-corpus.tsv}, SPEC section 12) end to end: every ENTRY row pushed through the
 * admin API as a NATIONAL BLOCK, then every CASE row asked over HTTP on the query port, half as
 * a GET, half as a JSON POST. No miss (a variant of a blocked value that is allowed) and no
 * false block (a negative that is denied), and the canonical form in each answer is the
 * corpus's.
 */
class ChannelCorpusTest {

    private static final Path CORPORA = Path.of("..", "screening-core", "src", "test", "resources", "screening", "core");

    record Row(String kind, String[] cells) {
    }

    private static List<Row> read(String file) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(CORPORA.resolve(file), StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            rows.add(new Row(c[0], c));
        }
        return rows;
    }

    @Test
    void emailCorpus_everyCaseOverHttp_noMissNoFalseBlock(@TempDir Path dir) throws Exception {
        run(dir, "email-corpus.tsv", "email", "INVALID_EMAIL");
    }

    @Test
    void addressCorpus_everyCaseOverHttp_noMissNoFalseBlock(@TempDir Path dir) throws Exception {
        run(dir, "address-corpus.tsv", "address", "INVALID_ADDRESS");
    }

    private static void run(Path dir, String file, String field, String invalid) throws Exception {
        List<Row> rows = read(file);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (AdminTestFilter f = AdminTestFilter.start(dir)) {
            ArrayNode batch = Json.MAPPER.createArrayNode();
            for (Row r : rows) {
                if (r.kind().equals("ENTRY")) {
                    ObjectNode e = batch.addObject();
                    e.put("id", r.cells()[1]).put("action", "BLOCK").put("match", r.cells()[2])
                            .put(field, r.cells()[3]).put("scope", "NATIONAL").put("reason", "VICTIM_REQUEST");
                }
            }
            assertThat(batch).as("ENTRY rows in %s", file).isNotEmpty();
            HttpResponse<String> pushed = f.post("/admin/v1/entries", AdminTestFilter.SECURITY_TOKEN, batch.toString());
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

            String base = "http://127.0.0.1:" + f.server.queryAddress().getPort() + "/v1/screen";
            List<String> wrong = new ArrayList<>();
            int blocked = 0;
            int negatives = 0;
            int n = 0;
            for (Row r : rows) {
                if (!r.kind().equals("CASE")) {
                    continue;
                }
                String input = r.cells()[1];
                String canonical = r.cells()[2];
                String expect = r.cells()[3];
                HttpRequest req;
                if (n++ % 2 == 0) {
                    req = HttpRequest.newBuilder(URI.create(base + "?pin=1234&" + field + "="
                            + URLEncoder.encode(input, StandardCharsets.UTF_8).replace("+", "%20"))).GET().build();
                } else {
                    ObjectNode body = Json.MAPPER.createObjectNode().put("pin", "1234").put(field, input);
                    req = HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
                }
                HttpResponse<String> a = http.send(req, HttpResponse.BodyHandlers.ofString());
                JsonNode j = Json.MAPPER.readTree(a.body());
                String got = j.path("decision").asText() + " " + j.path("reason").asText()
                        + (j.has("ref") ? ":" + j.get("ref").asText() : "");
                String want;
                if (expect.startsWith("BLOCKED:")) {
                    want = "DENY BLOCKED:" + expect.substring("BLOCKED:".length());
                    blocked++;
                } else if (expect.equals("NOT_BLOCKED")) {
                    want = "ALLOW NOT_BLOCKED";
                    negatives++;
                } else {
                    want = "DENY " + invalid;
                }
                boolean ok = a.statusCode() == 200 && got.equals(want)
                        && (canonical.equals("INVALID") ? !j.has(field) : canonical.equals(j.path(field).asText()));
                if (!ok) {
                    wrong.add(r.cells()[4] + ": " + input + " -> " + a.statusCode() + " " + a.body() + ", expected "
                            + want + " " + canonical);
                }
            }
            assertThat(blocked).as("variants of blocked values in %s", file).isGreaterThanOrEqualTo(300);
            assertThat(negatives).as("negatives in %s", file).isGreaterThanOrEqualTo(60);
            assertThat(wrong).as("cases answered wrongly").isEmpty();
        }
    }
}
