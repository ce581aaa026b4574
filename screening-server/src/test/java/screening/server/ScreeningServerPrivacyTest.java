package screening.server;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import screening.core.Channel;
import screening.core.Verdict;
import screening.server.config.LogSettings;
import screening.server.journal.LocalJournal;
import screening.server.json.Json;
import screening.server.logging.LogOutput;

/**
 * SPEC section 9: runs the usual flows (pushes good and bad, lookups, deletes, screenings that
 * hit blocks, auth failures, a restart over a torn journal tail) while capturing everything the
 * server logs (java.util.logging at ALL, stdout, stderr) and every error message it answers, then
 * looks for any full test number in any format. Numbers: Ofcom drama ranges and US 555-01xx.
 */
class ScreeningServerPrivacyTest {

    /** National-significant digits of every number used, and the forms they are written in below. */
    static final List<String> NUMBERS = List.of("7700900555", "1134960777", "2079460123", "1632960321", "2025550142",
            "7700900123", "1134960456");

    @TempDir
    Path dir;

    final StringBuilder captured = new StringBuilder();
    final List<String> errorMessages = new ArrayList<>();

    @ParameterizedTest(name = "log.format {0}")
    @EnumSource(LogSettings.Format.class)
    void usualFlows_everythingLoggedAndAnswered_holdsNoFullNumber(LogSettings.Format format) throws Exception {
        Logger root = Logger.getLogger("");
        Handler[] rootHandlers = root.getHandlers();
        Level rootLevel = root.getLevel();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream stdio = new ByteArrayOutputStream();
        ByteArrayOutputStream logLines = new ByteArrayOutputStream();
        // serve's own log output, as an operator's journal or shipper receives it: at trace, the
        // filter and Netty log everything; the JDK's own HTTP client (this test's client, which
        // logs its request URIs at debug) stays at info
        LogOutput.install(new LogSettings(format, LogSettings.Level.TRACE), logLines);
        System.setOut(new PrintStream(tee(oldOut, stdio), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(oldErr, stdio), true, StandardCharsets.UTF_8));
        ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
        try {
            runFlows(serverOut);
            // a failure whose message and exception hold line ends: still one line
            System.getLogger("screening.privacy-test-probe").log(System.Logger.Level.ERROR,
                    "probe failed for entry P-1\nsecond line", new IOException("entry P-1\r\nnext line"));
        } finally {
            for (Handler h : root.getHandlers()) {
                root.removeHandler(h);
            }
            for (Handler h : rootHandlers) {
                root.addHandler(h);
            }
            root.setLevel(rootLevel);
            Logger.getLogger("screening").setLevel(null);
            Logger.getLogger("io.netty").setLevel(null);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String logText = logLines.toString(StandardCharsets.UTF_8);
        List<String> lines = logText.lines().toList();
        assertThat(lines).hasSizeGreaterThan(20);
        assertThat(lines).filteredOn(l -> l.contains("probe failed")).singleElement().asString()
                .contains("second line").contains("next line");
        if (format == LogSettings.Format.JSON) {
            StringBuilder decoded = new StringBuilder();
            for (String line : lines) {
                decoded.append(LogLineShape.json(line)).append('\n');
            }
            captured.append(decoded);
        } else {
            for (String line : lines) {
                LogLineShape.text(line);
            }
        }
        captured.append(logText);
        String all = captured + "\n" + stdio.toString(StandardCharsets.UTF_8) + "\n"
                + serverOut.toString(StandardCharsets.UTF_8) + "\n" + String.join("\n", errorMessages);
        // the capture works: masked numbers and entry ids are there
        assertThat(all).contains("+4477009*****").contains("entry P-1 added").contains("dropped a torn");
        assertThat(errorMessages).hasSizeGreaterThan(8);
        // e-mail and address (SPEC section 12): masked, never whole
        assertThat(all).contains("j***@example.org").contains("ZZ1 ***");
        assertHoldsNoVictimData(all);
    }

    /**
     * The real {@code serve}, as an operator runs it, with {@code --log-format json}: pushes, screens
     * that hit blocks (contact attempts), refusals, a failed sign-in, a register file refused for a
     * bad entry and a fetch that fails, then SIGTERM. Every line it writes to stderr, the stream
     * the journal and a log shipper read, is one JSON object of the documented fields, and neither
     * stream holds a victim's number, e-mail or address.
     */
    @Test
    void serveWithJsonLogs_usualFlowsAndFailures_oneObjectALineAndNoVictimData() throws Exception {
        Path reg = AdminTestFilter.writeRegister(dir);
        Path config = dir.resolve("screening.yaml");
        java.nio.file.Files.writeString(config, """
                establishment: HULL
                node: hull-test
                query: {bind: 127.0.0.1, port: 0}
                admin:
                  bind: 127.0.0.1
                  port: 0
                  tokens: [{name: spoc-hull, role: security, sha256: %s}]
                register:
                  sources: [{name: national, url: "%s", pollInterval: 1h}]
                dataDir: "%s"
                """.formatted(screening.server.cli.TokenCommand.sha256Hex(SECURITY_TOKEN), reg.toUri(), dir.resolve("data")));
        String stderr;
        String stdout;
        try (ServeChild serve = new ServeChild("serve", "--config", config.toString(), "--log-format", "json")) {
            int[] ports = serve.awaitPorts();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            int admin = ports[1];
            assertThat(send(http, admin, "POST", "/admin/v1/entries", SECURITY_TOKEN, block("P-1", "07700 900555"))).isEqualTo(201);
            assertThat(send(http, admin, "POST", "/admin/v1/entries", SECURITY_TOKEN,
                    text("E-1", "email", "EXACT", "Jane.Secret+news@example.org"))).isEqualTo(201);
            assertThat(send(http, admin, "POST", "/admin/v1/entries", SECURITY_TOKEN,
                    text("A-1", "address", "EXACT", "Flat 3, 12 Secretstreet Road, Hull, ZZ1 1AA"))).isEqualTo(201);
            assertThat(send(http, admin, "POST", "/admin/v1/entries", SECURITY_TOKEN, block("P-1", "+44 7700 900555"))).isEqualTo(409);
            assertThat(send(http, admin, "POST", "/admin/v1/entries", SECURITY_TOKEN,
                    "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900555 ext 12\",\"scope\":\"NATIONAL\"}")).isEqualTo(400);
            assertThat(send(http, admin, "POST", "/admin/v1/entries", SECURITY_TOKEN, "{\"number\":\"+447700900555\", gar\nbage")).isEqualTo(400);
            assertThat(send(http, admin, "GET", "/admin/v1/status", "07700900555", null)).isEqualTo(401);
            for (String q : List.of("number=07700900555", "number=%2B447700900123", "email=jane.secret%40example.org",
                    "address=" + URLEncoder.encode("12 Secretstreet Rd, Flat 3, ZZ1 1AA", StandardCharsets.UTF_8))) {
                HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + ports[0] + "/v1/screen?pin=1234&" + q)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).as(q).contains("DENY");
            }
            // a register file refused for an entry that holds a victim's number, then one that is gone
            String body = "{\"id\":\"SPC-T-0003\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900555 ext 12\","
                    + "\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}\n";
            java.nio.file.Files.writeString(reg, "{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":8,"
                    + "\"generated\":\"2026-11-29T12:00:00Z\",\"entries\":1,\"sha256\":\""
                    + screening.server.audit.AuditChain.sha256Hex(body.getBytes(StandardCharsets.UTF_8)) + "\"}\n" + body);
            assertThat(send(http, admin, "POST", "/admin/v1/reload", SECURITY_TOKEN, "")).isEqualTo(200);
            java.nio.file.Files.delete(reg);
            assertThat(send(http, admin, "POST", "/admin/v1/reload", SECURITY_TOKEN, "")).isEqualTo(200);
            assertThat(send(http, admin, "DELETE", "/admin/v1/entries/P-1", SECURITY_TOKEN, null)).isEqualTo(200);

            assertThat(serve.stop()).isZero();
            stderr = serve.stderr();
            stdout = serve.stdout();
        }
        List<String> lines = stderr.lines().toList();
        StringBuilder decoded = new StringBuilder();
        for (String line : lines) {
            decoded.append(LogLineShape.json(line)).append('\n');
        }
        // what happened is there, by entry id and masked
        assertThat(decoded).contains("entry P-1 added by spoc-hull").contains("entry P-1 removed by spoc-hull")
                .contains("register source national: ").contains("refused");
        assertThat(lines).anyMatch(l -> l.contains("\"level\":\"WARN\""));
        // the banner's example curl names a fixed drama number that this test's register also holds
        String banner = stdout.lines().filter(l -> !l.contains("try: curl")).collect(Collectors.joining("\n"));
        assertThat(banner).contains("query port");
        assertHoldsNoVictimData(stderr + "\n" + decoded + "\n" + banner);
    }

    private static int send(java.net.http.HttpClient http, int port, String method, String path, String token, String body)
            throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** No victim's number in any spacing, and no part of a victim's e-mail or address, in {@code all}. */
    private static void assertHoldsNoVictimData(String all) {
        String lower = all.toLowerCase(java.util.Locale.ROOT);
        for (String secret : List.of("jane.secret", "janesecret", "secretstreet", "rosecottage", "rose cottage")) {
            assertThat(lower).as("a part of a victim's e-mail or address").doesNotContain(secret);
        }
        String squeezed = all.replaceAll("[\\s().\\-/]", "");
        for (String n : NUMBERS) {
            assertThat(squeezed).as("national digits %s in any spacing", n).doesNotContain(n);
            assertThat(all).doesNotContain(n.substring(0, 4) + " " + n.substring(4));
        }
    }

    private void runFlows(ByteArrayOutputStream serverOut) throws Exception {
        Path reg = AdminTestFilter.writeRegister(dir);
        Path data = dir.resolve("data");
        try (AdminTestFilter f = AdminTestFilter.start(AdminTestFilter.config(data, AdminTestFilter.TOKENS, reg))) {
            push(f, block("P-1", "07700 900555"), 201);
            push(f, "[" + block("P-2", "+44 113 496 0777") + "," + block("P-3", "(020) 7946-0123") + "]", 201);
            push(f, block("P-4", "0044 1632 960321"), 201);
            push(f, block("P-5", "+1 202 555 0142"), 201);
            // refusals whose input holds a number in odd places
            push(f, block("P-1", "07700 900555"), 409);
            push(f, "{\"action\":\"07700900555\",\"match\":\"EXACT\",\"number\":\"07700 900555\",\"scope\":\"NATIONAL\"}", 400);
            push(f, "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900555\",\"scope\":\"NATIONAL\",\"phone\":\"+447700900555\"}", 400);
            push(f, "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900555 ext 12\",\"scope\":\"NATIONAL\"}", 400);
            push(f, "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900555\",\"scope\":\"PIN\",\"pin\":\"+447700900555\"}", 400);
            push(f, "{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":07700900555,\"scope\":\"NATIONAL\"}", 400);
            push(f, "{\"number\":\"+447700900555\", garbage", 400);
            push(f, "[" + block("Q-1", "07700 900555") + "," + block("Q-1", "+447700900555") + "]", 409);
            for (String n : List.of("07700 900555", "+447700900555", "447700900555", "0113 496 0777", "07700 9005551234",
                    "+1 (202) 555-0142")) {
                HttpResponse<String> r = f.get("/admin/v1/entries?number=" + URLEncoder.encode(n, "UTF-8"), AUDITOR_TOKEN);
                collect(r);
            }
            collect(f.get("/admin/v1/entries/NOPE-07700900555", AUDITOR_TOKEN));
            collect(f.delete("/admin/v1/entries/SPC-T-0001", SECURITY_TOKEN));
            collect(f.get("/admin/v1/status", "07700900555"));
            collect(f.post("/admin/v1/entries", AUDITOR_TOKEN, block("P-9", "07700 900555")));
            // screenings that hit blocks, and their contact attempts
            Verdict v = new Verdict();
            for (String n : List.of("07700 900555", "+447700900123", "0113 496 0456", "02079460123", "07700-900-555")) {
                f.server.screener().screen("1234", "HULL", n, v);
                assertThat(v.ref()).as(n).isNotNull();
                f.server.audit().offerContactAttempt("1234", "HULL", v.ref(), Channel.PHONE);
                System.Logger log = System.getLogger("screening.privacy-test-probe");
                log.log(System.Logger.Level.DEBUG, "verdict {0}", v);
            }
            // e-mail and address entries, refusals, searches and contact attempts (SPEC section 12)
            push(f, text("E-1", "email", "EXACT", "Jane.Secret+news@example.org"), 201);
            push(f, text("A-1", "address", "EXACT", "Flat 3, 12 Secretstreet Road, Hull, ZZ1 1AA"), 201);
            push(f, text("A-2", "address", "EXACT", "Rose Cottage, Secretstreet Lane, ZZ9 9ZZ"), 201);
            push(f, text("E-2", "email", "EXACT", "\\\"jane.secret\\\"@example.org"), 400);
            push(f, text("E-3", "email", "EXACT", "jane.secret.example.org"), 400);
            push(f, text("A-3", "address", "EXACT", "12 Secretstreet Road, Hull"), 400);
            push(f, text("A-4", "address", "POSTCODE", "ZZ1"), 400);
            push(f, text("E-1", "email", "EXACT", "jane.secret@example.org"), 409);
            for (String q : List.of("email=Jane.Secret%40example.org", "email=jane.secret", "address="
                    + URLEncoder.encode("12 Secretstreet Road, ZZ1 1AA", "UTF-8"), "address=Secretstreet")) {
                collect(f.get("/admin/v1/entries?" + q, AUDITOR_TOKEN));
            }
            for (String[] q : new String[][] {{"EMAIL", "jane.secret@example.org"},
                    {"POST", "12 Secretstreet Rd, Flat 3, ZZ11AA"}, {"POST", "ROSE COTTAGE, ZZ9 9ZZ"}}) {
                Channel c = Channel.valueOf(q[0]);
                f.server.screener().screenText(c, "1234", "HULL", q[1], v);
                assertThat(v.ref()).as(q[1]).isNotNull();
                f.server.audit().offerContactAttempt("1234", "HULL", v.ref(), c);
                System.getLogger("screening.privacy-test-probe").log(System.Logger.Level.DEBUG, "verdict {0}", v);
            }
            collect(f.delete("/admin/v1/entries/E-1", SECURITY_TOKEN));
            collect(f.delete("/admin/v1/entries/A-1", SECURITY_TOKEN));
            collect(f.delete("/admin/v1/entries/P-1", SECURITY_TOKEN));
            collect(f.get("/admin/v1/audit", AUDITOR_TOKEN));
        }
        // a torn journal tail at restart is reported
        try (RandomAccessFile raf = new RandomAccessFile(data.resolve(LocalJournal.FILE_NAME).toFile(), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        try (AdminTestFilter f = AdminTestFilter.start(AdminTestFilter.config(data, AdminTestFilter.TOKENS, reg))) {
            serverOut.write(f.out.toByteArray());
            collect(f.get("/admin/v1/entries?number=07700900555", AUDITOR_TOKEN));
        }
    }

    private static String block(String id, String number) {
        return "{\"id\":\"" + id + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"" + number
                + "\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}";
    }

    private static String text(String id, String field, String match, String value) {
        return "{\"id\":\"" + id + "\",\"action\":\"BLOCK\",\"match\":\"" + match + "\",\"" + field + "\":\"" + value
                + "\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\"}";
    }

    private void push(AdminTestFilter f, String body, int expected) throws Exception {
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, body);
        assertThat(r.statusCode()).as(body).isEqualTo(expected);
        collect(r);
    }

    private void collect(HttpResponse<String> r) throws Exception {
        if (r.statusCode() >= 400) {
            errorMessages.add(Json.MAPPER.readTree(r.body()).path("message").asText());
        }
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public synchronized void write(int c) throws java.io.IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }
}
