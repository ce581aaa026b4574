package screening.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import screening.server.cli.Main;
import screening.server.cli.TokenCommand;

/**
 * One node of a pair (SPEC section 14) for the two-process tests: the real command line
 * ({@code serve --config FILE}) in a child JVM, on its own dataDir, with a {@code security}
 * token, a {@code peer} token for the other node, and the other node's feed as its one register
 * source. Its admin port is chosen before start (the other node's config names it), its query
 * port by the OS; its output is read on a thread of its own.
 *
 * <p>Test thread only, apart from the HTTP calls, which any client thread may make.
 */
final class PeerNode {

    static final String SECURITY_TOKEN = "peers-security-token-0001";

    private static final Pattern QUERY_PORT = Pattern.compile("query port: http://127\\.0\\.0\\.1:([0-9]+)/");

    final String name;
    final String peerName;
    final Path dir;
    final int adminPort;
    private final int peerAdminPort;
    private final Duration pollInterval;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private final StringBuffer output = new StringBuffer();
    private CompletableFuture<Integer> queryPort;
    private CountDownLatch outputDone;

    /**
     * A node {@code name} in {@code root/name} whose admin port is {@code adminPort}, polling
     * {@code peerName}'s feed on {@code peerAdminPort} every {@code pollInterval}.
     */
    PeerNode(Path root, String name, int adminPort, String peerName, int peerAdminPort, Duration pollInterval)
            throws IOException {
        this.name = name;
        this.peerName = peerName;
        this.dir = root.resolve(name);
        this.adminPort = adminPort;
        this.peerAdminPort = peerAdminPort;
        this.pollInterval = pollInterval;
        Files.createDirectories(dir);
        writeConfig();
    }

    /** The token a node sends to its peer: the peer knows it under the sender's name. */
    static String peerToken(String sender) {
        return "peer-token-of-" + sender + "-0002";
    }

    /** A port that was free a moment ago; {@link #start} reports whether it still was. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void writeConfig() throws IOException {
        Path token = dir.resolve("peer.token");
        Files.writeString(token, peerToken(name) + "\n");
        String yaml = "establishment: HULL\n"
                + "node: " + name + "\n"
                + "query: {bind: 127.0.0.1, port: 0}\n"
                + "admin:\n"
                + "  bind: 127.0.0.1\n"
                + "  port: " + adminPort + "\n"
                + "  tokens:\n"
                + "    - {name: spoc-hull, role: security, sha256: " + TokenCommand.sha256Hex(SECURITY_TOKEN) + "}\n"
                + "    - {name: " + peerName + ", role: peer, sha256: " + TokenCommand.sha256Hex(peerToken(peerName)) + "}\n"
                + "register:\n"
                + "  sources:\n"
                + "    - name: " + peerName + "\n"
                + "      url: http://127.0.0.1:" + peerAdminPort + "/admin/v1/feed\n"
                + "      tokenFile: " + token + "\n"
                + "      pollInterval: " + pollInterval.toMillis() + "ms\n"
                + "      maxShrinkPercent: 100\n"
                + "dataDir: " + dir.resolve("data") + "\n";
        Files.writeString(dir.resolve("screening.yaml"), yaml);
    }

    /** Starts the child; {@link #awaitListening} waits for it. */
    void start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--config", dir.resolve("screening.yaml").toString());
        output.setLength(0);
        queryPort = new CompletableFuture<>();
        outputDone = new CountDownLatch(1);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        process = p;
        CompletableFuture<Integer> port = queryPort;
        CountDownLatch done = outputDone;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = QUERY_PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the child was killed
            } finally {
                port.completeExceptionally(new IllegalStateException("the child exited before listening"));
                done.countDown();
            }
        }, "peer-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits until both ports are bound: true; false when the child exited because its admin port
     * was taken in the meantime (the caller picks other ports); otherwise fails with its output.
     */
    boolean awaitListening() throws Exception {
        try {
            queryPort.get(60, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            process.destroyForcibly();
            outputDone.await(10, TimeUnit.SECONDS);
            if (output.indexOf("admin.port: cannot listen") >= 0) {
                return false;
            }
            throw new AssertionError("node " + name + " did not start:\n" + output, e);
        }
    }

    /** Waits until the node is ready (it has a copy of its peer's feed). */
    void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(queryPort.get(), "/health/ready", null).statusCode() == 200) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("node " + name + " not ready within " + within + ":\n" + output);
    }

    /** SIGKILL, and waits for the process and its output to end. */
    void kill() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            outputDone.await(10, TimeUnit.SECONDS);
        }
    }

    /** An admin request with the security token. */
    HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + SECURITY_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The query port's answer for PIN 1234 dialling {@code number}. */
    String screen(String number) throws Exception {
        String encoded = java.net.URLEncoder.encode(number, StandardCharsets.UTF_8).replace("+", "%20");
        return get(queryPort.get(), "/v1/screen?pin=1234&number=" + encoded, null).body();
    }

    /** Whether the query port now denies {@code number} as BLOCKED. */
    boolean blocks(String number) throws Exception {
        return screen(number).contains("\"reason\":\"BLOCKED\"");
    }

    private HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the child has printed so far. */
    String output() {
        return output.toString();
    }
}
