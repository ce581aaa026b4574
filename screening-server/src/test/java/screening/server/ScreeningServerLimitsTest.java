package screening.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import screening.server.config.ConfigLoader;
import screening.server.json.Json;
import screening.server.query.RawHttp;
import screening.server.time.TimeSource;

/**
 * SPEC section 15, connections, end to end: the real filter on ephemeral ports with small limits
 * and short timeouts, spoken to over real sockets. Waits are generous and nothing asserts an exact
 * time.
 */
class ScreeningServerLimitsTest {

    private static final String SCREEN = "GET /v1/screen?pin=1234&number=" + TestFilter.NOT_BLOCKED.replace(" ", "")
            + " HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String READY = "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n";

    @TempDir
    Path dir;

    private ScreeningServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String query, String admin) throws Exception {
        Path register = TestFilter.writeRegister(dir, "national", 7, TestFilter.ENTRIES);
        Path config = dir.resolve("screening.yaml");
        Files.writeString(config, "establishment: HULL\n"
                + "query: {bind: 127.0.0.1, port: 0" + query + "}\n"
                + "admin: {bind: 127.0.0.1, port: 0" + admin + "}\n"
                + "register:\n  sources:\n    - name: national\n      url: " + register.toUri() + "\n"
                + "dataDir: " + dir.resolve("data") + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server = ScreeningServer.start(ConfigLoader.load(config),
                new PrintStream(out, true, StandardCharsets.UTF_8), TimeSource.system());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("security token \\(printed once\\): (\\S+)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        adminToken = m.find() ? m.group(1) : null;
    }

    /** The token the filter generated and printed at start (no tokens are configured here). */
    private String adminToken;

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(address, 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    private static void send(Socket s, String ascii) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One Content-Length framed response; null when the server closed first. */
    private static RawHttp.Response read(Socket s) throws IOException {
        return RawHttp.read(s.getInputStream());
    }

    /** True when the server closed {@code s}: EOF (or a reset after it closed) before the read timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** A new connection to {@code address} answers {@code request} with 200. */
    private RawHttp.Response ask(InetSocketAddress address, String request) throws IOException {
        Socket s = connect(address);
        send(s, request);
        return read(s);
    }

    private double open(String port) {
        return server.metrics().registry().get("screening.connections.open").tag("port", port).gauge().value();
    }

    private double counter(String name, String... tags) {
        return server.metrics().registry().get(name).tags(tags).counter().count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertRequestTimeout(RawHttp.Response r) throws IOException {
        assertThat(r).isNotNull();
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.headers()).containsEntry("content-type", "application/json").containsEntry("connection", "close");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo("REQUEST_TIMEOUT");
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void queryPortFull_nextQueryConnectionClosedAtOnceAndAdminStillAnswers() throws Exception {
        start(", maxConnections: 4", ", maxConnections: 2");
        for (int i = 0; i < 4; i++) {
            connect(server.queryAddress());
        }
        await(() -> open("query") == 4);

        Socket over = connect(server.queryAddress());

        assertThat(closedByServer(over)).isTrue();
        await(() -> counter("screening.connections.refused", "port", "query") == 1.0);
        assertThat(ask(server.adminAddress(), READY).status()).isEqualTo(200);
        assertThat(counter("screening.connections.refused", "port", "admin")).isZero();
    }

    @Test
    void adminPortFull_nextAdminConnectionClosedAtOnceAndQueryStillAnswers() throws Exception {
        start(", maxConnections: 4", ", maxConnections: 2");
        for (int i = 0; i < 2; i++) {
            connect(server.adminAddress());
        }
        await(() -> open("admin") == 2);

        Socket over = connect(server.adminAddress());

        assertThat(closedByServer(over)).isTrue();
        await(() -> counter("screening.connections.refused", "port", "admin") == 1.0);
        RawHttp.Response r = ask(server.queryAddress(), SCREEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"decision\":\"ALLOW\"");
    }

    @Test
    void queryPortFull_aConnectionCloses_aNewOneIsAnswered() throws Exception {
        start(", maxConnections: 2", "");
        Socket first = connect(server.queryAddress());
        connect(server.queryAddress());
        await(() -> open("query") == 2);

        first.close();
        await(() -> open("query") == 1);

        assertThat(ask(server.queryAddress(), SCREEN).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} port")
    @ValueSource(strings = {"query", "admin"})
    void idleKeepAliveConnection_closedAfterIdleTimeout(String port) throws Exception {
        start(", idleTimeout: 500ms", ", idleTimeout: 500ms");
        InetSocketAddress address = port.equals("query") ? server.queryAddress() : server.adminAddress();
        Socket answered = connect(address);
        send(answered, READY);
        assertThat(read(answered).status()).isEqualTo(200);
        Socket silent = connect(address);

        assertThat(closedByServer(answered)).isTrue();
        assertThat(closedByServer(silent)).isTrue();
        await(() -> counter("screening.connections.timed.out", "port", port, "timeout", "idle") == 2.0);
    }

    @ParameterizedTest(name = "{0} port")
    @ValueSource(strings = {"query", "admin"})
    void keepAliveConnection_requestsMoreOftenThanIdleTimeout_staysOpen(String port) throws Exception {
        start(", idleTimeout: 2s", ", idleTimeout: 2s");
        InetSocketAddress address = port.equals("query") ? server.queryAddress() : server.adminAddress();
        Socket s = connect(address);

        for (int i = 0; i < 12; i++) {
            send(s, READY);
            assertThat(read(s)).as("answer %d", i).isNotNull().extracting(RawHttp.Response::status).isEqualTo(200);
            Thread.sleep(250);
        }

        assertThat(counter("screening.connections.timed.out", "port", port, "timeout", "idle")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "query: part of a request line",
        "query: the request line, part of the headers",
        "query: the head, part of a fixed body",
        "query: the head, part of a chunked body",
        "admin: part of a request line",
        "admin: the request line, part of the headers",
        "admin: the head, part of a fixed body"})
    void slowRequest_notWholeWithinRequestTimeout_answered408JsonAndClosed(String kind) throws Exception {
        start(", requestTimeout: 500ms", ", requestTimeout: 500ms");
        String port = kind.substring(0, kind.indexOf(':'));
        boolean query = port.equals("query");
        String target = query ? "/v1/screen" : "/admin/v1/entries";
        String part;
        if (kind.endsWith("part of a request line")) {
            part = "GET " + target + "?pin=12";
        } else if (kind.endsWith("part of the headers")) {
            part = "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: app";
        } else {
            // the admin port reads a body only after the head's token is accepted: give it one
            String auth = query ? "" : "Authorization: Bearer " + adminToken + "\r\n";
            if (kind.endsWith("part of a fixed body")) {
                part = "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"pin\":\"1234\",";
            } else {
                part = "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"pin\":\"1234\",";
            }
        }
        Socket s = connect(query ? server.queryAddress() : server.adminAddress());

        send(s, part);

        assertRequestTimeout(read(s));
        assertThat(closedByServer(s)).isTrue();
        assertThat(counter("screening.connections.timed.out", "port", port, "timeout", "request")).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0} port")
    @ValueSource(strings = {"query", "admin"})
    void tricklingRequest_aByteAtATime_answered408EvenWhileBytesArrive(String port) throws Exception {
        start(", requestTimeout: 500ms", ", requestTimeout: 500ms");
        Socket s = connect(port.equals("query") ? server.queryAddress() : server.adminAddress());
        byte[] slow = "GET /health/ready HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(StandardCharsets.US_ASCII);
        Thread trickle = new Thread(() -> {
            try {
                for (byte b : slow) { // bounded: at most the padding's length, 50 ms apart
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed: the trickle ends
            }
        }, "trickle");
        trickle.start();
        try {
            assertRequestTimeout(read(s));
        } finally {
            trickle.interrupt();
            trickle.join(10_000);
        }
    }

    @Test
    void pipelinedRequests_thenPartOfOne_answersTheWholeOnesThen408() throws Exception {
        start(", requestTimeout: 500ms", "");
        Socket s = connect(server.queryAddress());

        send(s, SCREEN + READY + "GET /v1/scr");

        assertThat(read(s).status()).isEqualTo(200);
        assertThat(read(s).status()).isEqualTo(200);
        assertRequestTimeout(read(s));
        assertThat(closedByServer(s)).isTrue();
    }
}
