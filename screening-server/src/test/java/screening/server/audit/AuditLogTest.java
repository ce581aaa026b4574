package screening.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Channel;
import screening.server.json.Json;
import screening.server.metrics.ScreeningMetrics;
import screening.server.time.ManualTimeSource;

class AuditLogTest {

    @TempDir
    Path dir;

    final ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-11-28T13:00:00Z"));

    AuditLog open() throws Exception {
        return AuditLog.open(dir, new ScreeningMetrics(), clock);
    }

    List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_NAME), StandardCharsets.UTF_8);
    }

    @Test
    void append_chainsEachLineToThePrevious() throws Exception {
        try (AuditLog a = open()) {
            assertThat(a.append(AuditLog.EventType.SOURCE_LOADED, AuditLog.SYSTEM_ACTOR, Map.of("source", "national", "version", 7))).isEqualTo(1);
            assertThat(a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "127.0.0.1:5000"))).isEqualTo(2);
        }
        List<String> lines = lines();
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        JsonNode second = Json.MAPPER.readTree(lines.get(1));
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("prev").asText()).isEqualTo(AuditLog.ZERO_HASH);
        assertThat(first.path("time").asText()).isEqualTo("2026-11-28T13:00:00Z");
        assertThat(first.path("type").asText()).isEqualTo("SOURCE_LOADED");
        assertThat(first.path("actor").asText()).isEqualTo("system");
        assertThat(first.path("version").asInt()).isEqualTo(7);
        assertThat(second.path("prev").asText())
                .isEqualTo(AuditChain.sha256Hex(lines.get(0).getBytes(StandardCharsets.UTF_8)));
        assertThat(second.path("remote").asText()).isEqualTo("127.0.0.1:5000");
        String head = Files.readString(dir.resolve(AuditLog.HEAD_NAME)).trim();
        assertThat(head).isEqualTo(String.format("%020d %s", 2,
                AuditChain.sha256Hex(lines.get(1).getBytes(StandardCharsets.UTF_8))));
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }

    @Test
    void open_existingLog_continuesTheChain() throws Exception {
        try (AuditLog a = open()) {
            a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "a"));
        }
        try (AuditLog a = open()) {
            assertThat(a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "b"))).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 2, 0, null));
    }

    @Test
    void offerContactAttempt_writtenByWriterWithoutNumber() throws Exception {
        try (AuditLog a = open()) {
            assertThat(a.offerContactAttempt("1234", "HULL", "SPC-2026-000101", Channel.PHONE)).isTrue();
        }
        JsonNode e = Json.MAPPER.readTree(lines().get(0));
        assertThat(e.path("type").asText()).isEqualTo("CONTACT_ATTEMPT");
        assertThat(e.path("pin").asText()).isEqualTo("1234");
        assertThat(e.path("establishment").asText()).isEqualTo("HULL");
        assertThat(e.path("ref").asText()).isEqualTo("SPC-2026-000101");
        assertThat(e.has("number")).isFalse();
    }

    @Test
    void offerContactAttempt_afterClose_droppedAndCounted() throws Exception {
        AuditLog a = open();
        a.close();
        assertThat(a.offerContactAttempt("1234", "HULL", "X", Channel.PHONE)).isFalse();
        assertThat(a.droppedCount()).isEqualTo(1);
    }

    @Test
    void read_afterAndLimit_inSeqOrderAcrossSparseIndex() throws Exception {
        try (AuditLog a = open()) {
            for (int b = 0; b < 6; b++) {
                List<AuditLog.Event> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(new AuditLog.Event(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "r" + i)));
                }
                a.appendAll(batch);
            }
            assertThat(a.read(0, 3)).extracting(n -> n.path("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(a.read(511, 2)).extracting(n -> n.path("seq").asLong()).containsExactly(512L, 513L);
            assertThat(a.read(599, 10)).extracting(n -> n.path("seq").asLong()).containsExactly(600L);
            assertThat(a.read(600, 10)).isEmpty();
        }
    }

    @Test
    void open_tornLastLine_droppedAndChainContinues() throws Exception {
        try (AuditLog a = open()) {
            a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "a"));
        }
        Files.writeString(dir.resolve(AuditLog.LOG_NAME), "{\"seq\":2,\"ti", java.nio.file.StandardOpenOption.APPEND);
        assertThat(AuditChain.verify(dir).brokenSeq()).isEqualTo(2);
        try (AuditLog a = open()) {
            assertThat(a.openReport().tornTailDropped()).isTrue();
            assertThat(a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "b"))).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }

    @Test
    void open_completeLineBeyondHead_keptAndHeadUpdated() throws Exception {
        try (AuditLog a = open()) {
            a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "a"));
            a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "b"));
        }
        // a crash between the log's fsync and the head's: the head still names seq 1
        String line1 = lines().get(0);
        Files.writeString(dir.resolve(AuditLog.HEAD_NAME), String.format("%020d %s%n", 1,
                AuditChain.sha256Hex(line1.getBytes(StandardCharsets.UTF_8))));
        try (AuditLog a = open()) {
            assertThat(a.openReport().linesBeyondHead()).isEqualTo(1);
            assertThat(a.lastSeq()).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }

    @Test
    void open_editedLine_refusesToStartNamingTheSeq() throws Exception {
        try (AuditLog a = open()) {
            for (int i = 0; i < 3; i++) {
                a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "10.0.0." + i));
            }
        }
        replaceInLog("10.0.0.1", "10.0.0.9");
        assertThat(AuditChain.verify(dir)).extracting(AuditChain.Result::ok, AuditChain.Result::brokenSeq)
                .containsExactly(false, 3L);
        assertThatThrownBy(this::open).isInstanceOf(AuditLogDamagedException.class).hasMessageContaining("seq 3");
    }

    @Test
    void open_truncatedLog_refusesToStart() throws Exception {
        try (AuditLog a = open()) {
            for (int i = 0; i < 3; i++) {
                a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "r" + i));
            }
        }
        List<String> lines = lines();
        Files.writeString(dir.resolve(AuditLog.LOG_NAME), lines.get(0) + "\n" + lines.get(1) + "\n");
        AuditChain.Result r = AuditChain.verify(dir);
        assertThat(r.ok()).isFalse();
        assertThat(r.brokenSeq()).isEqualTo(3);
        assertThatThrownBy(this::open).isInstanceOf(AuditLogDamagedException.class);
    }

    @Test
    void offerContactAttempt_tenThousand_allOnDiskWithAChainAuditVerifyAccepts() throws Exception {
        int n = 10_000;
        try (AuditLog a = open()) {
            a.append(AuditLog.EventType.SOURCE_LOADED, "system", Map.of("source", "national", "version", 7));
            for (int i = 0; i < n; i++) {
                assertThat(a.offerContactAttempt(i % 2 == 0 ? "1234" : "A-1000", "HULL",
                        String.format("SPC-2026-%06d", i), Channel.PHONE)).isTrue();
            }
            assertThat(a.droppedCount()).isZero();
        } // close drains what is still queued
        List<String> lines = lines();
        assertThat(lines).hasSize(n + 1);
        for (int i = 0; i < n; i++) {
            JsonNode e = Json.MAPPER.readTree(lines.get(i + 1));
            assertThat(e.path("seq").asLong()).isEqualTo(i + 2);
            assertThat(e.path("ref").asText()).isEqualTo(String.format("SPC-2026-%06d", i));
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, n + 1, 0, null));
        // and the server's own start-up scan accepts it and continues the chain
        try (AuditLog a = open()) {
            assertThat(a.openReport()).isEqualTo(new AuditLog.OpenReport(n + 1, false, 0));
            assertThat(a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "127.0.0.1:5000"))).isEqualTo(n + 2);
        }
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }

    @Test
    void close_attemptsStillQueued_allWrittenBeforeItReturns() throws Exception {
        AuditLog a = open();
        for (int i = 0; i < 5000; i++) {
            a.offerContactAttempt("1234", "HULL", "SPC-2026-000101", Channel.PHONE);
        }
        a.close();
        assertThat(lines()).hasSize(5000);
        assertThat(a.lastSeq()).isEqualTo(5000);
        assertThat(AuditChain.verify(dir).ok()).isTrue();
    }

    @Test
    void offerContactAttempt_idle_reachesDiskWithoutClose() throws Exception {
        try (AuditLog a = open()) {
            a.offerContactAttempt("1234", "HULL", "SPC-2026-000101", Channel.PHONE);
            // the writer must not wait for more attempts or for close
            awaitWriter(() -> a.lastSeq() >= 1);
            assertThat(lines()).hasSize(1);
            assertThat(a.read(0, 10)).extracting(e -> e.path("type").asText()).containsExactly("CONTACT_ATTEMPT");
        }
    }

    @Test
    void offerContactAttempt_interleavedWithAppends_oneChainAndReadFindsEverySeq() throws Exception {
        try (AuditLog a = open()) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 300; i++) {
                    a.offerContactAttempt("1234", "HULL", "r" + round + "-" + i, Channel.PHONE);
                }
                a.append(AuditLog.EventType.ENTRY_REMOVED, "ops", Map.of("entry", Map.of("id", "SPC-2026-000101"), "reason", "r" + round));
            }
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 903, 0, null));
        try (AuditLog a = open()) {
            // the sparse index (every 256th line) has offsets recorded by both writers
            for (long after : new long[] {0, 255, 256, 511, 512, 767, 900}) {
                assertThat(a.read(after, 2)).extracting(e -> e.path("seq").asLong())
                        .containsExactly(after + 1, after + 2);
            }
        }
        try (AuditLog a = open()) {
            a.offerContactAttempt("1234", "HULL", "after-reopen", Channel.PHONE);
        }
        try (AuditLog a = open()) {
            assertThat(a.read(0, 2000)).hasSize(904)
                    .extracting(e -> e.path("seq").asLong()).isSorted();
            assertThat(a.read(256, 1)).extracting(e -> e.path("seq").asLong()).containsExactly(257L);
        }
    }

    @Test
    void appendAll_headSyncedBeforeItReturns() throws Exception {
        try (AuditLog a = open()) {
            long seq = a.appendAll(List.of(
                    new AuditLog.Event(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "a")),
                    new AuditLog.Event(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "b"))));
            assertThat(seq).isEqualTo(2);
            assertThat(a.headSyncedSeq()).isEqualTo(2);
        }
    }

    @Test
    void offerContactAttempt_queueEmpties_headSyncedWithoutWaitingForTheInterval() throws Exception {
        try (AuditLog a = open()) {
            assertThat(a.offerContactAttempt("1234", "HULL", "SPC-2026-000101", Channel.PHONE)).isTrue();
            // the clock never moves, so only the writer finding the queue empty can sync the head
            awaitWriter(() -> a.headSyncedSeq() == 1);
            assertThat(AuditChain.readHead(dir.resolve(AuditLog.HEAD_NAME)).seq()).isEqualTo(1);
        }
    }

    @Test
    void open_lineOfATypeThisVersionDoesNotKnow_readAsWrittenAndTheChainGoesOn() throws Exception {
        String line = "{\"seq\":1,\"time\":\"2026-11-28T13:00:00Z\",\"type\":\"SOMETHING_LATER\",\"actor\":\"system\","
                + "\"prev\":\"" + AuditLog.ZERO_HASH + "\"}";
        Files.writeString(dir.resolve(AuditLog.LOG_NAME), line + "\n");
        Files.write(dir.resolve(AuditLog.HEAD_NAME),
                AuditChain.headLine(1, AuditChain.sha256Hex(line.getBytes(StandardCharsets.UTF_8))));
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 1, 0, null));
        try (AuditLog a = open()) {
            assertThat(a.read(0, 10)).extracting(e -> e.path("type").asText()).containsExactly("SOMETHING_LATER");
            assertThat(a.append(AuditLog.EventType.AUTH_FAILED, "anonymous", Map.of("remote", "a"))).isEqualTo(2);
        }
        assertThat(AuditChain.verify(dir)).isEqualTo(new AuditChain.Result(true, 2, 0, null));
    }

    /** Waits, generously, for the writer thread to get there: liveness, not speed. */
    static void awaitWriter(BooleanSupplier done) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (!done.getAsBoolean()) {
                LockSupport.parkNanos(100_000);
            }
        });
    }

    void replaceInLog(String from, String to) throws Exception {
        Path p = dir.resolve(AuditLog.LOG_NAME);
        Files.writeString(p, Files.readString(p).replace(from, to));
    }
}
