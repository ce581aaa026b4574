package screening.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.server.audit.AuditChain;
import screening.server.cli.TokenCommand;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.storage.FileOpener;
import screening.server.time.TimeSource;

/**
 * A real filter for tests: ephemeral ports, a temp dataDir, known tokens, and an optional
 * register file of source {@code national}; plus an HTTP client that speaks to its admin port.
 * Only Ofcom drama numbers are used.
 */
public final class AdminTestFilter implements AutoCloseable {

    public static final String SECURITY_TOKEN = "security-token-for-tests-0001";
    public static final String AUDITOR_TOKEN = "auditor-token-for-tests-0002";
    /** The node name of the test configs: the prefix of the ids they generate. */
    public static final String NODE = "hull-test";
    public static final List<ScreeningConfig.Token> TOKENS = List.of(
            new ScreeningConfig.Token("spoc-hull", TokenRole.SECURITY, TokenCommand.sha256Hex(SECURITY_TOKEN)),
            new ScreeningConfig.Token("auditor-1", TokenRole.AUDITOR, TokenCommand.sha256Hex(AUDITOR_TOKEN)));

    /** The register file's entries: two national blocks on drama numbers. */
    public static final String REGISTER_BODY =
            "{\"id\":\"SPC-T-0001\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900123\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}\n"
            + "{\"id\":\"SPC-T-0002\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"0113 496 0456\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}\n";

    public final Path dataDir;
    public final ScreeningServer server;
    public final ByteArrayOutputStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminTestFilter(Path dataDir, ScreeningServer server, ByteArrayOutputStream out) {
        this.dataDir = dataDir;
        this.server = server;
        this.out = out;
    }

    /** A config on ephemeral ports with {@code tokens} and, if {@code register} is set, source national. */
    public static ScreeningConfig config(Path dataDir, List<ScreeningConfig.Token> tokens, Path register) {
        List<ScreeningConfig.Source> sources = new ArrayList<>();
        if (register != null) {
            sources.add(new ScreeningConfig.Source("national", register.toUri(), Duration.ofHours(1)));
        }
        return new ScreeningConfig("HULL", Mode.BLOCKLIST, true, NumberingPlan.DEFAULT,
                new ScreeningConfig.Listen("127.0.0.1", 0),
                new ScreeningConfig.Admin("127.0.0.1", 0, tokens),
                new ScreeningConfig.Register(sources, 50), dataDir, NODE);
    }

    /** Writes a register file of source national (SPEC section 6) with {@link #REGISTER_BODY}. */
    public static Path writeRegister(Path dir) throws IOException {
        byte[] body = REGISTER_BODY.getBytes(StandardCharsets.UTF_8);
        String header = "{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":7,"
                + "\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":2,\"sha256\":\"" + AuditChain.sha256Hex(body) + "\"}\n";
        Path f = dir.resolve("register.ndjson");
        Files.write(f, (header + REGISTER_BODY).getBytes(StandardCharsets.UTF_8));
        return f;
    }

    /** Starts a filter with the test tokens and a national register on {@code dir/data}. */
    public static AdminTestFilter start(Path dir) throws Exception {
        Path reg = writeRegister(dir);
        return start(config(dir.resolve("data"), TOKENS, reg));
    }

    public static AdminTestFilter start(ScreeningConfig config) throws Exception {
        return start(config, FileOpener.SYSTEM);
    }

    /** Starts a filter whose journal and audit log are opened by {@code opener} (a faulty disk). */
    public static AdminTestFilter start(ScreeningConfig config, FileOpener opener) throws Exception {
        return start(config, opener, TimeSource.system());
    }

    /** Starts a filter on {@code clock} (a manual clock moves its sessions' expiry and its audit times). */
    public static AdminTestFilter start(ScreeningConfig config, TimeSource clock) throws Exception {
        return start(config, FileOpener.SYSTEM, clock);
    }

    private static AdminTestFilter start(ScreeningConfig config, FileOpener opener, TimeSource clock) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScreeningServer s = ScreeningServer.start(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                clock, opener);
        return new AdminTestFilter(config.dataDir(), s, out);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + path);
    }

    public HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    public HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    public HttpResponse<String> delete(String path, String token) throws Exception {
        return send("DELETE", path, token, null);
    }

    @Override
    public void close() {
        server.close();
    }
}
