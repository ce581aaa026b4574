package screening.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.ScreeningServer;
import screening.server.TestFilter;
import screening.server.json.Json;

/** End to end: the real filter on an ephemeral port, spoken to over real HTTP. */
class QueryServerTest {

    @TempDir
    static Path dir;

    private static ScreeningServer server;
    private static InetSocketAddress address;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestFilter.start(dir);
        address = server.queryAddress();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws IOException {
        return Json.MAPPER.readTree(body);
    }

    @Test
    void get_numberNotBlocked_allowsWithCanonicalNumberAndVersion() throws Exception {
        HttpResponse<String> r = get("/v1/screen?pin=1234&number=" + TestFilter.NOT_BLOCKED);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"decision\":\"ALLOW\",\"reason\":\"NOT_BLOCKED\",\"number\":\""
                + TestFilter.NOT_BLOCKED_E164 + "\",\"version\":7}");
    }

    @Test
    void get_blockedNumberWithSpacesEncoded_deniesWithRef() throws Exception {
        HttpResponse<String> r = get("/v1/screen?pin=1234&number=07700%20900123");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r.body());
        assertThat(j.get("decision").asText()).isEqualTo("DENY");
        assertThat(j.get("reason").asText()).isEqualTo("BLOCKED");
        assertThat(j.get("ref").asText()).isEqualTo(TestFilter.BLOCKED_REF);
        assertThat(j.get("number").asText()).isEqualTo(TestFilter.BLOCKED_E164);
        assertThat(j.get("version").asLong()).isEqualTo(7);
    }

    @Test
    void get_blockedNumberAsUnescapedPlus_readsPlusLiterally() throws Exception {
        HttpResponse<String> r = get("/v1/screen?pin=1234&number=+447700900123");

        assertThat(json(r.body()).get("reason").asText()).isEqualTo("BLOCKED");
    }

    @Test
    void get_blockedAtHullFromOtherEstablishment_allows() throws Exception {
        HttpResponse<String> atHull = get("/v1/screen?pin=1234&number=02079460789");
        HttpResponse<String> atLeeds = get("/v1/screen?pin=1234&number=02079460789&establishment=LEEDS");

        assertThat(json(atHull.body()).get("reason").asText()).isEqualTo("BLOCKED");
        assertThat(json(atLeeds.body()).get("reason").asText()).isEqualTo("NOT_BLOCKED");
    }

    @Test
    void post_blockedNumber_deniesWithRef() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + address.getPort() + "/v1/screen"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"1234\",\"number\":\"+44 7700 900123\","
                        + "\"establishment\":\"HULL\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("ref").asText()).isEqualTo(TestFilter.BLOCKED_REF);
    }

    @Test
    void get_lettersForNumber_deniesInvalidNumberWithoutNumberField() throws Exception {
        HttpResponse<String> r = get("/v1/screen?pin=1234&number=hello");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"INVALID_NUMBER\",\"version\":7}");
    }

    @Test
    void getAndPost_emailAndAddress_answerWithCanonicalFormOrInvalid() throws Exception {
        HttpResponse<String> email = get("/v1/screen?pin=1234&email=Jo.Bloggs+news@Example.org");
        HttpResponse<String> address = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + address().getPort() + "/v1/screen"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"1234\",\"address\":\"Flat 3, 12 Rose St, zz1 1aa\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badEmail = get("/v1/screen?pin=1234&email=jo.bloggs");
        HttpResponse<String> badAddress = get("/v1/screen?pin=1234&address=12%20Rose%20Street");

        assertThat(email.body()).isEqualTo("{\"decision\":\"ALLOW\",\"reason\":\"NOT_BLOCKED\","
                + "\"email\":\"jo.bloggs@example.org\",\"version\":7}");
        assertThat(address.body()).isEqualTo("{\"decision\":\"ALLOW\",\"reason\":\"NOT_BLOCKED\","
                + "\"address\":\"ZZ1 1AA|12|3\",\"version\":7}");
        assertThat(badEmail.body()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"INVALID_EMAIL\",\"version\":7}");
        assertThat(badAddress.body()).isEqualTo("{\"decision\":\"DENY\",\"reason\":\"INVALID_ADDRESS\",\"version\":7}");
    }

    @Test
    void get_badChannelCombinations_answer400WithoutEchoing() throws Exception {
        HttpResponse<String> two = get("/v1/screen?pin=1234&number=07700900123&email=jo%40example.org");
        HttpResponse<String> emailAndAddress = get("/v1/screen?pin=1234&address=ZZ1%201AA&email=jo%40example.org");
        HttpResponse<String> none = get("/v1/screen?pin=1234");
        HttpResponse<String> longEmail = get("/v1/screen?pin=1234&email=" + "a".repeat(250) + "%40example.org");
        HttpResponse<String> emptyAddress = get("/v1/screen?pin=1234&address=");

        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(json(two.body()).get("message").asText()).isEqualTo("give exactly one of number, email or address");
        assertThat(emailAndAddress.statusCode()).isEqualTo(400);
        assertThat(json(none.body()).get("error").asText()).isEqualTo("BAD_NUMBER");
        assertThat(json(longEmail.body()).get("error").asText()).isEqualTo("BAD_EMAIL");
        assertThat(longEmail.body()).doesNotContain("aaaa");
        assertThat(json(emptyAddress.body()).get("error").asText()).isEqualTo("BAD_ADDRESS");
    }

    private static InetSocketAddress address() {
        return address;
    }

    @Test
    void get_missingPin_answers400NamingPin() throws Exception {
        HttpResponse<String> r = get("/v1/screen?number=" + TestFilter.NOT_BLOCKED);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("error").asText()).isEqualTo("BAD_PIN");
        assertThat(json(r.body()).get("message").asText()).contains("pin");
    }

    @Test
    void get_numberOver64Characters_answers400WithoutEchoingIt() throws Exception {
        String longNumber = "07700900123".repeat(6);
        HttpResponse<String> r = get("/v1/screen?pin=1234&number=" + longNumber);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("error").asText()).isEqualTo("BAD_NUMBER");
        assertThat(r.body()).doesNotContain("07700900123");
    }

    @Test
    void health_snapshotLoaded_liveAndReady() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPath_answers404_andAdminIsNotReachable() throws Exception {
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/admin/v1/status").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void pipelining_tenRequestsInOneWrite_answersInOrder() throws Exception {
        String[] numbers = {TestFilter.NOT_BLOCKED, "07700900123", "hello", "07700900457", "01134960456",
            "07700900458", "02079460789", "07700900459", "0770090012", "07700900460"};
        StringBuilder batch = new StringBuilder();
        for (String n : numbers) {
            batch.append("GET /v1/screen?pin=1234&number=").append(n).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (RawHttp c = new RawHttp(address)) {
            c.send(batch.toString());
            for (String n : numbers) {
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(200);
                JsonNode j = json(r.body());
                if (j.has("number")) {
                    assertThat(j.get("number").asText()).isEqualTo("+44" + n.substring(1));
                } else {
                    assertThat(j.get("reason").asText()).isEqualTo("INVALID_NUMBER");
                }
            }
        }
    }

    @Test
    void malformedRequestLine_answers400AndCloses() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("THIS IS NOT HTTP\r\n\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headersOver8KiB_answers431() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000)
                    + "\r\n\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(431);
            assertThat(json(r.body()).get("error").asText()).isEqualTo("HEADERS_TOO_LARGE");
        }
    }

    @Test
    void bodyOver64KiB_answers413() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            int length = 64 * 1024 + 1;
            c.send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length
                    + "\r\n\r\n" + " ".repeat(length));
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r.body()).get("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void chunkedBodyOver64KiB_answers413() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            String chunk = Integer.toHexString(40_000) + "\r\n" + " ".repeat(40_000) + "\r\n";
            c.send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk);
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(413);
        }
    }

    @Test
    void invalidUtf8InQuery_answers400AndConnectionStaysUsable() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=%FF%FE0770 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response bad = c.read();
            c.send("GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response good = c.read();

            assertThat(bad.status()).isEqualTo(400);
            assertThat(json(bad.body()).get("error").asText()).isEqualTo("BAD_QUERY");
            assertThat(good.status()).isEqualTo(200);
        }
    }

    @Test
    void rawNonAsciiBytesInQuery_answers400() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            byte[] head = "GET /v1/screen?pin=1234&number=".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = " HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] req = new byte[head.length + 3 + tail.length];
            System.arraycopy(head, 0, req, 0, head.length);
            req[head.length] = (byte) 0xC3;
            req[head.length + 1] = (byte) 0x28; // an invalid two-byte sequence
            req[head.length + 2] = '7';
            System.arraycopy(tail, 0, req, head.length + 3, tail.length);
            c.send(req);

            assertThat(c.read().status()).isEqualTo(400);
        }
    }

    @Test
    void badPercentEncoding_answers400() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=0770%G0900 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.read();
            c.send("GET /v1/screen?pin=1234&number=0770090012% HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response truncated = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("percent-encoding");
            assertThat(truncated.status()).isEqualTo(400);
        }
    }

    @Test
    void halfClosedClient_stillGetsItsAnswer() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=07700900123 HTTP/1.1\r\nHost: x\r\n\r\n");
            c.socket.shutdownOutput();
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r.body()).get("reason").asText()).isEqualTo("BLOCKED");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connection_reusedAfter400_answersNextRequest() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=12*4&number=07700900456 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response bad = c.read();
            c.send("GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response good = c.read();

            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("connection")).isNull();
            assertThat(good.status()).isEqualTo(200);
        }
    }

    @Test
    void wrongMethod_answers405WithAllow_andConnectionStaysUsable() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("PUT /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.read();
            RawHttp.Response live = c.read();

            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("GET, POST");
            assertThat(live.status()).isEqualTo(200);
        }
    }

    @Test
    void connectionClose_answersThenCloses() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=07700900456 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void blockedDecision_countsContactAttempt() throws Exception {
        double before = server.metrics().registry().get("screening.contact.attempts").counter().count();

        get("/v1/screen?pin=1234&number=07700900123");

        double after = server.metrics().registry().get("screening.contact.attempts").counter().count();
        assertThat(after).isEqualTo(before + 1);
    }
    @Test
    void chunkedPost_withExtensionAndTrailer_deniesWithRef() throws Exception {
        String body = "{\"pin\":\"1234\",\"number\":\"07700900123\"}";
        try (RawHttp c = new RawHttp(address)) {
            c.send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;note=first\r\n" + body.substring(0, 5) + "\r\n"
                    + Integer.toHexString(body.length() - 5) + "\r\n" + body.substring(5) + "\r\n"
                    + "0\r\nX-Checksum: none\r\n\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r.body()).get("ref").asText()).isEqualTo(TestFilter.BLOCKED_REF);
        }
    }

    @Test
    void pipelining_getPostAndChunkedInOneWrite_answersInOrder() throws Exception {
        String post = "{\"pin\":\"1234\",\"number\":\"07700900123\"}";
        String chunked = "{\"pin\":\"1234\",\"number\":\"hello\"}";
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=" + TestFilter.NOT_BLOCKED + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: " + post.length() + "\r\n\r\n" + post
                    + "POST /v1/screen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunked.length()) + "\r\n" + chunked + "\r\n0\r\n\r\n"
                    + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(json(c.read().body()).get("reason").asText()).isEqualTo("NOT_BLOCKED");
            assertThat(json(c.read().body()).get("reason").asText()).isEqualTo("BLOCKED");
            assertThat(json(c.read().body()).get("reason").asText()).isEqualTo("INVALID_NUMBER");
            assertThat(json(c.read().body()).get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void getWithBody_skipsBody_andAnswersNextRequest() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=07700900123 HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n"
                    + "GET /nothing" + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(json(c.read().body()).get("reason").asText()).isEqualTo("BLOCKED");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void post_expectContinue_gets100ThenTheDecision() throws Exception {
        String body = "{\"pin\":\"1234\",\"number\":\"" + TestFilter.NOT_BLOCKED + "\"}";
        try (RawHttp c = new RawHttp(address)) {
            c.send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            RawHttp.Response interim = c.read();
            c.send(body);
            RawHttp.Response r = c.read();

            assertThat(interim.status()).isEqualTo(100);
            assertThat(r.status()).isEqualTo(200);
            assertThat(json(r.body()).get("reason").asText()).isEqualTo("NOT_BLOCKED");
        }
    }

    @Test
    void contentLengthWithTransferEncoding_answers400AndCloses() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /health/live HTTP/1.1\r\n\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(json(r.body()).get("error").asText()).isEqualTo("BAD_REQUEST");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void badChunkSize_answers400AndCloses() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("POST /v1/screen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void bareLineFeedOrObsFold_answers400AndCloses() throws Exception {
        // Netty 4.2's decoder refused a bare LF too (strict line parsing is its default)
        for (String request : new String[] {
            "GET /health/live HTTP/1.1\nHost: x\n\n",
            "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n"}) {
            try (RawHttp c = new RawHttp(address)) {
                c.send(request);
                RawHttp.Response r = c.read();

                assertThat(r.status()).isEqualTo(400);
                assertThat(c.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void headerNamesAnyCase_andBlankLinesBeforeRequest_areRead() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("\r\n\r\nGET /v1/screen?pin=1234&number=" + TestFilter.NOT_BLOCKED + " HTTP/1.1\r\nhOsT: x\r\n"
                    + "CONNECTION: CLOSE\r\n\r\n");
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void halfCloseInsideRequest_answers400AndCloses() throws Exception {
        try (RawHttp c = new RawHttp(address)) {
            c.send("GET /v1/screen?pin=1234&number=07700900123 HTTP/1.1\r\nHost: x\r\n");
            c.socket.shutdownOutput();
            RawHttp.Response r = c.read();

            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
