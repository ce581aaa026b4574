package screening.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import screening.server.cli.TokenCommand;

/**
 * A real filter in a child JVM ({@link CrashChildMain}) on a given dataDir, with one
 * {@code security} token, its output read on a thread of its own; and an HTTP client for it.
 */
final class FilterChild {

    static final String TOKEN = "crash-test-token";

    final Process process;
    final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> queryPort = new CompletableFuture<>();
    private final CompletableFuture<Integer> adminPort = new CompletableFuture<>();
    private final CountDownLatch outputDone = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts a filter on {@code dataDir}; {@code quota} is empty or {@code quotaRoot quotaBytes}. */
    FilterChild(Path dataDir, String... quota) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashChildMain.class.getName(),
                dataDir.toString(), TokenCommand.sha256Hex(TOKEN)));
        cmd.addAll(List.of(quota));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("QUERY_PORT=")) {
                        queryPort.complete(Integer.parseInt(line.substring("QUERY_PORT=".length())));
                    }
                    if (line.startsWith("ADMIN_PORT=")) {
                        adminPort.complete(Integer.parseInt(line.substring("ADMIN_PORT=".length())));
                    }
                }
            } catch (IOException e) {
                // the child was killed
            } finally {
                IllegalStateException gone = new IllegalStateException("child exited before listening");
                queryPort.completeExceptionally(gone);
                adminPort.completeExceptionally(gone);
                outputDone.countDown();
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until both ports are bound; returns the admin port. */
    int awaitPort() throws Exception {
        try {
            return adminPort.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            outputDone.await(10, TimeUnit.SECONDS);
            throw new AssertionError("the filter did not start:\n" + output, e);
        }
    }

    /** The query port, once {@link #awaitPort} has returned. */
    int queryPort() throws Exception {
        return queryPort.get(1, TimeUnit.SECONDS);
    }

    /** SIGKILL, and waits for the process and its output to end. */
    void kill() throws Exception {
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor(30, TimeUnit.SECONDS);
        outputDone.await(10, TimeUnit.SECONDS);
    }

    /** An admin request with the token. */
    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(http, adminPort.get(), method, path, body);
    }

    /** A query-port GET. */
    HttpResponse<String> query(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin request with the token on {@code port}, from {@code http}. */
    static HttpResponse<String> send(HttpClient http, int port, String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
