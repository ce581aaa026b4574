package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SourceFetcher against real files, the test classpath and a real HTTP server on 127.0.0.1. */
class SourceFetcherTest {

    /** Generous: only the timeout test waits for it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] BODY = RegisterFiles.file("national", 1, RegisterFiles.blocks(0, 3));

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService serverThreads;
    private volatile HttpHandler behaviour;
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final List<String> accept = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ifNoneMatch.add(String.valueOf(ex.getRequestHeaders().getFirst("If-None-Match")));
            accept.add(String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
            behaviour.handle(ex);
        });
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.start();
        behaviour = ex -> respond(ex, 200, "\"v1\"", BODY);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    // ---- http:

    @Test
    void fetch_http200_givesBodyAndEtag() throws Exception {
        SourceFetcher.Fetched f = http("/register.ndjson").fetch(null);

        assertThat(f.unchanged()).isFalse();
        assertThat(f.body()).isEqualTo(BODY);
        assertThat(f.etag()).isEqualTo("\"v1\"");
        assertThat(ifNoneMatch).containsExactly("null");
        assertThat(accept).containsExactly("application/x-ndjson, */*");
    }

    @Test
    void fetch_httpWithEtag_sendsIfNoneMatchAndReads304AsUnchanged() throws Exception {
        behaviour = ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
            } else {
                respond(ex, 200, "\"v1\"", BODY);
            }
        };

        SourceFetcher.Fetched f = http("/register.ndjson").fetch("\"v1\"");

        assertThat(f.unchanged()).isTrue();
        assertThat(f).isSameAs(SourceFetcher.Fetched.UNCHANGED);
        assertThat(ifNoneMatch).containsExactly("\"v1\"");
    }

    @Test
    void fetch_http200WithoutEtag_givesBodyAndNoEtag() throws Exception {
        behaviour = ex -> respond(ex, 200, null, BODY);

        SourceFetcher.Fetched f = http("/register.ndjson").fetch("\"old\"");

        assertThat(f.body()).isEqualTo(BODY);
        assertThat(f.etag()).isNull();
    }

    @Test
    void fetch_httpErrorStatus_throwsNamingIt() {
        behaviour = ex -> respond(ex, 500, null, "oops".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> http("/register.ndjson").fetch(null)).isInstanceOf(IOException.class)
                .hasMessage("HTTP 500");

        behaviour = ex -> respond(ex, 404, null, new byte[0]);
        assertThatThrownBy(() -> http("/register.ndjson").fetch(null)).isInstanceOf(IOException.class)
                .hasMessage("HTTP 404");
    }

    @Test
    void fetch_httpRedirect_followsIt() throws Exception {
        behaviour = ex -> {
            if (ex.getRequestURI().getPath().equals("/moved.ndjson")) {
                ex.getResponseHeaders().set("Location", "/register.ndjson");
                ex.sendResponseHeaders(302, -1);
                ex.close();
            } else {
                respond(ex, 200, "\"v1\"", BODY);
            }
        };

        assertThat(http("/moved.ndjson").fetch(null).body()).isEqualTo(BODY);
    }

    @Test
    void fetch_httpBodyCutShort_throwsRatherThanGivePartOfIt() {
        behaviour = ex -> {
            ex.sendResponseHeaders(200, BODY.length);
            OutputStream os = ex.getResponseBody();
            os.write(BODY, 0, BODY.length / 2);
            os.flush();
            ex.close(); // fewer bytes than Content-Length: the server drops the connection
        };

        assertThatThrownBy(() -> http("/register.ndjson").fetch(null)).isInstanceOf(IOException.class);
    }

    @Test
    void fetch_httpSlowerThanTheRequestTimeout_throwsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        behaviour = ex -> {
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, null, BODY);
        };
        SourceFetcher fetcher = SourceFetcher.of(url("/register.ndjson"), TIMEOUT, Duration.ofMillis(300));
        try {
            assertThatThrownBy(() -> fetcher.fetch(null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("timeout").hasMessageContaining("300 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void fetch_httpNothingListening_throwsConnectException() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SourceFetcher fetcher = SourceFetcher.of(URI.create("http://127.0.0.1:" + closedPort + "/r.ndjson"), TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> fetcher.fetch(null)).isInstanceOf(IOException.class).hasMessageContaining("ConnectException");
    }

    @Test
    void fetch_http200IntoSpool_writesAndHashesTheBody() throws Exception {
        try (SpoolFile spool = SpoolFile.create(dir.resolve("national.ndjson.fetch"))) {
            SourceFetcher.Fetched f = http("/register.ndjson").fetch(null, spool);

            assertThat(f.unchanged()).isFalse();
            assertThat(f.spooled()).isTrue();
            assertThat(f.body()).isNull();
            assertThat(f.etag()).isEqualTo("\"v1\"");
            assertThat(Files.readAllBytes(spool.path())).isEqualTo(BODY);
            assertThat(spool.hash()).isEqualTo(SpoolFile.FileHash.of(RegisterBytes.of(BODY)));
        }
    }

    @Test
    void fetch_http304IntoSpool_unchangedAndSpoolEmpty() throws Exception {
        behaviour = ex -> {
            ex.sendResponseHeaders(304, -1);
            ex.close();
        };
        try (SpoolFile spool = SpoolFile.create(dir.resolve("national.ndjson.fetch"))) {
            SourceFetcher.Fetched f = http("/register.ndjson").fetch("\"v1\"", spool);

            assertThat(f).isSameAs(SourceFetcher.Fetched.UNCHANGED);
            assertThat(spool.size()).isZero();
        }
    }

    @Test
    void fetch_httpErrorStatusIntoSpool_throwsAndWritesNothing() throws Exception {
        behaviour = ex -> respond(ex, 503, null, "busy".getBytes(StandardCharsets.UTF_8));
        try (SpoolFile spool = SpoolFile.create(dir.resolve("national.ndjson.fetch"))) {
            assertThatThrownBy(() -> http("/register.ndjson").fetch(null, spool)).isInstanceOf(IOException.class)
                    .hasMessage("HTTP 503");
            assertThat(spool.size()).isZero();
        }
    }

    @Test
    void fetch_fileIntoSpool_copiesItAndKeepsTheStamp() throws Exception {
        Path register = dir.resolve("register.ndjson");
        Files.write(register, BODY);
        SourceFetcher fetcher = SourceFetcher.of(register.toUri(), TIMEOUT, TIMEOUT);
        try (SpoolFile spool = SpoolFile.create(dir.resolve("national.ndjson.fetch"))) {
            SourceFetcher.Fetched f = fetcher.fetch(null, spool);

            assertThat(f.spooled()).isTrue();
            assertThat(Files.readAllBytes(spool.path())).isEqualTo(BODY);
            assertThat(fetcher.fetch(f.etag()).unchanged()).isTrue();
        }
    }

    @Test
    void fetch_classpathIntoSpool_copiesTheResource() throws Exception {
        SourceFetcher fetcher = SourceFetcher.of(URI.create("classpath:config/sample-register.ndjson"), TIMEOUT, TIMEOUT);
        try (SpoolFile spool = SpoolFile.create(dir.resolve("sample.ndjson.fetch"))) {
            fetcher.fetch(null, spool);

            assertThat(Files.readAllBytes(spool.path())).isEqualTo(fetcher.fetch(null).body());
        }
    }

    // ---- file:

    @Test
    void fetch_fileUnchangedSinceItsStamp_isUnchanged() throws Exception {
        Path register = dir.resolve("register.ndjson");
        Files.write(register, BODY);
        SourceFetcher fetcher = SourceFetcher.of(register.toUri(), TIMEOUT, TIMEOUT);

        SourceFetcher.Fetched first = fetcher.fetch(null);
        SourceFetcher.Fetched second = fetcher.fetch(first.etag());

        assertThat(first.body()).isEqualTo(BODY);
        assertThat(first.etag()).isNotNull();
        assertThat(second.unchanged()).isTrue();
    }

    @Test
    void fetch_fileReplaced_givesTheNewBody() throws Exception {
        Path register = dir.resolve("register.ndjson");
        Files.write(register, BODY);
        SourceFetcher fetcher = SourceFetcher.of(register.toUri(), TIMEOUT, TIMEOUT);
        String stamp = fetcher.fetch(null).etag();
        byte[] next = RegisterFiles.file("national", 2, RegisterFiles.blocks(0, 4));
        Files.write(register, next);

        SourceFetcher.Fetched f = fetcher.fetch(stamp);

        assertThat(f.body()).isEqualTo(next);
        assertThat(f.etag()).isNotEqualTo(stamp);
    }

    @Test
    void fetch_missingFile_throwsNamingIt() {
        Path missing = dir.resolve("none.ndjson");
        SourceFetcher fetcher = SourceFetcher.of(missing.toUri(), TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> fetcher.fetch(null)).isInstanceOf(IOException.class)
                .hasMessage("no such file: " + missing);
    }

    // ---- classpath:

    @Test
    void fetch_classpathResource_givesItsBytesEveryTime() throws Exception {
        SourceFetcher fetcher = SourceFetcher.of(URI.create("classpath:config/sample-register.ndjson"), TIMEOUT, TIMEOUT);

        SourceFetcher.Fetched f = fetcher.fetch(null);

        assertThat(new String(f.body(), StandardCharsets.UTF_8)).startsWith("{\"format\":\"screening-register/1\"");
        assertThat(f.etag()).isNull();
        assertThat(fetcher.fetch(null).body()).isEqualTo(f.body());
    }

    @Test
    void fetch_missingClasspathResource_throwsNamingIt() {
        SourceFetcher fetcher = SourceFetcher.of(URI.create("classpath:config/none.ndjson"), TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> fetcher.fetch(null)).isInstanceOf(FileNotFoundException.class)
                .hasMessage("no resource config/none.ndjson on the classpath");
    }

    // ---- of

    @Test
    void of_unsupportedOrMissingScheme_refused() {
        assertThatThrownBy(() -> SourceFetcher.of(URI.create("ftp://127.0.0.1/r.ndjson"), TIMEOUT, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp");
        assertThatThrownBy(() -> SourceFetcher.of(URI.create("register.ndjson"), TIMEOUT, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scheme");
    }

    private SourceFetcher http(String path) {
        return SourceFetcher.of(url(path), TIMEOUT, TIMEOUT);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void respond(HttpExchange ex, int status, String etag, byte[] body) throws IOException {
        if (etag != null) {
            ex.getResponseHeaders().set("ETag", etag);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
