package screening.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static screening.server.AdminTestFilter.AUDITOR_TOKEN;
import static screening.server.AdminTestFilter.SECURITY_TOKEN;
import static screening.server.admin.AdminCalls.block;
import static screening.server.admin.AdminCalls.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.core.DialledNumberNormaliser;
import screening.core.EntryValidator;
import screening.core.NumberingPlan;
import screening.server.AdminTestFilter;
import screening.server.cli.TokenCommand;
import screening.server.config.ScreeningConfig;
import screening.server.config.TokenRole;
import screening.server.register.RegisterFile;

/** GET /admin/v1/feed on a real filter: the file, its version, ETag and 304, the peer role, status.feed. */
class LocalFeedTest {

    private static final String PEER_TOKEN = "peer-token-for-tests-0003";
    private static final EntryValidator VALIDATOR = new EntryValidator(new DialledNumberNormaliser(NumberingPlan.DEFAULT));

    @TempDir
    Path dir;

    private AdminTestFilter f;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private AdminTestFilter start() throws Exception {
        List<ScreeningConfig.Token> tokens = new ArrayList<>(AdminTestFilter.TOKENS);
        tokens.add(new ScreeningConfig.Token("hull-b", TokenRole.PEER, TokenCommand.sha256Hex(PEER_TOKEN)));
        return AdminTestFilter.start(AdminTestFilter.config(dir.resolve("data"), tokens, AdminTestFilter.writeRegister(dir)));
    }

    private HttpResponse<byte[]> feed(String token, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri(LocalFeed.PATH)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static RegisterFile parse(HttpResponse<byte[]> r) throws Exception {
        return RegisterFile.parse(r.body(), AdminTestFilter.NODE, 0, VALIDATOR);
    }

    @Test
    void feed_noChangeYet_emptyRegisterFileOfVersionOneNamedForTheNode() throws Exception {
        f = start();

        HttpResponse<byte[]> r = feed(PEER_TOKEN, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(r.headers().firstValue("ETag")).get().asString().matches("\"[0-9a-f]{64}\"");
        RegisterFile file = parse(r);
        assertThat(file.header().source()).isEqualTo(AdminTestFilter.NODE);
        assertThat(file.header().version()).isEqualTo(1);
        assertThat(file.index().size()).isZero();
    }

    @Test
    void feed_ifNoneMatchTheCurrentEtag_304UntilAChange() throws Exception {
        f = start();
        HttpResponse<byte[]> first = feed(PEER_TOKEN, null);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = feed(PEER_TOKEN, etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(feed(PEER_TOKEN, "\"other\", W/" + etag).statusCode()).isEqualTo(304);

        assertThat(f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900771")).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> changed = feed(PEER_TOKEN, etag);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).get().isNotEqualTo(etag);
        RegisterFile file = parse(changed);
        assertThat(file.header().version()).isEqualTo(2);
        assertThat(file.index().get("L-1")).isNotNull();
        assertThat(file.index().get("L-1").source()).isEqualTo(AdminTestFilter.NODE);
    }

    @Test
    void feed_removal_nextVersionWithoutTheEntry() throws Exception {
        f = start();
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900771"));
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-2", "07700 900772"));

        assertThat(f.delete("/admin/v1/entries/L-1", SECURITY_TOKEN).statusCode()).isEqualTo(200);
        RegisterFile file = parse(feed(AUDITOR_TOKEN, null));

        assertThat(file.header().version()).isEqualTo(4);
        assertThat(file.index().get("L-1")).isNull();
        assertThat(file.index().get("L-2")).isNotNull();
    }

    @Test
    void feed_afterCompactionAndRestart_sameVersionSameBytes() throws Exception {
        f = start();
        for (int i = 0; i < 5; i++) {
            f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-" + i, "07700 90077" + i));
        }
        f.delete("/admin/v1/entries/L-0", SECURITY_TOKEN);
        HttpResponse<byte[]> before = feed(PEER_TOKEN, null);

        f.server.journal().compact();
        HttpResponse<byte[]> compacted = feed(PEER_TOKEN, null);
        f.close();
        f = start();
        HttpResponse<byte[]> restarted = feed(PEER_TOKEN, null);

        assertThat(parse(before).header().version()).isEqualTo(7);
        assertThat(compacted.body()).isEqualTo(before.body());
        assertThat(restarted.body()).isEqualTo(before.body());
        assertThat(restarted.headers().firstValue("ETag")).isEqualTo(before.headers().firstValue("ETag"));
        assertThat(feed(PEER_TOKEN, before.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(304);
    }

    @Test
    void feed_peerToken_mayReadOnlyTheFeed() throws Exception {
        f = start();

        assertThat(feed(PEER_TOKEN, null).statusCode()).isEqualTo(200);
        HttpResponse<String> status = f.get("/admin/v1/status", PEER_TOKEN);
        assertThat(status.statusCode()).isEqualTo(403);
        assertThat(json(status).path("message").asText()).isEqualTo("token hull-b has role peer, which may only read "
                + LocalFeed.PATH);
        assertThat(f.get("/admin/v1/entries/SPC-T-0001", PEER_TOKEN).statusCode()).isEqualTo(403);
        assertThat(f.get("/admin/v1/audit", PEER_TOKEN).statusCode()).isEqualTo(403);
        assertThat(f.post("/admin/v1/entries", PEER_TOKEN, block("L-1", "07700 900771")).statusCode()).isEqualTo(403);
        assertThat(f.post("/admin/v1/reload", PEER_TOKEN, null).statusCode()).isEqualTo(403);
        assertThat(f.send("POST", LocalFeed.PATH, PEER_TOKEN, "{}").statusCode()).isEqualTo(405);
        assertThat(feed("not-a-token", null).statusCode()).isEqualTo(401);
    }

    @Test
    void status_afterReads_feedVersionAndEachReadersLastVersion() throws Exception {
        f = start();
        feed(PEER_TOKEN, null);
        f.post("/admin/v1/entries", SECURITY_TOKEN, block("L-1", "07700 900771"));
        feed(AUDITOR_TOKEN, null);

        JsonNode feedStatus = json(f.get("/admin/v1/status", AUDITOR_TOKEN)).path("feed");

        assertThat(feedStatus.path("version").asLong()).isEqualTo(2);
        JsonNode readers = feedStatus.path("readers");
        assertThat(readers).hasSize(2);
        assertThat(readers.get(0).path("token").asText()).isEqualTo("auditor-1");
        assertThat(readers.get(0).path("version").asLong()).isEqualTo(2);
        assertThat(readers.get(1).path("token").asText()).isEqualTo("hull-b");
        assertThat(readers.get(1).path("version").asLong()).isEqualTo(1);
        assertThat(java.time.Instant.parse(readers.get(1).path("at").asText())).isNotNull();
    }

    @Test
    void matches_tagLists_weakTagsAndStar() {
        assertThat(LocalFeed.matches(null, "\"a\"")).isFalse();
        assertThat(LocalFeed.matches("\"a\"", "\"a\"")).isTrue();
        assertThat(LocalFeed.matches("\"b\" , W/\"a\"", "\"a\"")).isTrue();
        assertThat(LocalFeed.matches("*", "\"a\"")).isTrue();
        assertThat(LocalFeed.matches("\"ab\"", "\"a\"")).isFalse();
        assertThat(LocalFeed.matches("a", "\"a\"")).isFalse();
    }
}
