package screening.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import screening.server.LogLineShape;
import screening.server.ServeChild;
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
            bad log format      | 'establishment: HULL\nlog: {format: xml}'                    | log.format: expected text or json, got "xml"
            bad log level       | 'establishment: HULL\nlog: {level: loud}'                    | log.level: expected error, warn
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
    void serve_connectionLimitsOverTheOpenFileLimit_exits2NamingBothKeys() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "needs bash for ulimit");
        Path config = TestFilter.writeConfig(dir, ""); // default limits: 4096 + 256 connections
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // soft and hard limit 1024, so the JVM cannot raise it
        Process p = new ProcessBuilder(bash.toString(), "-c", "ulimit -n 1024 && exec \"$0\" \"$@\"", java,
                "-cp", classpath, Main.class.getName(), "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as(out).isEqualTo(ExitCode.USAGE);
            assertThat(out.lines().filter(l -> l.startsWith("error: "))).singleElement().asString()
                    .startsWith("error: query.maxConnections + admin.maxConnections (4096 + 256)")
                    .contains("may open 1024");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void serve_badLogFormatFlag_exits2NamingFlag() throws IOException {
        Path config = TestFilter.writeConfig(dir, "");

        Run r = run("serve", "--config", config.toString(), "--log-format", "xml");

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("error: Invalid value for option '--log-format': expected text or json, got \"xml\"");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    /**
     * The real serve in a child JVM: its stderr, where the log lines go, is in the format the flag
     * names, else the key's, else text; one line per event either way.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            neither                         | ''                        | ''         | TEXT
            key json                        | 'log: {format: json}\n'   | ''         | JSON
            flag json                       | ''                        | json       | JSON
            flag text wins over key json    | 'log: {format: json}\n'   | text       | TEXT
            flag json wins over key text    | 'log: {format: text}\n'   | json       | JSON
            """)
    void serve_logFormatFlagAndKey_flagWinsThenKeyThenText(String kind, String key, String flag, String expected)
            throws Exception {
        Path config = TestFilter.writeConfig(dir, key.replace("\\n", "\n"));
        List<String> args = new ArrayList<>();
        if (flag.isEmpty()) { // with the flag, the command word is left out: serve is the default
            args.add("serve");
        }
        args.addAll(List.of("--config", config.toString()));
        if (!flag.isEmpty()) {
            args.addAll(List.of("--log-format", flag));
        }
        String err;
        try (ServeChild serve = new ServeChild(args.toArray(String[]::new))) {
            serve.awaitPorts();
            assertThat(serve.stop()).isZero();
            err = serve.stderr();
        }

        List<String> lines = err.lines().toList();
        assertThat(lines).as(err).anyMatch(l -> l.contains("register source national: version 7"));
        for (String line : lines) {
            if (expected.equals("JSON")) {
                LogLineShape.json(line);
            } else {
                LogLineShape.text(line);
            }
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
