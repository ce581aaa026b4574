package screening.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Action;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryValidator;
import screening.core.MatchType;
import screening.core.NumberingPlan;
import screening.core.Scope;
import screening.server.cli.Main;
import screening.server.journal.LocalJournal;
import screening.server.json.Json;
import screening.server.storage.QuotaDisk;

/**
 * SPEC section 15, with the real filter in a child JVM: a data directory on a small file system
 * filled to the last byte and freed again; a data directory it cannot write at start-up; a
 * journal change whose audit line a crash left out. The small file system is a 2 MiB tmpfs when
 * the test runs as root and may mount one; otherwise (and also as root, so both run in CI) the
 * child writes through an injected {@link QuotaDisk} of the same size.
 */
class ScreeningServerDiskFaultTest {

    private static final long CAPACITY = 2 << 20;
    private static final long BALLAST = 768 << 10;
    private static final String NOTE = "x".repeat(300);

    @TempDir
    Path dir;

    private final List<FilterChild> children = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (FilterChild c : children) {
            c.kill();
        }
        for (Path m : mounts) {
            run("umount", m.toString());
        }
    }

    // ---- a full disk -------------------------------------------------------------------------

    /** A small file system holding {@code root}: filled, and freed, by the test. */
    private interface SmallFs {
        Path root();

        /** What the child needs to write through it (nothing for a real file system). */
        String[] childArgs();

        /** Takes every byte left, so the next write of any size fails. */
        void fillToTheLastByte() throws IOException;
    }

    @Test
    void fullDisk_tmpfs_refusesUnwrittenChangesKeepsAnsweringAndResumesWhenFreed() throws Exception {
        Path root = dir.resolve("fs");
        Files.createDirectories(root);
        Assumptions.assumeTrue(mount(root, "size=" + CAPACITY),
                "needs root and a tmpfs mount (as in CI); the injected-quota test covers the same ground here");
        fullDisk(new SmallFs() {
            @Override
            public Path root() {
                return root;
            }

            @Override
            public String[] childArgs() {
                return new String[0];
            }

            @Override
            public void fillToTheLastByte() throws IOException {
                try (OutputStream out = Files.newOutputStream(root.resolve("filler"), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    fill(out, new byte[4096]);
                    fill(out, new byte[1]); // tmpfs allocates pages: the last partial one too
                }
            }

            private void fill(OutputStream out, byte[] chunk) {
                try {
                    while (true) {
                        out.write(chunk);
                        out.flush();
                    }
                } catch (IOException full) {
                    // to the last byte this chunk size can take
                }
            }
        });
    }

    @Test
    void fullDisk_injectedQuota_refusesUnwrittenChangesKeepsAnsweringAndResumesWhenFreed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("quota"));
        QuotaDisk quota = new QuotaDisk(root, CAPACITY);
        fullDisk(new SmallFs() {
            @Override
            public Path root() {
                return root;
            }

            @Override
            public String[] childArgs() {
                return new String[] {root.toString(), Long.toString(CAPACITY)};
            }

            @Override
            public void fillToTheLastByte() throws IOException {
                long left = CAPACITY - quota.used();
                Files.write(root.resolve("filler"), new byte[(int) Math.max(0, left)]);
                assertThat(quota.used()).isEqualTo(CAPACITY);
            }
        });
    }

    private void fullDisk(SmallFs fs) throws Exception {
        Path data = fs.root().resolve("data");
        Files.write(fs.root().resolve("ballast"), new byte[(int) BALLAST]); // freed later: the operator's clean-up
        FilterChild c = start(data, fs.childArgs());
        List<String> acked = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        AtomicBoolean screening = new AtomicBoolean(true);
        AtomicInteger screened = new AtomicInteger();
        List<String> badAnswers = new ArrayList<>();
        Thread screener = new Thread(() -> {
            // the switch's port answers from memory throughout
            while (screening.get()) {
                try {
                    HttpResponse<String> r = c.query("/v1/screen?pin=1234&number=01134960999");
                    if (r.statusCode() != 200 || !r.body().contains("\"ALLOW\"")) {
                        badAnswers.add(r.statusCode() + " " + r.body());
                    }
                    screened.incrementAndGet();
                } catch (Exception e) {
                    badAnswers.add(e.toString());
                }
            }
        }, "screening-while-full");
        screener.start();

        HttpResponse<String> refused = null;
        int n = 0;
        for (int batch : new int[] {40, 1}) { // large pushes, then single entries for the last room
            while (true) {
                List<String> ids = new ArrayList<>();
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < batch; i++) {
                    String id = "F-" + n++;
                    ids.add(id);
                    body.append(i == 0 ? "" : ",").append(entry(id, n));
                }
                HttpResponse<String> r = c.admin("POST", "/admin/v1/entries", body.append(']').toString());
                if (r.statusCode() == 201) {
                    acked.addAll(ids);
                    continue;
                }
                refused = r;
                break;
            }
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
            assertThat(json(refused).path("error").asText()).isEqualTo("STORAGE_FULL");
        }
        assertThat(acked).hasSizeGreaterThan(100);
        fs.fillToTheLastByte();

        assertThat(c.admin("POST", "/admin/v1/entries", entry("F-last", 1)).statusCode()).isEqualTo(507);
        // a removal is small: on a real file system it may still fit in the slack of a file's last
        // block, so delete until one is refused
        HttpResponse<String> del;
        while ((del = c.admin("DELETE", "/admin/v1/entries/" + acked.get(0), null)).statusCode() == 200) {
            deleted.add(acked.remove(0));
        }
        assertThat(del.statusCode()).as(del.body()).isEqualTo(507);
        assertThat(json(del).path("error").asText()).isEqualTo("STORAGE_FULL");
        assertThat(deleted).as("removals that fitted after the disk was full").hasSizeLessThan(20);
        // a blocked number is still denied; its contact attempt cannot be written, and is counted
        // (the first few may fit in the slack of the log's last block)
        String metrics = "";
        for (int i = 0; i < 200 && metricValue(metrics, "screening_audit_dropped_total") < 1; i++) {
            assertThat(c.query("/v1/screen?pin=1234&number=" + digits(acked.get(0))).body()).contains("\"BLOCKED\"");
            Thread.sleep(20);
            metrics = c.admin("GET", "/metrics", null).body();
        }
        assertThat(metricValue(metrics, "screening_audit_dropped_total")).isGreaterThanOrEqualTo(1);
        assertThat(metricValue(metrics, "screening_storage_full{file=\"audit.log\"}")).isEqualTo(1);
        assertThat(metricValue(metrics, "screening_storage_write_failures_total{file=\"local.journal\"}")
                + metricValue(metrics, "screening_storage_write_failures_total{file=\"audit.log\"}")).isPositive();
        JsonNode status = json(c.admin("GET", "/admin/v1/status", null));
        assertThat(status.path("ready").asBoolean()).isTrue();
        assertThat(status.path("storage").path("audit.log").path("state").asText()).isEqualTo("FULL");

        int attemptsBefore = count(Files.readString(data.resolve("audit.log")), "\"CONTACT_ATTEMPT\"");
        Files.delete(fs.root().resolve("filler"));
        Files.delete(fs.root().resolve("ballast"));

        // writes resume without a restart
        HttpResponse<String> again = c.admin("POST", "/admin/v1/entries", entry("F-after", 2));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        acked.add("F-after");
        assertThat(c.admin("DELETE", "/admin/v1/entries/" + acked.get(0), null).statusCode()).isEqualTo(200);
        deleted.add(acked.remove(0));
        assertThat(c.query("/v1/screen?pin=1234&number=" + digits("F-after")).body()).contains("\"BLOCKED\"");
        awaitContactAttempts(data, attemptsBefore + 1);
        metrics = c.admin("GET", "/metrics", null).body();
        assertThat(metricValue(metrics, "screening_storage_full{file=\"local.journal\"}")).isZero();
        assertThat(metricValue(metrics, "screening_storage_full{file=\"audit.log\"}")).isZero();
        screening.set(false);
        screener.join(30_000);
        assertThat(badAnswers).isEmpty();
        assertThat(screened.get()).isPositive();
        c.kill();

        // restart: nothing to repair, every acknowledged change there, the chain whole
        FilterChild r = start(data, fs.childArgs());
        assertThat(r.output.toString()).doesNotContain("dropped a torn").doesNotContain("reconciled");
        for (String id : acked) {
            assertThat(r.admin("GET", "/admin/v1/entries/" + id, null).statusCode()).as(id).isEqualTo(200);
        }
        for (String id : deleted) {
            assertThat(r.admin("GET", "/admin/v1/entries/" + id, null).statusCode()).as(id).isEqualTo(404);
        }
        assertThat(auditVerify(data)).isZero();
        assertThat(Files.readString(data.resolve("audit.log"))).contains("\"CONTACT_ATTEMPT\"");
    }

    // ---- start-up -------------------------------------------------------------------------------

    @Test
    void serve_readOnlyDataDirectory_exits2WithOneLineNamingPathAndReason() throws Exception {
        Path data;
        String reason;
        if (isRoot()) {
            // root writes through any mode bits: a read-only mount is what refuses it
            Path root = Files.createDirectories(dir.resolve("ro"));
            Assumptions.assumeTrue(mount(root, "size=1m"), "needs a tmpfs mount when run as root");
            data = Files.createDirectories(root.resolve("data"));
            assertThat(run("mount", "-o", "remount,ro", root.toString())).isTrue();
            reason = "Read-only file system";
        } else {
            data = Files.createDirectories(dir.resolve("data"));
            Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            reason = "Permission denied";
        }

        Serve s = serve(data);

        assertThat(s.exit).isEqualTo(2);
        assertThat(s.err.strip().lines()).containsExactly(
                "error: data directory " + data.toAbsolutePath() + ": not writable (" + reason + ")");
    }

    @Test
    void serve_fileWhereTheDataDirectoryShouldBe_exits2WithOneLineNamingPathAndReason() throws Exception {
        Path data = Files.writeString(dir.resolve("data"), "a file, not a directory");

        Serve s = serve(data);

        assertThat(s.exit).isEqualTo(2);
        assertThat(s.err.strip().lines()).containsExactly(
                "error: data directory " + data.toAbsolutePath() + ": not a directory");
    }

    // ---- reconciliation -------------------------------------------------------------------------

    @Test
    void restart_journalChangesWithoutTheirAuditLines_auditedAsReconciledAndChainWhole() throws Exception {
        Path data = dir.resolve("data");
        FilterChild c = start(data);
        assertThat(c.admin("POST", "/admin/v1/entries", entry("R-1", 1)).statusCode()).isEqualTo(201);
        assertThat(c.admin("POST", "/admin/v1/entries", entry("R-2", 2)).statusCode()).isEqualTo(201);
        c.kill();
        // what a kill -9 between the journal's fsync and the audit's leaves: records, no lines
        EntryValidator validator = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));
        try (LocalJournal j = LocalJournal.open(data, validator)) {
            j.add(List.of(new Entry("R-3", Action.BLOCK, MatchType.EXACT, number(3), Scope.NATIONAL, null, null,
                    null, null, "VICTIM_REQUEST", null, null, Entry.LOCAL_SOURCE, "crash-test",
                    Instant.parse("2026-12-04T09:00:00Z"))));
            j.remove("R-1");
        }

        FilterChild r = start(data);

        assertThat(r.output.toString()).contains("reconciled with the journal at start");
        JsonNode events = json(r.admin("GET", "/admin/v1/audit?after=0&limit=1000", null)).path("events");
        List<String> reconciled = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("reconciled").asBoolean()) {
                assertThat(e.path("actor").asText()).isEqualTo("system");
                reconciled.add(e.path("type").asText() + " " + e.path("entry").path("id").asText());
            }
        }
        assertThat(reconciled).containsExactly("ENTRY_REMOVED R-1", "ENTRY_ADDED R-3");
        assertThat(r.admin("GET", "/admin/v1/entries/R-3", null).statusCode()).isEqualTo(200);
        assertThat(r.admin("GET", "/admin/v1/entries/R-1", null).statusCode()).isEqualTo(404);
        assertThat(auditVerify(data)).isZero();
        r.kill();
        FilterChild again = start(data);
        assertThat(again.output.toString()).doesNotContain("reconciled");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private FilterChild start(Path data, String... quota) throws Exception {
        FilterChild c = new FilterChild(data, quota);
        children.add(c);
        c.awaitPort();
        return c;
    }

    private record Serve(int exit, String err) {
    }

    /** {@code serve} in a child JVM on a config whose dataDir is {@code data}; it must stop by itself. */
    private Serve serve(Path data) throws Exception {
        Path config = dir.resolve("serve.yaml");
        Files.writeString(config, "establishment: HULL\n"
                + "query:\n  bind: 127.0.0.1\n  port: 0\n"
                + "admin:\n  bind: 127.0.0.1\n  port: 0\n"
                + "dataDir: " + data + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("serve.err");
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--config", config.toString())
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("serve did not stop: " + Files.readString(err));
        }
        return new Serve(p.exitValue(), Files.readString(err));
    }

    /** {@code audit verify} on {@code data}; its exit code. */
    private static int auditVerify(Path data) {
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(out, true), "audit", "verify", "--data-dir",
                data.toString());
        assertThat(out.toString()).as("audit verify says").contains(exit == 0 ? "chain intact" : "BROKEN");
        return exit;
    }

    private static void awaitContactAttempts(Path data, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count(Files.readString(data.resolve("audit.log")), "\"CONTACT_ATTEMPT\"") < atLeast) {
            assertThat(System.nanoTime()).as("%s contact attempts in the audit log", atLeast).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static double metricValue(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** A drama number, one per {@code i} (mod 1000). */
    private static String number(int i) {
        return String.format("07700 900%03d", i % 1000);
    }

    /** The number of pushed entry {@code id} ({@code F-n} has number(n + 1); F-after number(2)), as digits. */
    private static String digits(String id) {
        int i = id.equals("F-after") ? 2 : Integer.parseInt(id.substring(2)) + 1;
        return number(i).replace(" ", "");
    }

    private static String entry(String id, int i) {
        return "{\"id\":\"" + id + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"" + number(i)
                + "\",\"scope\":\"NATIONAL\",\"reason\":\"VICTIM_REQUEST\",\"note\":\"" + NOTE + "\"}";
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Mounts a tmpfs on {@code at} with {@code options}; false where that is not allowed. */
    private boolean mount(Path at, String options) throws Exception {
        if (!isRoot() || !run("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())) {
            return false;
        }
        mounts.add(0, at);
        return true;
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
