package screening.server;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import screening.server.cli.Main;

/**
 * {@code screening-server serve ...} in a child JVM, as an operator runs it: its stdout (the
 * banner) and stderr (the log lines) kept apart, each read whole on a thread of its own.
 */
public final class ServeChild implements AutoCloseable {

    private static final Pattern QUERY = Pattern.compile("query port: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern ADMIN = Pattern.compile("admin port: http://127\\.0\\.0\\.1:(\\d+) ");

    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread outReader;
    private final Thread errReader;

    /** Starts {@code screening-server args...} ({@code serve} is the default command). */
    public ServeChild(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // without SLF4J, which only the tests bring (ArchUnit's): the jar has none, so Netty logs
        // through java.util.logging, and SLF4J's own "no providers" lines do not reach stderr
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(e -> !e.contains(File.separator + "slf4j-"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", classpath, Main.class.getName()));
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).start();
        outReader = copy(process.getInputStream(), stdout, "serve-stdout");
        errReader = copy(process.getErrorStream(), stderr, "serve-stderr");
    }

    private static Thread copy(InputStream in, ByteArrayOutputStream to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits (up to 60 s) for the banner and returns {query port, admin port}. */
    public int[] awaitPorts() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String out = stdout();
            Matcher q = QUERY.matcher(out);
            Matcher a = ADMIN.matcher(out);
            if (q.find() && a.find()) {
                return new int[] {Integer.parseInt(q.group(1)), Integer.parseInt(a.group(1))};
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("serve did not start:\n" + stdout() + "\n" + stderr());
    }

    /** SIGTERM; waits for the exit and the end of both outputs; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not stop within 60 s");
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
