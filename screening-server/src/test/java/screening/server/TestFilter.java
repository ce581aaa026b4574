package screening.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import screening.server.config.ConfigException;
import screening.server.config.ConfigLoader;
import screening.server.time.TimeSource;

/**
 * Test fixture: writes a valid register (SPEC section 6: header with entry count and sha256) and
 * a config on ephemeral ports with a temp dataDir, and starts the real filter on them. Numbers
 * are Ofcom drama numbers only.
 */
public final class TestFilter {

    /** Blocked nationally (ref SPC-2026-000101). */
    public static final String BLOCKED = "07700 900123";
    public static final String BLOCKED_REF = "SPC-2026-000101";
    public static final String BLOCKED_E164 = "+447700900123";
    /** Not in the register. */
    public static final String NOT_BLOCKED = "07700900456";
    public static final String NOT_BLOCKED_E164 = "+447700900456";
    /** Blocked at HULL only (ref SPC-2026-000103). */
    public static final String BLOCKED_AT_HULL = "020 7946 0789";

    public static final List<String> ENTRIES = List.of(
            "{\"id\":\"SPC-2026-000101\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900123\","
                    + "\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\",\"reference\":\"SPC/2026/0101\"}",
            "{\"id\":\"SPC-2026-000102\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"+44 113 496 0456\","
                    + "\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\",\"reference\":\"SPC/2026/0102\"}",
            "{\"id\":\"SPC-2026-000103\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"020 7946 0789\","
                    + "\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reason\":\"COURT_ORDER\"}",
            "{\"id\":\"SPC-2026-000104\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"01632 960321\","
                    + "\"scope\":\"PIN\",\"pin\":\"1234\",\"reason\":\"VICTIM_REQUEST\"}");

    private TestFilter() {
    }

    /** Writes {@code register.ndjson} with a correct header; returns its path. */
    public static Path writeRegister(Path dir, String source, long version, List<String> entries) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String e : entries) {
            body.append(e).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        String header = "{\"format\":\"screening-register/1\",\"source\":\"" + source + "\",\"version\":" + version
                + ",\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":" + entries.size() + ",\"sha256\":\"" + sha + "\"}\n";
        Path file = dir.resolve(source + "-register.ndjson");
        Files.writeString(file, header + body, StandardCharsets.UTF_8);
        return file;
    }

    /** A config on ports 0 with the test register as source {@code national}; {@code extra} is appended. */
    public static Path writeConfig(Path dir, String extra) throws IOException {
        Path register = writeRegister(dir, "national", 7, ENTRIES);
        String yaml = "establishment: HULL\n"
                + "query:\n  bind: 127.0.0.1\n  port: 0\n"
                + "admin:\n  bind: 127.0.0.1\n  port: 0\n"
                + "register:\n  sources:\n    - name: national\n      url: " + register.toUri() + "\n"
                + "dataDir: " + dir.resolve("data") + "\n"
                + extra;
        Path file = dir.resolve("screening.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /** Starts the real filter on {@link #writeConfig}; the caller closes it. */
    public static ScreeningServer start(Path dir) throws IOException, InterruptedException, ConfigException {
        return ScreeningServer.start(ConfigLoader.load(writeConfig(dir, "")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TimeSource.system());
    }
}
