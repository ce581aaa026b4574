package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.awaitAuthFailures;
import static screening.server.admin.AdminCalls.block;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;
import screening.server.config.ScreeningConfig;
import screening.server.json.Json;
import screening.server.query.RawHttp;

/**
 * The token and the body limit checked from the head, over raw sockets to a real filter whose
 * {@code admin.maxBodyBytes} is 4 KiB: no body is read for a wrong token, and a body over the
 * limit gets 413 with the JSON error body.
 */
class AdminRequestGateTest {

    private static final int LIMIT = 4096;
    private static final String WRONG = "Authorization: Bearer not-a-token\r\n";
    private static final String RIGHT = "Authorization: Bearer " + SECURITY_TOKEN + "\r\n";

    @TempDir
    Path dir;
    AdminTestFilter f;

    @BeforeEach
    void start() throws Exception {
        ScreeningConfig c = AdminTestFilter.config(dir.resolve("data"), AdminTestFilter.TOKENS,
                AdminTestFilter.writeRegister(dir));
        ScreeningConfig.Admin a = c.admin();
        f = AdminTestFilter.start(new ScreeningConfig(c.establishment(), c.mode(), c.failClosed(), c.numbering(), c.query(),
                new ScreeningConfig.Admin(a.bind(), a.port(), a.tokens(), a.connections(), LIMIT), c.register(), c.dataDir(), c.node()));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private RawHttp connect() throws IOException {
        return new RawHttp(f.server.adminAddress());
    }

    private static String post(String path, String auth, String headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n" + headers + "\r\n";
    }

    private static JsonNode json(RawHttp.Response r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void wrongToken_bodyAnnouncedButNeverSent_401AtOnceAndClosed() throws Exception {
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", WRONG, "Content-Length: 15000000\r\n"));

            RawHttp.Response r = c.read(); // answered from the head: the 15 MB never come

            assertThat(r.status()).isEqualTo(401);
            assertThat(json(r).path("error").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(r.header("www-authenticate")).isEqualTo("Bearer");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        List<JsonNode> failures = awaitAuthFailures(f, 1);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("path").asText()).isEqualTo("/admin/v1/entries");
    }

    @Test
    void wrongToken_largeBodyStreamed_401AndTheBodyIsNotRead() throws Exception {
        int body = 15_000_000;
        AtomicLong written = new AtomicLong();
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", WRONG, "Content-Length: " + body + "\r\n"));
            OutputStream out = c.socket.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (written.get() < body) {
                        int n = (int) Math.min(chunk.length, body - written.get());
                        out.write(chunk, 0, n);
                        written.addAndGet(n);
                    }
                } catch (IOException e) {
                    // the server closed the connection on the unread body: expected
                }
            });

            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(401);
            writer.get(30, TimeUnit.SECONDS); // ends when the lingering close resets the connection
        }
        // the server stopped reading at the head: the client could write only what the kernels' buffers hold
        assertThat(written.get()).isLessThan(body);
    }

    @Test
    void wrongToken_expectContinue_401WithoutContinue() throws Exception {
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", WRONG, "Expect: 100-continue\r\nContent-Length: 100\r\n"));

            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(401);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void rightToken_bodyOverTheLimitByLength_413WithJsonBodyAndClosed() throws Exception {
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", RIGHT, "Content-Length: " + (LIMIT + 1) + "\r\n"));

            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(json(r).path("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(json(r).path("message").asText()).contains("admin.maxBodyBytes");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void rightToken_chunkedBodyGrowingOverTheLimit_413WithJsonBody() throws Exception {
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", RIGHT, "Transfer-Encoding: chunked\r\n"));
            String chunk = " ".repeat(1000);
            for (int i = 0; i < 5; i++) {
                c.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }

            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r).path("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void rightToken_bodyExactlyAtTheLimit_accepted() throws Exception {
        String entry = block("G-1", "07700 900701");
        String body = entry + " ".repeat(LIMIT - entry.getBytes(StandardCharsets.UTF_8).length);
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", RIGHT, "Content-Length: " + LIMIT + "\r\n") + body);

            assertThat(c.read().status()).isEqualTo(201);
        }
    }

    @Test
    void wrongToken_bodyOverTheLimit_401NotPayloadTooLarge() throws Exception {
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", WRONG, "Content-Length: " + (LIMIT * 10) + "\r\n"));

            assertThat(c.read().status()).isEqualTo(401);
        }
    }

    @Test
    void pipelined_goodPushThenWrongToken_answeredInOrderThenClosed() throws Exception {
        String entry = block("G-2", "07700 900702");
        try (RawHttp c = connect()) {
            c.send(post("/admin/v1/entries", RIGHT, "Content-Length: " + entry.length() + "\r\n") + entry
                    + "GET /admin/v1/status HTTP/1.1\r\nHost: x\r\n" + WRONG + "\r\n"
                    + "GET /admin/v1/status HTTP/1.1\r\nHost: x\r\n" + RIGHT + "\r\n");

            assertThat(c.read().status()).isEqualTo(201);
            assertThat(c.read().status()).isEqualTo(401);
            assertThat(c.closedByServer()).isTrue(); // the request after the refusal is not answered
        }
        assertThat(AdminCalls.blocked(f, "07700900702")).isTrue();
    }

    @Test
    void noToken_healthAndMetricsWithABody_bodyDroppedAndAnswered() throws Exception {
        try (RawHttp c = connect()) {
            String body = "x".repeat(LIMIT);
            c.send("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    + "POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttp.Response live = c.read();
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(c.read().status()).isEqualTo(405);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void noToken_healthWithABodyOverTheLimit_413() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n");

            assertThat(c.read().status()).isEqualTo(413);
        }
    }

    @Test
    void headersOverTheLimit_431WithTheJsonErrorBody() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /admin/v1/status HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(9000) + "\r\n\r\n");

            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(431);
            assertThat(json(r).path("error").asText()).isEqualTo("HEADERS_TOO_LARGE");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void requestLineOverTheLimit_414WithTheJsonErrorBody() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /admin/v1/entries?number=" + "1".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(414);
            assertThat(json(r).path("error").asText()).isEqualTo("URI_TOO_LONG");
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
