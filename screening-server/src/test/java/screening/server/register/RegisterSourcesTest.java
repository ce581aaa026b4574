package screening.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.register.RegisterFiles.block;
import static screening.server.register.RegisterFiles.blocks;
import static screening.server.register.RegisterFiles.file;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.Decision;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.Mode;
import screening.core.NumberingPlan;
import screening.core.Reason;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Snapshot;
import screening.core.Verdict;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.metrics.ScreeningMetrics;
import screening.server.time.ManualTimeSource;

/**
 * RegisterSources against a real HTTP server on 127.0.0.1, with a real SnapshotPublisher and
 * Screener: after every answer the server gives, the decisions queries get and the status.
 */
class RegisterSourcesTest {

    /** Generous, so that a loaded CI machine cannot fail a fetch that should succeed. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-28T13:00:00Z");

    @TempDir
    Path dataDir;

    private HttpServer server;
    private ExecutorService serverThreads;
    private URI url;
    private volatile HttpHandler behaviour;
    private volatile byte[] served;
    private final AtomicInteger notModified = new AtomicInteger();
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final ManualTimeSource clock = new ManualTimeSource(T0);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Duration timeout = TIMEOUT;

    private Screener screener;
    private RegisterSources sources;
    private AuditLog audit;
    private ScreeningMetrics metrics;

    @BeforeEach
    void startRegister() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/register.ndjson", ex -> behaviour.handle(ex));
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/register.ndjson");
        behaviour = this::serveWithEtag;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.stop(0);
        serverThreads.shutdownNow();
    }

    // ---- start-up

    @Test
    void loadAtStart_goodFileOverHttp_blocksItsNumbersAndReportsVersion() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);

        assertBlocked("07700 900003", "SPC-003", 1);
        assertAllowed("07700 900500", 1);
        assertThat(status()).isEqualTo(new SourceStatus("national", 1L, T0, null));
        assertThat(Files.readAllBytes(dataDir.resolve("sources/national.ndjson"))).isEqualTo(served);
    }

    @Test
    void loadAtStart_noCopyAndRegisterDown_leavesSourceMissingWithoutThrowing() throws Exception {
        server.stop(0);
        startFilter(url);

        assertThat(screen("07700 900003").reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(screen("07700 900003").decision()).isEqualTo(Decision.DENY);
        assertThat(status().version()).isNull();
        assertThat(status().lastError()).startsWith("FETCH: ");
    }

    @Test
    void loadAtStart_afterRestartWithRegisterDown_decidesAsBefore() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("national", 2, blocks(0, 12));
        sources.pollNow(false);
        List<String> before = decisions();
        closeFilter();
        server.stop(0);

        startFilter(url);

        assertThat(decisions()).isEqualTo(before);
        assertBlocked("07700 900011", "SPC-011", 2);
        assertThat(status().version()).isEqualTo(2L);
        assertThat(status().lastError()).isNull();
        sources.pollNow(false);
        assertThat(decisions()).isEqualTo(before);
        assertThat(status().lastError()).startsWith("FETCH: ");
    }

    @Test
    void loadAtStart_tamperedCopy_refusesItAndFetchesAgain() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        closeFilter();
        Path copy = dataDir.resolve("sources/national.ndjson");
        String tampered = Files.readString(copy).replace("SPC-003", "SPC-333");
        Files.writeString(copy, tampered);
        served = file("national", 2, blocks(0, 10));

        startFilter(url);

        assertBlocked("07700 900003", "SPC-003", 2);
        assertThat(status().lastError()).isNull();
    }

    @Test
    void loadAtStart_tamperedCopyAndRegisterDown_staysUnavailable() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        closeFilter();
        Path copy = dataDir.resolve("sources/national.ndjson");
        Files.writeString(copy, Files.readString(copy).replace("SPC-003", "SPC-333"));
        server.stop(0);

        startFilter(url);

        assertThat(screen("07700 900003").reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(status().version()).isNull();
        assertThat(status().lastError()).startsWith("FETCH: ");
    }

    @Test
    void loadAtStart_classpathSample_loadsTheSampleRegister() throws Exception {
        startFilter(URI.create("classpath:config/sample-register.ndjson"));

        assertBlocked("07700 900123", "SPC-2026-000101", 1);
        assertBlocked("+44 (0)20 7946 0789".replace("(0)", ""), "SPC-2026-000103", 1);
        assertBlocked("07700 900977", "PUB-2026-000001", 1);
        assertAllowed("01632 960999", 1);
        assertThat(status()).isEqualTo(new SourceStatus("national", 1L, T0, null));
    }

    // ---- polls after a good start

    @Test
    void pollNow_notModified_keepsSnapshotAndRecordsSuccess() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        Snapshot before = screener.current();
        clock.advance(Duration.ofSeconds(60));

        sources.pollNow(false);

        assertThat(ifNoneMatch).hasSize(2);
        assertThat(ifNoneMatch.get(1)).isEqualTo(etag(served));
        assertThat(notModified).hasValue(1);
        assertThat(screener.current()).isSameAs(before);
        assertThat(status()).isEqualTo(new SourceStatus("national", 1L, T0.plusSeconds(60), null));
    }

    @Test
    void pollNow_newVersion_swapsInItsEntries() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("national", 2, blocks(1, 11));

        sources.pollNow(false);

        assertBlocked("07700 900010", "SPC-010", 2);
        assertAllowed("07700 900000", 2);
        assertThat(status()).isEqualTo(new SourceStatus("national", 2L, T0, null));
    }

    @Test
    void pollNow_serverError_keepsLastGoodCopyAndReportsFetch() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        behaviour = ex -> respond(ex, 500, "oops".getBytes(StandardCharsets.UTF_8));

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).isEqualTo("FETCH: HTTP 500");

        behaviour = this::serveWithEtag;
        sources.pollNow(false);
        assertThat(status().lastError()).isNull();
    }

    @Test
    void pollNow_connectionRefused_keepsLastGoodCopyAndReportsFetch() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        server.stop(0);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("FETCH: ").contains("ConnectException");
    }

    @Test
    void pollNow_serverSlowerThanTimeout_givesUpAndReportsFetch() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        closeFilter();
        timeout = Duration.ofMillis(700);
        startFilter(url); // from the last good copy: no fetch
        CountDownLatch release = new CountDownLatch(1);
        behaviour = ex -> {
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serveWithEtag(ex);
        };
        try {
            sources.pollNow(false);
        } finally {
            release.countDown();
        }

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("FETCH: ").contains("timeout", "700 ms");
    }

    @Test
    void pollNow_bodyCutHalfway_keepsLastGoodCopyAndReportsFetch() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        byte[] next = file("national", 2, blocks(0, 20));
        behaviour = ex -> {
            ex.sendResponseHeaders(200, next.length);
            OutputStream os = ex.getResponseBody();
            os.write(next, 0, next.length / 2);
            os.flush();
            ex.close(); // fewer bytes than Content-Length: the server drops the connection
        };

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("FETCH: ");
    }

    @Test
    void pollNow_wrongChecksum_refusedAsChecksum() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        String body = RegisterFiles.body(blocks(0, 11));
        served = (RegisterFiles.header("national", 2, 11, RegisterFiles.sha256(body + "x")) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("CHECKSUM: line 1: sha256 does not match");
    }

    @Test
    void pollNow_wrongCount_refusedAsCount() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        String body = RegisterFiles.body(blocks(0, 11));
        served = (RegisterFiles.header("national", 2, 12, RegisterFiles.sha256(body)) + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError())
                .isEqualTo("COUNT: line 1: header says entries 12 but the file has 11 entry lines");
    }

    @Test
    void pollNow_lowerVersion_refusedAsVersion() throws Exception {
        served = file("national", 3, blocks(0, 10));
        startFilter(url);
        served = file("national", 2, blocks(0, 11));

        sources.pollNow(false);

        assertBlocked("07700 900003", "SPC-003", 3);
        assertAllowed("07700 900010", 3);
        assertThat(status().version()).isEqualTo(3L);
        assertThat(status().lastError())
                .isEqualTo("VERSION: line 1: version 2 is not higher than the loaded version 3");
    }

    @Test
    void pollNow_sameVersionOtherContent_refusedAsVersion() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("national", 1, blocks(0, 11));

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("VERSION: ");
    }

    @Test
    void pollNow_emptyFile_refusedAsEmptyNeverAnEmptyList() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = new byte[0];

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).isEqualTo("EMPTY: the file is empty (0 bytes)");
    }

    @Test
    void pollNow_fileDropping60Percent_refusedUntilForced() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("national", 2, blocks(0, 4));

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("SHRINK: the file would remove 6 of the 10 loaded entries (60 %)");

        sources.pollNow(false); // 304 for the refused file: still refused
        assertStillVersion1();
        assertThat(notModified).hasValue(1);
        assertThat(status().lastError()).startsWith("SHRINK: ");

        clock.advance(Duration.ofSeconds(5));
        sources.pollNow(true);

        assertBlocked("07700 900003", "SPC-003", 2);
        assertAllowed("07700 900005", 2);
        assertThat(status()).isEqualTo(new SourceStatus("national", 2L, T0.plusSeconds(5), null));
    }

    @Test
    void pollNow_fileDroppingHalf_loadsWithoutForce() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("national", 2, blocks(0, 5));

        sources.pollNow(false);

        assertAllowed("07700 900005", 2);
        assertThat(status().lastError()).isNull();
    }

    @Test
    void pollNow_duplicateId_refusedNamingBothLines() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        List<String> lines = blocks(0, 11);
        lines.add(block(500).replace("SPC-500", "SPC-003"));
        served = file("national", 2, lines);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).isEqualTo("DUPLICATE_ID: line 13: id SPC-003 duplicates the id on line 5");
    }

    @Test
    void pollNow_invalidNumberOnLine7_refusedNamingLineAndFieldNotTheNumber() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        List<String> lines = blocks(0, 11);
        lines.set(5, block(5).replace("+447700900005", "+44 7700 9OO005"));
        served = file("national", 2, lines);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("ENTRY: line 7: number ").doesNotContain("7700");
    }

    @Test
    void pollNow_entryClaimingProvenance_refused() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        List<String> lines = blocks(0, 11);
        lines.set(2, block(2).replace("}", ",\"createdBy\":\"spoc-hull\"}"));
        served = file("national", 2, lines);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).isEqualTo("ENTRY: line 4: createdBy must be absent (the filter fills it in)");
    }

    @Test
    void pollNow_otherSourceName_refusedAsHeader() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("regional", 2, blocks(0, 11));

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("HEADER: line 1: source is 'regional'");
    }

    @Test
    void pollNow_goodFileAfterRefusal_loadsAndClearsLastError() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = new byte[0];
        sources.pollNow(false);
        served = file("national", 2, blocks(0, 11));

        sources.pollNow(false);

        assertBlocked("07700 900010", "SPC-010", 2);
        assertThat(status().lastError()).isNull();
    }

    @Test
    void pollNow_serverWithoutEtag_unchangedBodyKeepsSnapshot() throws Exception {
        served = file("national", 1, blocks(0, 10));
        behaviour = ex -> respond(ex, 200, served);
        startFilter(url);
        Snapshot before = screener.current();

        sources.pollNow(false);

        assertThat(screener.current()).isSameAs(before);
        assertThat(status().lastError()).isNull();
    }

    // ---- a peer's feed: the token, refusals audited, the per-source shrink guard

    @Test
    void pollNow_sourceWithToken_sendsItAsBearer() throws Exception {
        List<String> authorization = new CopyOnWriteArrayList<>();
        behaviour = ex -> {
            authorization.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            serveWithEtag(ex);
        };
        served = file("national", 1, blocks(0, 10));

        startFilter(new ScreeningConfig.Source("national", url, Duration.ofHours(1), "peer-token-0003", null), s -> { });

        assertBlocked("07700 900003", "SPC-003", 1);
        assertThat(authorization).containsExactly("Bearer peer-token-0003");
    }

    @Test
    void pollNow_tokenRefused_refusedAsAuthAuditedOnceUntilAccepted() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(new ScreeningConfig.Source("national", url, Duration.ofHours(1), "peer-token-0003", null), s -> { });
        behaviour = ex -> respond(ex, 401, "{\"error\":\"UNAUTHORIZED\"}".getBytes(StandardCharsets.UTF_8));

        sources.pollNow(false);
        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).isEqualTo("AUTH: HTTP 401: the source refuses the token of this source's tokenFile");
        List<com.fasterxml.jackson.databind.JsonNode> refused = refusals();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("cause").asText()).isEqualTo("AUTH");
        assertThat(refused.get(0).toString()).doesNotContain("peer-token-0003");
        assertThat(metrics.scrape()).contains("screening_register_refusals_total{cause=\"AUTH\",source=\"national\"} 1.0");

        behaviour = this::serveWithEtag;
        sources.pollNow(false);
        assertThat(status().lastError()).isNull();
        behaviour = ex -> respond(ex, 403, new byte[0]);
        sources.pollNow(false);
        assertThat(refusals()).hasSize(2);
        assertThat(status().lastError()).startsWith("AUTH: HTTP 403");
    }

    @Test
    void pollNow_otherSourceNameOrLowerVersion_refusedAndAudited() throws Exception {
        served = file("national", 3, blocks(0, 10));
        startFilter(url);

        served = file("hull-b", 4, blocks(0, 11));
        sources.pollNow(false);
        served = file("national", 2, blocks(0, 11));
        sources.pollNow(false);

        assertAllowed("07700 900010", 3);
        List<com.fasterxml.jackson.databind.JsonNode> refused = refusals();
        assertThat(refused).extracting(e -> e.path("cause").asText()).containsExactly("HEADER", "VERSION");
        assertThat(refused.get(0).path("message").asText())
                .isEqualTo("line 1: source is 'hull-b' but this source is configured as 'national'");
        assertThat(refused).extracting(e -> e.path("source").asText()).containsOnly("national");
        assertThat(refused).extracting(e -> e.path("version").asLong()).containsExactly(4L, 2L);
    }

    @Test
    void pollNow_sourceOwnMaxShrinkPercent_replacesTheRegisters() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(new ScreeningConfig.Source("national", url, Duration.ofHours(1), null, 100), s -> { });
        served = file("national", 2, blocks(0, 1));

        sources.pollNow(false);

        assertAllowed("07700 900005", 2);
        assertThat(status().lastError()).isNull();
    }

    @Test
    void pollNow_sourceOwnMaxShrinkPercentBelowTheRegisters_refusesNamingIt() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(new ScreeningConfig.Source("national", url, Duration.ofHours(1), null, 10), s -> { });
        served = file("national", 2, blocks(0, 8));

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("SHRINK: ").contains("more than this source's maxShrinkPercent 10");
    }

    // ---- file: sources and the poll schedule

    @Test
    void start_fileSource_loadsAChangedFileAtItsInterval() throws Exception {
        Path register = dataDir.resolve("register.ndjson");
        Files.write(register, file("national", 1, blocks(0, 10)));
        CountDownLatch version2 = new CountDownLatch(1);
        startFilter(register.toUri(), Duration.ofMillis(20), s -> {
            if (s.version() == 2) {
                version2.countDown();
            }
        });
        assertBlocked("07700 900003", "SPC-003", 1);
        Path tmp = dataDir.resolve("register.tmp");
        Files.write(tmp, file("national", 2, blocks(0, 11)));
        Files.move(tmp, register, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        sources.start();

        assertThat(version2.await(2, TimeUnit.MINUTES)).isTrue();
        assertBlocked("07700 900010", "SPC-010", 2);
    }

    @Test
    void pollNow_fileSourceUnchanged_keepsSnapshot() throws Exception {
        Path register = dataDir.resolve("register.ndjson");
        Files.write(register, file("national", 1, blocks(0, 10)));
        startFilter(register.toUri());
        Snapshot before = screener.current();

        sources.pollNow(false);

        assertThat(screener.current()).isSameAs(before);
        assertThat(status().lastError()).isNull();
    }

    @Test
    void pollNow_fileSourceDeleted_reportsFetch() throws Exception {
        Path register = dataDir.resolve("register.ndjson");
        Files.write(register, file("national", 1, blocks(0, 10)));
        startFilter(register.toUri());
        Files.delete(register);

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("FETCH: ");
    }

    @Test
    void pollNow_newVersion_spoolBecomesTheLastGoodCopyAndEntriesReadBack() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        served = file("national", 2, blocks(1, 11));

        sources.pollNow(false);

        assertBlocked("07700 900010", "SPC-010", 2);
        try (var files = Files.list(dataDir.resolve("sources"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("national.ndjson");
        }
        assertThat(Files.readAllBytes(dataDir.resolve("sources/national.ndjson"))).isEqualTo(served);
        Entry e = screener.current().index("national").get("SPC-010");
        assertThat(e.number()).isEqualTo("+447700900010");
        assertThat(e.source()).isEqualTo("national");
    }

    @Test
    void pollNow_refusedFile_leavesNoSpoolAndKeepsTheCopy() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        byte[] copy = Files.readAllBytes(dataDir.resolve("sources/national.ndjson"));
        served = file("national", 1, blocks(0, 11));

        sources.pollNow(false);

        assertStillVersion1();
        assertThat(status().lastError()).startsWith("VERSION: ");
        assertThat(Files.exists(dataDir.resolve("sources/national.ndjson.fetch"))).isFalse();
        assertThat(Files.readAllBytes(dataDir.resolve("sources/national.ndjson"))).isEqualTo(copy);
    }

    @Test
    void pollNow_spoolCannotBeWritten_loadsFromMemoryAndKeepsTheCopy() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        // a directory with a file in it where the spool goes: it can be neither unlinked nor created
        Files.createDirectories(dataDir.resolve("sources/national.ndjson.fetch"));
        Files.write(dataDir.resolve("sources/national.ndjson.fetch/x"), new byte[] {1});
        served = file("national", 2, blocks(1, 11));

        sources.pollNow(false);

        assertBlocked("07700 900010", "SPC-010", 2);
        assertThat(status()).isEqualTo(new SourceStatus("national", 2L, T0, null));
        assertThat(Files.readAllBytes(dataDir.resolve("sources/national.ndjson"))).isEqualTo(served);
    }

    @Test
    void loadAtStart_copyInDataDir_entriesReadBackFromIt() throws Exception {
        served = file("national", 1, blocks(0, 10));
        startFilter(url);
        closeFilter();
        server.stop(0);

        startFilter(url);

        assertBlocked("07700 900003", "SPC-003", 1);
        assertThat(screener.current().index("national").get("SPC-003").number()).isEqualTo("+447700900003");
    }

    // ---- helpers

    private void startFilter(URI source) throws IOException {
        startFilter(source, Duration.ofHours(1), s -> { });
    }

    private void startFilter(URI source, Duration interval, java.util.function.Consumer<Snapshot> listener)
            throws IOException {
        startFilter(new ScreeningConfig.Source("national", source, interval), listener);
    }

    private void startFilter(ScreeningConfig.Source source, java.util.function.Consumer<Snapshot> listener)
            throws IOException {
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        EntryValidator validator = new EntryValidator(normaliser);
        screener = new Screener(new ScreeningPolicy(Mode.BLOCKLIST, true), normaliser, clock);
        SnapshotPublisher publisher = new SnapshotPublisher(screener, List.of(Entry.LOCAL_SOURCE, "national"));
        publisher.addListener(listener);
        publisher.update(EntryIndex.empty(Entry.LOCAL_SOURCE), 0).join();
        metrics = new ScreeningMetrics();
        audit = AuditLog.open(dataDir, metrics);
        sources = new RegisterSources(new ScreeningConfig.Register(List.of(source), 50),
                dataDir, validator, publisher, audit, metrics,
                new RegisterSources.Options(timeout, timeout, Duration.ofSeconds(1), clock, n -> 0));
        RegisterSources s = sources;
        toClose.add(s::close);
        toClose.add(publisher::close);
        AuditLog a = audit;
        toClose.add(a::close);
        sources.loadAtStart();
    }

    private void closeFilter() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        toClose.clear();
    }

    private void serveWithEtag(HttpExchange ex) throws IOException {
        byte[] body = served;
        String etag = etag(body);
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        ifNoneMatch.add(String.valueOf(inm));
        if (etag.equals(inm)) {
            notModified.incrementAndGet();
            ex.getResponseHeaders().set("ETag", etag);
            ex.sendResponseHeaders(304, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("ETag", etag);
        respond(ex, 200, body);
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static String etag(byte[] body) {
        return "\"" + RegisterFile.sha256Hex(body, 0, body.length).substring(0, 16) + "\"";
    }

    /** The SOURCE_REFUSED events in the audit log, in order. */
    private List<com.fasterxml.jackson.databind.JsonNode> refusals() throws IOException {
        return audit.read(0, 1000).stream().filter(e -> e.path("type").asText().equals("SOURCE_REFUSED")).toList();
    }

