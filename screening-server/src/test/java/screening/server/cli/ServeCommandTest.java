package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import screening.server.TestFilter;

class ServeCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key         | 'establishment: HULL\nsecret: 1'                           | secret: unknown key
            wrong type          | 'establishment: HULL\nquery: {port: high}'                   | query.port: expected a whole number
            bad value           | 'establishment: HULL\nmode: maybe'                           | mode: expected blocklist or allowlist
            missing required    | 'query: {port: 1}'                                           | establishment: required
            bad token           | 'establishment: HULL\nadmin: {tokens: [{name: a, role: root, sha256: x}]}' | admin.tokens[0].role:
            bad source url      | 'establishment: HULL\nregister: {sources: [{name: n, url: "gopher://x"}]}' | register.sources[0].url:
            bad duration        | 'establishment: HULL\nregister: {sources: [{name: n, url: "file:/x", pollInterval: soon}]}' | register.sources[0].pollInterval:
            not yaml            | 'establishment: [HULL'                                       | config:
            """)
    void serve_badConfig_exits2WithOneLineNamingKey(String kind, String yaml, String expected) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, yaml.replace("\\n", "\n"));

        Run r = run("serve", "--config", config.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("error: " + expected);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void serve_missingConfigFile_exits2NamingOption() {
        Run r = run("--config", dir.resolve("absent.yaml").toString());

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("error: --config: no such file");
    }

    @Test
    void serve_queryPortTaken_exits2NamingPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = TestFilter.writeConfig(dir, "");
            Files.writeString(config, Files.readString(config).replaceFirst("port: 0", "port: " + taken.getLocalPort()));

            Run r = run("serve", "--config", config.toString());

            assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).startsWith("error: query.port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void serve_unknownOption_exits2() {
        assertThat(run("serve", "--bogus").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void serve_sigterm_answersThenExits0() throws Exception {
        Path config = TestFilter.writeConfig(dir, "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classpath, Main.class.getName(), "serve", "--config",
                config.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern port = Pattern.compile("query port: (http://127\\.0\\.0\\.1:\\d+)/v1/screen");
            String base = null;
            List<String> seen = new ArrayList<>();
            String line;
            while (base == null && (line = out.readLine()) != null) {
                seen.add(line);
                Matcher m = port.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertThat(base).as("start-up lines: %s", seen).isNotNull();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/screen?pin=1234&number=07700900123")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("BLOCKED");

            p.destroy(); // SIGTERM

            // generous: the stop itself is bounded by QueryServer.SHUTDOWN_TIMEOUT_MS; a shared
            // machine may still take a while to schedule the JVM's exit
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
