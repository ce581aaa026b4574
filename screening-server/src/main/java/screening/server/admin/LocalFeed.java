package screening.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import screening.core.Entry;
import screening.server.journal.LocalJournal;
import screening.server.metrics.ScreeningMetrics;
import screening.server.register.RegisterFile;
import screening.server.register.RegisterFileWriter;

/**
 * {@code GET /admin/v1/feed} (SPEC section 14): this node's local entries as a register file
 * (SPEC section 6) whose header names the node, for the other node of the pair (and the national
 * team) to poll as an ordinary register source; and who has read it, for the status.
 *
 * <p>Thread-safe. {@link #current} and {@link #answer} never block: the event loop answers from
 * the file rendered for the journal's present state. {@link #render} builds that file when the
 * journal has moved on (CPU, proportional to the local entries): call it off the event loop.
 */
public final class LocalFeed {

    /*
     * The file is rendered at most once per journal state, when first asked for, and kept (one
     * volatile value) until the journal changes: a peer polling every second costs a comparison
     * and a write of the same bytes, or a 304.
     *
     * version = the journal's seq + 1. The seq only grows (across restarts and compactions, see
     * LocalJournal), so the version does too; the + 1 because a register version is positive and a
     * node that has never taken a change is at seq 0, and its peer must still load its (empty) feed
     * to be ready.
     *
     * The bytes of one version are the same whenever they are rendered, before or after a restart:
     * the entries in the journal's order, without provenance (a register line carries none), and
     * generated = the newest entry's createdAt (the epoch when there is none). A reader that lost
     * its ETag and fetches the same version again then finds the bytes it holds, not a file of the
     * same version with other bytes, which it would refuse. The ETag is the SHA-256 of the whole
     * file, so no two different files ever share one, even after a journal was lost and its seq
     * started again.
     */

    /** The feed's path on the admin port. */
    public static final String PATH = "/admin/v1/feed";

    private static final String CONTENT_TYPE = "application/x-ndjson";

    private final String node;
    private final LocalJournal journal;
    private final InstantSource clock;
    private final ScreeningMetrics metrics;
    private final Map<String, Read> readers = new ConcurrentHashMap<>();
    private volatile Rendered rendered;

    /** One rendered file: for the journal at {@code seq}, its bytes and their ETag. */
    record Rendered(long seq, long version, byte[] body, String etag) {
    }

    /** What {@code status.feed.readers} says of one token: the version it last fetched, and when. */
    public record Read(String token, long version, Instant at) {
    }

    /**
     * @param node the header's {@code source}: the config's {@code node}
     * @param clock when a reader read, for the status
     * @param metrics where the feed's version and each reader's last read are shown
     */
    public LocalFeed(String node, LocalJournal journal, InstantSource clock, ScreeningMetrics metrics) {
        this.node = node;
        this.journal = journal;
        this.clock = clock;
        this.metrics = metrics;
        metrics.localFeed(this, LocalFeed::version);
    }

    /** The version the feed has now: the journal's seq + 1. Never blocks. */
    public long version() {
        return journal.seq() + 1;
    }

    /** The file rendered for the journal's present state, or null when it must be rendered first. Never blocks. */
    Rendered current() {
        Rendered r = rendered;
        return r != null && r.seq() == journal.seq() ? r : null;
    }

    /**
     * The file for the journal's present state, rendered now unless it already is. Blocks (CPU);
     * any thread: it reads the journal's one consistent {@link LocalJournal#state}.
     */
    synchronized Rendered render() {
        LocalJournal.State state = journal.state();
        Rendered r = rendered;
        if (r != null && r.seq() == state.seq()) {
            return r;
        }
        List<Entry> entries = new ArrayList<>(state.index().size());
        Instant generated = Instant.EPOCH;
        for (Entry e : state.index().entries()) {
            entries.add(e.withProvenance(null, null, null));
            if (e.createdAt() != null && e.createdAt().isAfter(generated)) {
                generated = e.createdAt();
            }
        }
        long version = state.seq() + 1;
        byte[] body = RegisterFileWriter.render(node, version, generated, entries);
        r = new Rendered(state.seq(), version, body, "\"" + RegisterFile.sha256Hex(body, 0, body.length) + "\"");
        rendered = r;
        return r;
    }

    /**
     * The answer to {@code token}'s request for {@code r}: {@code 304} when {@code ifNoneMatch}
     * (the request's header, may be null) names its ETag, else {@code 200} with the file. Records
     * the read for the status and the metrics ({@code role}: the token's role). Never blocks.
     */
    FullHttpResponse answer(Rendered r, String ifNoneMatch, String token, String role) {
        Instant now = clock.instant();
        readers.put(token, new Read(token, r.version(), now));
        metrics.feedRead(token, role, r.version(), now.toEpochMilli());
        boolean unchanged = matches(ifNoneMatch, r.etag());
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                unchanged ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.ETAG, r.etag());
        // the file holds victims' numbers: no cache on the way keeps a copy
        resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (!unchanged) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        }
        return resp;
    }

    /** Whether an {@code If-None-Match} value (a list of tags, weak or strong, or {@code *}) names {@code etag}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Every token that has read the feed, by name. Never blocks. */
    public List<Read> readers() {
        List<Read> out = new ArrayList<>(readers.values());
        out.sort(Comparator.comparing(Read::token));
        return out;
    }

    /** {@code "feed":{"version":V,"readers":[{"token":..,"version":..,"at":..}]}} into {@code status}. */
    void putStatus(ObjectNode status) {
        ObjectNode f = status.putObject("feed");
        f.put("version", version());
        ArrayNode arr = f.putArray("readers");
        for (Read r : readers()) {
            arr.addObject().put("token", r.token()).put("version", r.version()).put("at", r.at().toString());
        }
    }
}