    private SourceStatus status() {
        return sources.status().get(0);
    }

    private Verdict screen(String number) {
        Verdict v = new Verdict();
        screener.screen("1234", "HULL", number, v);
        return v;
    }

    private void assertBlocked(String number, String ref, long version) {
        Verdict v = screen(number);
        assertThat(v.decision()).as(number).isEqualTo(Decision.DENY);
        assertThat(v.reason()).as(number).isEqualTo(Reason.BLOCKED);
        assertThat(v.ref()).as(number).isEqualTo(ref);
        assertThat(v.version()).as(number).isEqualTo(version);
    }

    private void assertAllowed(String number, long version) {
        Verdict v = screen(number);
        assertThat(v.decision()).as(number).isEqualTo(Decision.ALLOW);
        assertThat(v.reason()).as(number).isEqualTo(Reason.NOT_BLOCKED);
        assertThat(v.version()).as(number).isEqualTo(version);
    }

    private void assertStillVersion1() {
        for (int i = 0; i < 10; i++) {
            assertBlocked(String.format("07700 900%03d", i), String.format("SPC-%03d", i), 1);
        }
        assertAllowed("07700 900010", 1);
        assertAllowed("07700 900500", 1);
        assertThat(status().version()).isEqualTo(1L);
    }

    /** Every decision for the first 20 drama numbers, as text. */
    private List<String> decisions() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(screen(String.format("07700 900%03d", i)).toString());
        }
        return out;
    }
}
