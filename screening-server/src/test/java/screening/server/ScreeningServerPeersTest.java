package screening.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import screening.server.json.Json;

/**
 * SPEC section 14 with two real filters: each a child JVM running {@code serve} on loopback,
 * each listing the other's feed as its one register source (a peer token from a tokenFile,
 * maxShrinkPercent 100). A push on either is live on the other; a node killed with
 * {@code kill -9} loses nothing its peer does not get back; a removal is made on the owner only.
 */
class ScreeningServerPeersTest {

    private static final Duration POLL = Duration.ofMillis(200);
    /** Far above the goal (poll interval + 100 ms): only a sanity bound on a shared, loaded machine. */
    private static final Duration SANITY = Duration.ofSeconds(10);
    private static final int PUSHES = Integer.getInteger("peers.pushes", 1_000);
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    private PeerNode a;
    private PeerNode b;

    @AfterEach
    void killBoth() throws Exception {
        if (a != null) {
            a.kill();
        }
        if (b != null) {
            b.kill();
        }
    }

    /** Starts hull-a and hull-b, each polling the other, on admin ports picked now (again if one is taken). */
    private void startPair() throws Exception {
        for (int attempt = 1; ; attempt++) {
            int portA = PeerNode.freePort();
            int portB = PeerNode.freePort();
            Path root = dir.resolve("attempt-" + attempt);
            a = new PeerNode(root, "hull-a", portA, "hull-b", portB, POLL);
            b = new PeerNode(root, "hull-b", portB, "hull-a", portA, POLL);
            a.start();
            b.start();
            boolean upA = a.awaitListening();
            boolean upB = b.awaitListening();
            if (upA && upB) {
                break;
            }
            killBoth();
            assertThat(attempt).as("admin ports taken by others three times").isLessThan(3);
        }
        a.awaitReady(Duration.ofSeconds(30));
        b.awaitReady(Duration.ofSeconds(30));
    }

