package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Entry;

class RolloutSimulationTest {

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * A static file server as nginx is for the simulation: files from {@code root}, an ETag from
     * the file's size and modification time, {@code 304} to a matching {@code If-None-Match}, and
     * one access-log line per request, {@code STATUS BYTES} (the body's bytes).
     */
    private int startServer(Path root, Path accessLog) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> serve(exchange, root, accessLog));
        server.start();
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Path root, Path accessLog) throws IOException {
        int status;
        byte[] body;
        try {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1));
            byte[] bytes = Files.readAllBytes(file);
            String etag = "\"" + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "-"
                    + Long.toHexString(bytes.length) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                status = 304;
                body = new byte[0];
            } else {
                status = 200;
                body = bytes;
            }
        } catch (NoSuchFileException ex) {
            status = 404;
            body = new byte[0];
        }
        exchange.sendResponseHeaders(status, status == 304 ? -1 : body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
        synchronized (RolloutSimulationTest.class) {
            Files.writeString(accessLog, status + " " + body.length + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private RolloutSimulation.Arguments arguments(int port, Path root, Path accessLog) {
        RolloutSimulation.Arguments a = new RolloutSimulation.Arguments();
        a.url = "http://127.0.0.1:" + port + "/national.ndjson";
        a.root = root;
        a.accessLog = accessLog;
        a.prisons = 3;
        a.nodes = 2;
        a.entries = 50;
        a.pollInterval = Duration.ofMillis(300);
        a.steadyIntervals = 2;
        a.seed = 7;
        return a;
    }

    @Test
    void run_againstStaticServer_everyPollerHoldsEachVersionAndOnlyConditionalPollsGet304() throws Exception {
        Path root = Files.createDirectory(dir.resolve("www"));
        Path log = dir.resolve("access.log");
        int port = startServer(root, log);
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        boolean ok = new RolloutSimulation(arguments(port, root, log), new PrintStream(report, true,
                StandardCharsets.UTF_8), Duration.ofSeconds(5)).run();

        String text = report.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(text).isTrue();
        assertThat(text).contains("first fetch: all 6 hold version 1").contains("published: all 6 hold it");
        assertThat(line(text, "steady, If-None-Match")).contains("(0 x 200, ").doesNotContain(" 0 x 304");
        assertThat(line(text, "steady, no If-None-Match")).contains(", 0 x 304, ").doesNotContain("(0 x 200");
        // the file on the server is the last version, whole, as the filter would read it
        RegisterFile served = RegisterFile.parse(Files.readAllBytes(root.resolve("national.ndjson")), "national", 0,
                new screening.core.EntryValidator(new screening.core.DialledNumberNormaliser(
                        screening.core.NumberingPlan.DEFAULT)));
        assertThat(served.header().version()).isEqualTo(2);
        assertThat(served.index().size()).isEqualTo(60);
    }

    @Test
    void run_serverWithoutTheFile_stopsAfterTheFirstFetchAndFails() throws Exception {
        Path root = Files.createDirectory(dir.resolve("www"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path log = dir.resolve("access.log");
        int port = startServer(elsewhere, log); // serves another directory: every fetch is a 404
        RolloutSimulation.Arguments a = arguments(port, root, log);
        a.prisons = 1;
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        boolean ok = new RolloutSimulation(a, new PrintStream(report, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(5)).run();

        String text = report.toString(StandardCharsets.UTF_8);
        assertThat(ok).isFalse();
        assertThat(text).contains("first fetch: 0 of 2 hold version 1").contains("fetch errors: ")
                .contains("HTTP 404").doesNotContain("published");
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix + ":")).findFirst().orElseThrow();
    }

    @Test
    void check_urlNotLoopback_refused() {
        RolloutSimulation.Arguments a = arguments(8080, dir, dir.resolve("access.log"));
        a.url = "http://register.example.org/national.ndjson";

        assertThat(RolloutSimulation.check(a)).contains("http://127.0.0.1:PORT/FILE");
    }

    @Test
    void check_tooManyPollers_refused() {
        RolloutSimulation.Arguments a = arguments(8080, dir, dir.resolve("access.log"));
        a.prisons = 1001;

        assertThat(RolloutSimulation.check(a)).contains("at most 2000");
    }

    @Test
    void check_defaults_accepted() {
        assertThat(RolloutSimulation.check(arguments(8080, dir, dir.resolve("access.log")))).isNull();
    }

    @Test
    void entries_hundredThousand_dramaNumbersOnlyWithUniqueIds() {
        List<Entry> entries = RolloutSimulation.entries(100_000);

        Set<String> ids = new HashSet<>();
        Pattern drama = Pattern.compile("\\+44(7700900\\d{3}|1134960\\d{3}|2079460\\d{3}|1632960\\d{3})");
        for (Entry e : entries) {
            ids.add(e.id());
            Matcher m = drama.matcher(e.number());
            assertThat(m.matches()).as(e.number()).isTrue();
        }
        assertThat(ids).hasSize(100_000);
        assertThat(RolloutSimulation.newEntries(100_000, 10)).extracting(Entry::id)
                .doesNotContainAnyElementsOf(ids);
    }
}
