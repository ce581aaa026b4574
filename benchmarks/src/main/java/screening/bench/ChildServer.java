package screening.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter as a child JVM for a load run: {@code screening-server serve} on a config written to
 * a directory of the run's own (loopback ports chosen by the OS, one security token by hash, no
 * register source, a fresh {@code dataDir}) or on a config the caller wrote, its ports read from
 * its start-up banner, and its resident memory read from {@code /proc/PID/status}. {@link #close}
 * stops it with SIGTERM, then SIGKILL after 10 s. Not thread-safe, except {@link #rssKiB}, which
 * any thread may call.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern QUERY_PORT = Pattern.compile("query port: http://127\\.0\\.0\\.1:([0-9]+)/");
    private static final Pattern ADMIN_PORT = Pattern.compile("admin port: http://127\\.0\\.0\\.1:([0-9]+) ");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+([0-9]+) kB");
    private static final int OUTPUT_LINES_KEPT = 40;

    private final Process process;
    private final int queryPort;
    private final int adminPort;
    private final Deque<String> lastLines;

    private ChildServer(Process process, int queryPort, int adminPort, Deque<String> lastLines) {
        this.process = process;
        this.queryPort = queryPort;
        this.adminPort = adminPort;
        this.lastLines = lastLines;
    }

    /**
     * Writes the config in {@code dir} and starts the filter with {@code jvmOptions} on
     * {@code classPath}; returns once it prints both ports (at most 60 s).
     *
     * @param tokenSha256 the hex SHA-256 of the one security token, named {@code load}
     * @param classPath the filter's class path: this JVM's, or another build's jar to compare with
     * @throws IOException when it cannot start, or exits or stays silent before listening (the
     *     message holds its last lines of output)
     */
    static ChildServer start(Path dir, String tokenSha256, List<String> jvmOptions, String classPath)
            throws IOException, InterruptedException {
        Path config = dir.resolve("screening.yaml");
        Files.writeString(config, """
                establishment: HULL
                query: {bind: 127.0.0.1, port: 0}
                admin:
                  bind: 127.0.0.1
                  port: 0
                  tokens: [{name: load, role: security, sha256: "%s"}]
                dataDir: "%s"
                """.formatted(tokenSha256, dir.resolve("data").toAbsolutePath()));
        return launch(config, jvmOptions, classPath, null);
    }

    /**
     * Starts the filter on this JVM's class path with the config file {@code config} as written
     * by the caller, its stderr (the log) going to {@code stderrLog}; returns once it prints both
     * ports (at most 60 s).
     *
     * @throws IOException when it cannot start, or exits or stays silent before listening (the
     *     message holds its last lines of standard output and names the log)
     */
    static ChildServer start(Path config, Path stderrLog) throws IOException, InterruptedException {
        return launch(config, List.of(), System.getProperty("java.class.path"), stderrLog);
    }

    private static ChildServer launch(Path config, List<String> jvmOptions, String classPath, Path stderrLog)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "screening.server.cli.Main",
                "serve", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stderrLog == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderrLog.toFile());
        }
        Process p = builder.start();
        Deque<String> last = new ArrayDeque<>();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(p, last, ports), "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] qa = ports.get(60, TimeUnit.SECONDS);
            return new ChildServer(p, qa[0], qa[1], last);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the filter did not start" + (stderrLog == null ? "" : "; see " + stderrLog)
                    + "; its last output:\n" + String.join("\n", snapshot(last)));
        }
    }

    private static void readOutput(Process p, Deque<String> last, CompletableFuture<int[]> ports) {
        int query = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (last) {
                    last.addLast(line);
                    if (last.size() > OUTPUT_LINES_KEPT) {
                        last.removeFirst();
                    }
                }
                Matcher q = QUERY_PORT.matcher(line);
                if (q.find()) {
                    query = Integer.parseInt(q.group(1));
                }
                Matcher a = ADMIN_PORT.matcher(line);
                if (a.find() && query > 0) {
                    ports.complete(new int[] {query, Integer.parseInt(a.group(1))});
                }
            }
        } catch (IOException e) {
            // the child is gone
        } finally {
            ports.completeExceptionally(new IOException("the filter exited"));
        }
    }

    private static List<String> snapshot(Deque<String> last) {
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }

    int queryPort() {
        return queryPort;
    }

    int adminPort() {
        return adminPort;
    }

    long pid() {
        return process.pid();
    }

    /** The child's resident set ({@code VmRSS}) in KiB, or -1 when it cannot be read (not Linux, or exited). */
    long rssKiB() {
        try {
            Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether the child is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** The child's last lines of output (for a report after a failure). */
    List<String> lastOutput() {
        return snapshot(lastLines);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