    private static String entry(String id, String number) {
        return "{" + (id != null ? "\"id\":\"" + id + "\"," : "") + "\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\""
                + number + "\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reason\":\"VICTIM_REQUEST\"}";
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** The id of the one entry a 201 answer names, or a failure with the answer. */
    private static String pushed(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as("push: %s", r.body()).isEqualTo(201);
        return json(r).path("entries").get(0).path("id").asText();
    }

    /** Waits until {@code node} blocks {@code number} ({@code blocked}) or not; the wait in nanoseconds. */
    private static long awaitBlocked(PeerNode node, String number, boolean blocked, Duration within) throws Exception {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (node.blocks(number) != blocked) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node.name + (blocked ? " does not block " : " still blocks ") + number
                        + " after " + within + "; its status: " + node.admin("GET", "/admin/v1/status", null).body()
                        + "\nits output:\n" + node.output());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
        }
        return System.nanoTime() - start;
    }

    /** The status of {@code node}'s one source (its peer's feed). */
    private static JsonNode peerSource(PeerNode node) throws Exception {
        return json(node.admin("GET", "/admin/v1/status", null)).path("sources").get(0);
    }

    /**
     * Every series name that ops/prometheus/alerts.yml reads is in a real scrape of a running
     * pair (the rules' own tests, promtool's, cannot see a renamed metric): the feed's and its
     * peer reader's on the node read, the source's on the node reading, the burst gauges after a
     * contact attempt.
     */
    @Test
    void metrics_pairWithAContactAttempt_scrapeHasEverySeriesTheAlertRulesRead() throws Exception {
        Path rules = Path.of("..", "ops", "prometheus", "alerts.yml");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(screening_[a-z_]+)\\b").matcher(Files.readString(rules));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("screening_feed_reader_version", "screening_source_last_success_seconds",
                "screening_contact_attempts_burst_pins", "screening_register_refusals_total");
        startPair();
        pushed(a.admin("POST", "/admin/v1/entries", entry("ALERT-RULES-1", "07700 900777")));
        awaitBlocked(b, "07700 900777", true, SANITY); // a DENY BLOCKED on b: a contact attempt

        long deadline = System.nanoTime() + SANITY.toNanos();
        String scrapeA;
        String scrapeB;
        do {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            scrapeA = a.admin("GET", "/metrics", null).body();
            scrapeB = b.admin("GET", "/metrics", null).body();
        } while (!scrapeB.contains("screening_contact_attempts_burst_pins 1.0") && System.nanoTime() < deadline);

        assertThat(scrapeB).contains("screening_contact_attempts_burst_pins 1.0", "screening_contact_attempts_burst_max 1.0",
                "screening_source_poll_interval_seconds{source=\"hull-a\"} 0.2",
                "screening_register_refusals_total{cause=\"CHECKSUM\",source=\"hull-a\"} 0.0");
        assertThat(scrapeA).containsPattern("screening_feed_reader_version\\{role=\"peer\",token=\"hull-b\"} [0-9]");
        for (String name : names) {
            Pattern series = Pattern.compile("(?m)^" + name + "[{ ]");
            assertThat(series.matcher(scrapeA).find() && series.matcher(scrapeB).find())
                    .as("%s in both nodes' /metrics", name).isTrue();
        }
    }

    @Test
    void push_onEitherNode_liveOnTheOthersQueryPort() throws Exception {
        startPair();
        long[] nanos = new long[PUSHES];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < PUSHES; i = next.getAndIncrement()) {
                        // even pushes go to hull-a and are watched on hull-b; odd ones the other way
                        PeerNode to = i % 2 == 0 ? a : b;
                        PeerNode other = i % 2 == 0 ? b : a;
                        String number = String.format("07700 900%03d", i);
                        String id = pushed(to.admin("POST", "/admin/v1/entries", entry(null, number)));
                        assertThat(id).startsWith(to.name + "-");
                        nanos[i] = awaitBlocked(other, number, true, SANITY);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long secs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("PEERS LATENCY (201 on one node -> DENY BLOCKED on the other's query port): pushes=%d "
                + "clients=%d pollInterval=%dms p50=%dms p99=%dms max=%dms time=%ds%n", PUSHES, CLIENTS, POLL.toMillis(),
                ms(sorted[PUSHES / 2]), ms(sorted[PUSHES * 99 / 100]), ms(sorted[PUSHES - 1]), secs);
        assertThat(ms(sorted[PUSHES - 1])).isLessThan(SANITY.toMillis());
        // each node reads the other's feed with its peer token, and the status says how far
        JsonNode feed = json(a.admin("GET", "/admin/v1/status", null)).path("feed");
        assertThat(feed.path("readers").get(0).path("token").asText()).isEqualTo("hull-b");
        assertThat(feed.path("readers").get(0).path("version").asLong()).isEqualTo(feed.path("version").asLong());
        assertThat(peerSource(b).path("version").asLong()).isEqualTo(feed.path("version").asLong());
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void kill9_ofTheNodeTakingPushes_theOtherServesItsLastCopyAndGetsEveryAcknowledgedPush() throws Exception {
        startPair();
        List<String> acked = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        Thread pusher = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                String number = String.format("0113 496 0%03d", i);
                try {
                    HttpResponse<String> r = a.admin("POST", "/admin/v1/entries", entry("K-" + i, number));
                    if (r.statusCode() != 201) {
                        failed.incrementAndGet();
                        return;
                    }
                    synchronized (acked) {
                        acked.add(number);
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                    return; // killed
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pusher");
        pusher.start();
        while (sizeOf(acked) < 60) {
            Thread.sleep(5);
        }
        a.kill();
        pusher.join(TimeUnit.SECONDS.toMillis(60));
        List<String> ackedAtKill = List.copyOf(acked);

        // hull-b keeps the last copy it loaded, says why it has no newer one, and still blocks what it had
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode source = peerSource(b);
        while (!source.path("lastError").asText("").startsWith("FETCH: ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            source = peerSource(b);
        }
        assertThat(source.path("lastError").asText()).startsWith("FETCH: ");
        long copyVersion = source.path("version").asLong();
        assertThat(copyVersion).isGreaterThan(1);
        // version v of a fresh node's feed holds its first v - 1 pushes
        int inCopy = (int) copyVersion - 1;
        assertThat(inCopy).isLessThanOrEqualTo(ackedAtKill.size() + 1);
        for (int i = 0; i < Math.min(inCopy, ackedAtKill.size()); i++) {
            assertThat(b.blocks(ackedAtKill.get(i))).as("hull-b blocks %s from its copy", ackedAtKill.get(i)).isTrue();
        }
        // and after its own restart, with hull-a still down, from the copy on its disk
        b.kill();
        b.start();
        assertThat(b.awaitListening()).isTrue();
        b.awaitReady(Duration.ofSeconds(30));
        assertThat(peerSource(b).path("version").asLong()).isEqualTo(copyVersion);
        assertThat(b.blocks(ackedAtKill.get(0))).isTrue();

        a.start();
        assertThat(a.awaitListening()).isTrue();
        long feedVersion = json(a.admin("GET", "/admin/v1/status", null)).path("feed").path("version").asLong();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((peerSource(b).path("version").asLong() < feedVersion || !peerSource(b).path("lastError").isNull())
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(peerSource(b).path("version").asLong()).isEqualTo(feedVersion);
        assertThat(peerSource(b).path("lastError").isNull()).isTrue();
        int missing = 0;
        for (String number : ackedAtKill) {
            if (!b.blocks(number)) {
                missing++;
            }
        }
        System.out.printf("PEERS KILL: acknowledged before kill -9=%d unacknowledged=%d in hull-b's copy while down=%d "
                + "missing on hull-b after restart=%d%n", ackedAtKill.size(), failed.get(), inCopy, missing);
        assertThat(missing).isZero();
        assertThat(feedVersion - 1).isGreaterThanOrEqualTo(ackedAtKill.size());
    }

    private static int sizeOf(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }

    @Test
    void delete_onTheOwner_propagates_onTheOtherNode_409NamingTheOwner() throws Exception {
        startPair();
        String number = "020 7946 0123";
        String id = pushed(a.admin("POST", "/admin/v1/entries", entry(null, number)));
        awaitBlocked(b, number, true, SANITY);

        HttpResponse<String> elsewhere = b.admin("DELETE", "/admin/v1/entries/" + id, null);
        assertThat(elsewhere.statusCode()).isEqualTo(409);
        assertThat(json(elsewhere).path("error").asText()).isEqualTo("NOT_LOCAL");
        assertThat(json(elsewhere).path("message").asText()).startsWith("entry " + id + " belongs to source hull-a; change it there");
        HttpResponse<String> sameId = b.admin("POST", "/admin/v1/entries", entry(id, "020 7946 0124"));
        assertThat(sameId.statusCode()).isEqualTo(409);
        assertThat(json(sameId).path("message").asText()).isEqualTo("id " + id + " already exists (source hull-a)");
        assertThat(b.blocks(number)).isTrue();

        assertThat(a.admin("DELETE", "/admin/v1/entries/" + id, null).statusCode()).isEqualTo(200);
        awaitBlocked(a, number, false, SANITY);
        awaitBlocked(b, number, false, SANITY);
        assertThat(b.admin("GET", "/admin/v1/entries/" + id, null).statusCode()).isEqualTo(404);
    }
}
