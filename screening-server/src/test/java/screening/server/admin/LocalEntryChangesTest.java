package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.auditEvents;
import static screening.server.admin.AdminCalls.block;
import static screening.server.admin.AdminCalls.blocked;
import static screening.server.admin.AdminCalls.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.AdminTestFilter;
import screening.server.audit.AuditChain;
import screening.server.audit.AuditLog;
import screening.server.journal.LocalJournal;
import screening.server.storage.FaultyFileChannel;

/** Pushes and deletes of local entries, over real HTTP to a real filter. */
class LocalEntryChangesTest {

    @TempDir
    Path dir;
    AdminTestFilter f;

    @BeforeEach
    void start() throws Exception {
        f = AdminTestFilter.start(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void post_oneEntry_201CanonicalLiveDurableAndAudited() throws Exception {
        assertThat(blocked(f, "07700 900777")).isFalse();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900777"));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode b = json(r);
        assertThat(b.path("entries").get(0).path("id").asText()).isEqualTo("L-1");
        assertThat(b.path("entries").get(0).path("number").asText()).isEqualTo("+447700900777");
        assertThat(b.path("version").asLong()).isEqualTo(f.server.screener().current().version());
        // live the moment the 201 arrives
        assertThat(blocked(f, "+44 7700 900777")).isTrue();
        JsonNode e = json(f.get("/admin/v1/entries/L-1", AUDITOR_TOKEN));
        assertThat(e.path("source").asText()).isEqualTo("local");
        assertThat(e.path("createdBy").asText()).isEqualTo("spoc-hull");
        assertThat(e.path("createdAt").asText()).isNotEmpty();
        JsonNode added = auditEvents(f).stream().filter(x -> x.path("type").asText().equals("ENTRY_ADDED")).findFirst().orElseThrow();
        assertThat(added.path("actor").asText()).isEqualTo("spoc-hull");
        assertThat(added.path("entry").path("id").asText()).isEqualTo("L-1");
        assertThat(added.path("reason").asText()).isEqualTo("VICTIM_REQUEST");
    }

    @Test
    void post_noId_201WithGeneratedId() throws Exception {
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block(null, "020 7946 0001"));
        assertThat(r.statusCode()).isEqualTo(201);
        String id = json(r).path("entries").get(0).path("id").asText();
        assertThat(id).startsWith(AdminTestFilter.NODE + "-");
        assertThat(f.get("/admin/v1/entries/" + id, AUDITOR_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void post_array_201AllLiveInOneVersion() throws Exception {
        long before = f.server.screener().current().version();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN,
                "[" + block("B-1", "07700 900201") + "," + block("B-2", "01632 960201") + "]");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("entries")).hasSize(2);
        assertThat(json(r).path("entries").get(1).path("number").asText()).isEqualTo("+441632960201");
        assertThat(json(r).path("version").asLong()).isEqualTo(before + 1);
        assertThat(blocked(f, "07700900201")).isTrue();
        assertThat(blocked(f, "01632960201")).isTrue();
    }

    @Test
    void post_arrayWithOneBadEntry_400NamingPositionAndFieldNoneApplied() throws Exception {
        long before = f.server.screener().current().version();
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN,
                "[" + block("C-1", "07700 900301") + "," + block("C-2", "07700 9OO301") + "," + block("C-3", "07700 900303") + "]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("INVALID_ENTRY");
        assertThat(json(r).path("message").asText()).startsWith("entry 1: number");
        assertThat(f.get("/admin/v1/entries/C-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(f.get("/admin/v1/entries/C-3", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(blocked(f, "07700900301")).isFalse();
        assertThat(f.server.screener().current().version()).isEqualTo(before);
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void post_invalidFields_400NamingTheField() throws Exception {
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"PIN\"}", "pin"),
                new Case("{\"action\":\"STOP\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\"}", "action"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\",\"colour\":1}", "colour"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\",\"source\":\"national\"}", "source"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"PREFIX\",\"number\":\"+44\",\"scope\":\"NATIONAL\"}", "number"),
                new Case("{\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900001\",\"scope\":\"NATIONAL\",\"validFrom\":\"yesterday\"}", "validFrom"))) {
            HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, c.body());
            assertThat(r.statusCode()).as(c.body()).isEqualTo(400);
            assertThat(json(r).path("message").asText()).as(c.body()).startsWith(c.field() + " ");
        }
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "{not json").statusCode()).isEqualTo(400);
        assertThat(json(f.post("/admin/v1/entries", SECURITY_TOKEN, "{not json")).path("error").asText()).isEqualTo("BAD_JSON");
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "[]").statusCode()).isEqualTo(400);
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, "42").statusCode()).isEqualTo(400);
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void post_duplicateKeyAnywhere_400AndNothingStored() throws Exception {
        String twice = "{\"id\":\"K-1\",\"action\":\"BLOCK\",\"action\":\"ALLOW\",\"match\":\"EXACT\","
                + "\"number\":\"07700 900601\",\"scope\":\"NATIONAL\"}";
        for (String body : List.of(twice, "[" + block("K-0", "07700 900600") + "," + twice + "]",
                block("K-1", "07700 900601").replace("\"reference\"", "\"id\":\"K-2\",\"reference\""))) {
            HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(json(r).path("error").asText()).isEqualTo("BAD_JSON");
            assertThat(json(r).path("message").asText()).contains("a key appears twice").doesNotContain("action");
        }
        assertThat(f.get("/admin/v1/entries/K-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(f.get("/admin/v1/entries/K-0", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void post_textOverItsLimit_400NamingTheFieldAndNothingStored() throws Exception {
        String base = block("T-1", "07700 900611");
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case(base.replace("}", ",\"note\":\"" + "n".repeat(2_001) + "\"}"), "note"),
                new Case(base.replace("}", ",\"note\":\"" + "n".repeat(10 << 20) + "\"}"), "note"),
                new Case(base.replace("VICTIM_REQUEST", "V".repeat(129)), "reason"),
                new Case(base.replace("SPC/T/1", "R".repeat(129)), "reference"),
                new Case(base.replace("T-1", "T/1"), "id"),
                new Case(base.replace("T-1", "T".repeat(65)), "id"))) {
            HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, c.body());
            assertThat(r.statusCode()).as(c.field()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).isEqualTo("INVALID_ENTRY");
            assertThat(json(r).path("message").asText()).as(c.field()).startsWith(c.field() + " ");
        }
        assertThat(f.server.journal().seq()).isZero();
        HttpResponse<String> atLimit = f.post("/admin/v1/entries", SECURITY_TOKEN,
                base.replace("T-1", "T".repeat(64)).replace("}", ",\"note\":\"" + "n".repeat(2_000) + "\"}"));
        assertThat(atLimit.statusCode()).isEqualTo(201);
    }

    @Test
    void post_loneSurrogateInText_400NamingTheFieldNotStoredAsQuestionMark() throws Exception {
        String escaped = block("U-1", "07700 900621").replace("}", ",\"note\":\"call back \\ud800 later\"}");
        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, escaped);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("message").asText()).startsWith("note ").contains("surrogate");
        HttpResponse<String> reference = f.post("/admin/v1/entries", SECURITY_TOKEN,
                block("U-1", "07700 900621").replace("SPC/T/1", "SPC\\udc00"));
        assertThat(json(reference).path("message").asText()).startsWith("reference ");
        // the same surrogate sent as raw (CESU-style) UTF-8 bytes
        byte[] head = block("U-1", "07700 900621").replace("}", ",\"note\":\"x").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[head.length + 3 + tail.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        raw[head.length] = (byte) 0xED;
        raw[head.length + 1] = (byte) 0xA0;
        raw[head.length + 2] = (byte) 0x80;
        System.arraycopy(tail, 0, raw, head.length + 3, tail.length);
        HttpResponse<String> bytes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(f.uri("/admin/v1/entries"))
                .header("Authorization", "Bearer " + SECURITY_TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bytes.statusCode()).isEqualTo(400);
        assertThat(f.get("/admin/v1/entries/U-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        assertThat(f.server.journal().seq()).isZero();
    }

    @Test
    void post_duplicateIds_409() throws Exception {
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, block("D-1", "07700 900401")).statusCode()).isEqualTo(201);
        HttpResponse<String> local = f.post("/admin/v1/entries", SECURITY_TOKEN, block("D-1", "07700 900402"));
        assertThat(local.statusCode()).isEqualTo(409);
        assertThat(json(local).path("error").asText()).isEqualTo("DUPLICATE_ID");
        HttpResponse<String> register = f.post("/admin/v1/entries", SECURITY_TOKEN, block("SPC-T-0001", "07700 900403"));
        assertThat(register.statusCode()).isEqualTo(409);
        assertThat(json(register).path("message").asText()).contains("source national");
        HttpResponse<String> inBatch = f.post("/admin/v1/entries", SECURITY_TOKEN,
                "[" + block("D-2", "07700 900404") + "," + block("D-2", "07700 900405") + "]");
        assertThat(inBatch.statusCode()).isEqualTo(409);
        assertThat(f.get("/admin/v1/entries/D-2", SECURITY_TOKEN).statusCode()).isEqualTo(404);
    }

    /**
     * A push of id X_i races a reload that brings register version 100 + i, the first to hold
     * X_i. A push answered 201 must have published while no other source held its id: the
     * register's part of the version it answers (the version less the local journal's seq) must
     * be below 100 + i.
     */
    @Test
    void post_racingReloadsThatGainTheSameId_neverAcceptsAnIdTheRegisterHeldAtPublish() throws Exception {
        int rounds = 40;
        Path register = dir.resolve("register.ndjson");
        CyclicBarrier together = new CyclicBarrier(2);
        List<String> lines = new ArrayList<>(List.of(AdminTestFilter.REGISTER_BODY.split("\n")));
        CompletableFuture<Void> reloads = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    lines.add("{\"id\":\"X-" + i + "\",\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\"07700 900"
                            + String.format("%03d", 800 + i) + "\",\"scope\":\"NATIONAL\"}");
                    writeRegister(register, 100 + i, lines);
                    together.await(10, TimeUnit.SECONDS);
                    assertThat(f.post("/admin/v1/reload", SECURITY_TOKEN, null).statusCode()).isEqualTo(200);
                }
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < rounds; i++) {
            together.await(10, TimeUnit.SECONDS);
            HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block("X-" + i, "01632 960" + String.format("%03d", i)));
            if (r.statusCode() == 201) {
                accepted++;
                long registerPart = json(r).path("version").asLong() - accepted; // the journal's seq is the pushes accepted
                assertThat(registerPart).as("round %d: 201 while the register held X-%d", i, i).isLessThan(100 + i);
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                assertThat(json(r).path("message").asText()).contains("source national");
                refused++;
            }
        }
        reloads.get(60, TimeUnit.SECONDS);
        assertThat(accepted + refused).isEqualTo(rounds);
    }

    /** Writes register file {@code version} of source national with {@code lines}, atomically. */
    private static void writeRegister(Path file, long version, List<String> lines) throws Exception {
        String body = String.join("\n", lines) + "\n";
        String header = "{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":" + version
                + ",\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":" + lines.size() + ",\"sha256\":\""
                + AuditChain.sha256Hex(body.getBytes(StandardCharsets.UTF_8)) + "\"}\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, header + body);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void delete_localEntry_200GoneAndAuditedWithTheEntry() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("R-1", "07700 900501"));
        assertThat(blocked(f, "07700900501")).isTrue();
        HttpResponse<String> r = f.delete("/admin/v1/entries/R-1?reason=COURT_ORDER_LIFTED", SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("id").asText()).isEqualTo("R-1");
        assertThat(blocked(f, "07700900501")).isFalse();
        assertThat(f.get("/admin/v1/entries/R-1", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        JsonNode removed = auditEvents(f).stream().filter(x -> x.path("type").asText().equals("ENTRY_REMOVED")).findFirst().orElseThrow();
        assertThat(removed.path("entry").path("number").asText()).isEqualTo("07700 900501");
        assertThat(removed.path("reason").asText()).isEqualTo("COURT_ORDER_LIFTED");
    }

    @Test
    void delete_reasonOverItsLimit_400AndNothingRemoved() throws Exception {
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("R-2", "07700 900502"));
        HttpResponse<String> r = f.delete("/admin/v1/entries/R-2?reason=" + "X".repeat(129), SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("message").asText()).startsWith("reason ");
        assertThat(blocked(f, "07700900502")).isTrue();
        assertThat(f.delete("/admin/v1/entries/R-2?reason=" + "X".repeat(128), SECURITY_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void delete_unknown_404_registerEntry_409() throws Exception {
        assertThat(f.delete("/admin/v1/entries/NOPE", SECURITY_TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> r = f.delete("/admin/v1/entries/SPC-T-0001", SECURITY_TOKEN);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).isEqualTo("NOT_LOCAL");
        assertThat(json(r).path("message").asText()).startsWith("entry SPC-T-0001 belongs to source national; change it there");
        assertThat(blocked(f, "07700900123")).isTrue();
    }

    /** A disk on which writes to one file fail, with ENOSPC or an I/O error, while it is set. */
    private static final class OneFileFails implements FaultyFileChannel.Disk {
        volatile String file;
        volatile boolean full;

        @Override
        public long writable(Path path, long position, long size, long wanted) throws IOException {
            if (path.getFileName().toString().equals(file)) {
                throw full ? FaultyFileChannel.noSpace() : new IOException("Input/output error");
            }
            return wanted;
        }
    }

    private AdminTestFilter restartOn(OneFileFails disk) throws Exception {
        f.close();
        return f = AdminTestFilter.start(AdminTestFilter.config(dir.resolve("data"), AdminTestFilter.TOKENS,
                AdminTestFilter.writeRegister(dir)), FaultyFileChannel.opener(disk));
    }

    @Test
    void post_auditLogFull_507StorageFullNothingAppliedThenResumes() throws Exception {
        OneFileFails disk = new OneFileFails();
        restartOn(disk);
        Path journal = dir.resolve("data").resolve(LocalJournal.FILE_NAME);
        long journalBytes = Files.size(journal);
        long auditSeq = f.server.audit().lastSeq();
        disk.full = true;
        disk.file = AuditLog.LOG_NAME;

        HttpResponse<String> r = f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900777"));

        assertThat(r.statusCode()).isEqualTo(507);
        assertThat(json(r).path("error").asText()).isEqualTo("STORAGE_FULL");
        // the journal record was written, then cut off when its audit line could not be
        assertThat(Files.size(journal)).isEqualTo(journalBytes);
        assertThat(f.server.audit().lastSeq()).isEqualTo(auditSeq);
        assertThat(blocked(f, "07700 900777")).isFalse();
        assertThat(f.get("/admin/v1/entries/L-1", AUDITOR_TOKEN).statusCode()).isEqualTo(404);

        disk.file = null;
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900777")).statusCode())
                .isEqualTo(201);
        assertThat(blocked(f, "07700 900777")).isTrue();
    }

    @Test
    void delete_journalFailing_500StorageFailedAndTheEntryStays() throws Exception {
        OneFileFails disk = new OneFileFails();
        restartOn(disk);
        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900777")).statusCode())
                .isEqualTo(201);
        disk.file = LocalJournal.FILE_NAME;

        HttpResponse<String> r = f.delete("/admin/v1/entries/L-1", SECURITY_TOKEN);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).path("error").asText()).isEqualTo("STORAGE_FAILED");
        assertThat(blocked(f, "07700 900777")).isTrue();
        assertThat(auditEvents(f)).noneMatch(e -> e.path("type").asText().equals("ENTRY_REMOVED"));
    }
}
