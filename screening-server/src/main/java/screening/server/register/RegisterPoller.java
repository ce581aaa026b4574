package screening.server.register;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import screening.core.Action;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.server.snapshot.SnapshotPublisher;
import screening.server.audit.AuditLog;
import screening.server.config.ScreeningConfig;
import screening.server.json.Json;
import screening.server.metrics.ScreeningMetrics;

/**
 * Polls one register source on a daemon thread of its own: fetch, validate, keep the last good
 * copy, hand the new index to the {@link SnapshotPublisher}. Every poll, scheduled or asked for,
 * runs on that one thread, so a source is never polled twice at once and its state needs no lock;
 * {@link #status} is a volatile immutable value readable from any thread.
 *
 * <p>{@link #pollNow} and {@link #loadAtStart} return futures; waiting on them blocks (network,
 * parsing, fsync): never wait on an event loop.
 */
final class RegisterPoller {

    /*
     * Refused files are remembered by hash (and ETag / file stamp), so a bad file that stays on the
     * server is refused, audited and counted once, not on every poll; a 304 for it keeps its
     * lastError. A FETCH failure backs off exponentially with jitter (PollBackoff), capped at
     * min(10 x pollInterval, maxBackoff); a refusal does not back off (the file is there, it is
     * just wrong; polling it costs one 304).
     *
     * The last good copy is written (fsync, rename) before the index is published: a crash between
     * the two restarts from the new copy, which is what was about to be live anyway.
     *
     * A fetch writes the body to a spool file beside the last good copy, hashing it as it goes;
     * the parse reads a mapping of it, and a loaded spool is renamed to be the last good copy, so
     * the file is never a heap array and is hashed and written once. The index keeps the
     * mapping (RegisterLines). When the spool cannot be written, the poll fetches into memory
     * instead, and the copy is written from there (or not, and status says so), as before: a
     * full disk must not hold back a victim's protection.
     */

    private static final int HEADER_READ_MAX = 1 << 20;

    private static final System.Logger LOG = System.getLogger(RegisterPoller.class.getName());

    private final ScreeningConfig.Source source;
    private final String name;
    private final SourceFetcher fetcher;
    private final LastGoodCopyStore store;
    private final EntryValidator validator;
    private final SnapshotPublisher publisher;
    private final AuditLog audit;
    private final ScreeningMetrics metrics;
    private final int maxShrinkPercent;
    private final RegisterSources.Options options;
    private final PollBackoff backoff;
    private final ScheduledExecutorService thread;

    // poller thread only
    private long loadedVersion;
    private EntryIndex loadedIndex;
    private SpoolFile.FileHash loadedHash;
    private String seenTag;
    private SpoolFile.FileHash seenHash;
    private String refusedError;
    private String authError;
    private int failures;
    private Instant lastSuccess;

    private volatile SourceStatus status;

    RegisterPoller(ScreeningConfig.Source source, LastGoodCopyStore store, EntryValidator validator,
            SnapshotPublisher publisher, AuditLog audit, ScreeningMetrics metrics, int maxShrinkPercent,
            RegisterSources.Options options) {
        this.source = source;
        this.name = source.name();
        this.fetcher = SourceFetcher.of(source.url(), options.connectTimeout(), options.requestTimeout(), source.token());
        this.store = store;
        this.validator = validator;
        this.publisher = publisher;
        this.audit = audit;
        this.metrics = metrics;
        this.maxShrinkPercent = maxShrinkPercent;
        this.options = options;
        this.backoff = PollBackoff.of(source.pollInterval(), options.maxBackoff(), options.jitter());
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "register-poller-" + name);
            th.setDaemon(true);
            return th;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = t;
        this.status = new SourceStatus(name, null, null, null);
    }

    SourceStatus status() {
        return status;
    }

    /** Loads the last good copy from dataDir; without one, tries one fetch. */
    Future<?> loadAtStart() {
        return thread.submit(() -> {
            loadCopy();
            if (loadedIndex == null) {
                poll(false);
            }
        });
    }

    /** Schedules the first poll one interval from now; each poll schedules the next. */
    void start() {
        schedule(source.pollInterval().toMillis());
    }

    /** Polls once, now, on the poller thread. */
    Future<?> pollNow(boolean force) {
        return thread.submit(() -> poll(force));
    }

    void close() {
        thread.shutdownNow();
    }

    private void schedule(long delayMs) {
        try {
            thread.schedule(this::scheduledPoll, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    private void scheduledPoll() {
        long started = options.clock().nanoTime();
        try {
            poll(false);
        } finally {
            long delay = nextDelayMs();
            if (failures == 0) {
                // the interval runs from the start of one poll to the next: a fetch, parse and
                // fsync do not stretch it (a peer's feed is polled each second for a 1 s delay)
                long tookMs = TimeUnit.NANOSECONDS.toMillis(options.clock().nanoTime() - started);
                delay = Math.max(0, delay - tookMs);
            }
            schedule(delay);
        }
    }

    /** The interval, or after failed fetches in a row an exponential backoff with jitter ({@link PollBackoff}). */
    long nextDelayMs() {
        return backoff.delayMs(failures);
    }

    private void loadCopy() {
        Optional<RegisterBytes> copy;
        try {
            copy = store.map(name);
        } catch (IOException ex) {
            LOG.log(Level.ERROR, "register source {0}: cannot read its last good copy: {1}", name, ex.toString());
            setStatus("last good copy unreadable: " + ex.getMessage());
            return;
        }
        if (copy.isEmpty()) {
            return;
        }
        RegisterBytes body = copy.get();
        SpoolFile.FileHash hash = SpoolFile.FileHash.of(body);
        RegisterFile rf;
        try {
            rf = RegisterFile.parse(body, name, 0, validator, null, hash.body());
        } catch (RegisterRefusedException ex) {
            // kept on disk as evidence; the next good fetch replaces it
            LOG.log(Level.ERROR, "register source {0}: last good copy {1} refused ({2}): {3}", name,
                    store.path(name), ex.refusalCause(), ex.getMessage());
            setStatus("last good copy in dataDir refused: " + ex.refusalCause() + ": " + ex.getMessage());
            return;
        }
        publisher.update(rf.index(), rf.header().version()).join();
        loadedVersion = rf.header().version();
        loadedIndex = rf.index();
        loadedHash = hash;
        seenHash = loadedHash;
        FileTime written = store.writtenAt(name);
        lastSuccess = written != null ? written.toInstant() : options.clock().instant();
        auditLoaded(rf, "dataDir", false);
        LOG.log(Level.INFO, "register source {0}: version {1} ({2} entries) loaded from its last good copy",
                name, loadedVersion, rf.index().size());
        setStatus(null);
    }

    private void poll(boolean force) {
        try {
            pollOnce(force);
        } catch (RuntimeException ex) {
            // a bug, not a bad file: keep the last good copy serving and say so
            LOG.log(Level.ERROR, "register source " + name + ": poll failed", ex);
            setStatus("INTERNAL: " + ex);
        }
    }

    private void pollOnce(boolean force) {
        SpoolFile spool = null;
        try {
            SourceFetcher.Fetched f;
            RegisterBytes body;
            SpoolFile.FileHash hash;
            try {
                try {
                    spool = SpoolFile.create(store.spoolPath(name));
                    f = fetcher.fetch(force ? null : seenTag, spool);
                } catch (SpoolFile.Failed ex) {
                    if (spool != null) {
                        spool.close();
                        spool = null;
                    }
                    LOG.log(Level.WARNING, "register source {0}: cannot write the fetched file to the data directory"
                            + " ({1}); fetching it into memory", name, ex.getMessage());
                    f = fetcher.fetch(force ? null : seenTag, null);
                }
                if (f.unchanged()) {
                    body = null;
                    hash = null;
                } else if (f.spooled()) {
                    body = spool.map();
                    hash = spool.hash();
                } else {
                    body = RegisterBytes.of(f.body());
                    hash = SpoolFile.FileHash.of(body);
                }
            } catch (SourceFetcher.Unauthorized ex) {
                failures = 0; // the source is up and answering: polling it at its interval costs one 401
                refusedAuth(ex.getMessage());
                return;
            } catch (IOException ex) {
                failures++;
                String msg = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
                metrics.registerRefusal(name, RefusalCause.FETCH.name());
                LOG.log(Level.WARNING, "register source {0}: fetch failed ({1} in a row): {2}", name, failures, msg);
                setStatus(RefusalCause.FETCH + ": " + msg);
                return;
            }
            failures = 0;
            authError = null;
            if (f.unchanged()) {
                unchanged();
                return;
            }
            if (hash.equals(loadedHash)) {
                seenTag = f.etag();
                seenHash = hash;
                refusedError = null;
                unchanged();
                return;
            }
            if (!force && hash.equals(seenHash) && refusedError != null) {
                seenTag = f.etag();
                unchanged();
                return;
            }
            RegisterFile rf;
            boolean overrode = false;
            try {
                rf = RegisterFile.parse(body, name, loadedVersion, validator, loadedIndex, hash.body());
                overrode = checkShrink(rf.index(), force);
            } catch (RegisterRefusedException ex) {
                seenTag = f.etag();
                seenHash = hash;
                refused(ex, body);
                return;
            }
            load(rf, spool, f.body(), hash, f.etag(), overrode);
        } finally {
            if (spool != null) {
                spool.close();
            }
        }
    }

    /** @return true when the guard would have refused and {@code force} overrode it */
    private boolean checkShrink(EntryIndex next, boolean force) throws RegisterRefusedException {
        EntryIndex loaded = loadedIndex;
        if (loaded == null || loaded.size() == 0) {
            return false;
        }
        // SPEC 6 counts the loaded ids the file would remove, not the change in size. The parse
        // shared the id Strings of entries that kept their position, so most are settled by one
        // reference comparison, in order; only the rest are looked up.
        int common = Math.min(loaded.size(), next.size());
        long removed = 0;
        for (int i = 0; i < loaded.size(); i++) {
            String id = loaded.id(i);
            if (i < common && next.id(i) == id) {
                continue;
            }
            if (!next.contains(id)) {
                removed++;
            }
        }
        if (removed * 100 <= (long) loaded.size() * maxShrinkPercent) {
            return false;
        }
        if (force) {
            return true;
        }
        throw new RegisterRefusedException(RefusalCause.SHRINK, 0, "the file would remove " + removed + " of the "
                + loaded.size() + " loaded entries (" + (removed * 100 / loaded.size())
                + " %), more than " + (source.maxShrinkPercent() != null ? "this source's maxShrinkPercent "
                : "register.maxShrinkPercent ") + maxShrinkPercent + "; POST /admin/v1/reload?force=true loads it");
    }

    /** Loads {@code rf}, whose bytes are in {@code spool}, or in {@code body} when that is null. */
    private void load(RegisterFile rf, SpoolFile spool, byte[] body, SpoolFile.FileHash hash, String etag,
            boolean overrode) {
        String storeError = null;
        try {
            if (spool != null) {
                spool.commitTo(store.path(name));
            } else {
                store.write(name, body);
            }
        } catch (IOException ex) {
            // still load it: a full disk must not hold back a victim's protection
            LOG.log(Level.ERROR, "register source {0}: cannot keep the last good copy: {1}", name, ex.toString());
            storeError = "STORE: last good copy not kept: " + ex.getMessage();
        }
        publisher.update(rf.index(), rf.header().version()).join();
        long previous = loadedVersion;
        loadedVersion = rf.header().version();
        loadedIndex = rf.index();
        loadedHash = hash;
        seenHash = hash;
        seenTag = etag;
        refusedError = null;
        lastSuccess = options.clock().instant();
        auditLoaded(rf, "fetched", overrode);
        LOG.log(Level.INFO, "register source {0}: version {1} ({2} entries) loaded, replacing version {3}{4}",
                name, loadedVersion, rf.index().size(), previous, overrode ? " (shrink guard overridden)" : "");
        setStatus(storeError);
    }

    private void refused(RegisterRefusedException ex, RegisterBytes body) {
        refusedError = ex.refusalCause() + ": " + ex.getMessage();
        Long version = headerVersion(body);
        metrics.registerRefusal(name, ex.refusalCause().name());
        LOG.log(Level.WARNING, "register source {0}: file version {1} refused, version {2} keeps serving: {3}",
                name, version, loadedVersion, refusedError);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", name);
        if (version != null) {
            d.put("version", version);
        }
        d.put("cause", ex.refusalCause().name());
        d.put("message", ex.getMessage());
        appendAudit(AuditLog.EventType.SOURCE_REFUSED, d);
        setStatus(refusedError);
    }

    /** A source refusing the token: audited, counted and logged once, until a fetch succeeds again. */
    private void refusedAuth(String message) {
        String error = RefusalCause.AUTH + ": " + message;
        if (authError == null) {
            metrics.registerRefusal(name, RefusalCause.AUTH.name());
            LOG.log(Level.WARNING, "register source {0}: refused: {1}; version {2} keeps serving", name, message,
                    loadedVersion);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", name);
            d.put("cause", RefusalCause.AUTH.name());
            d.put("message", message);
            appendAudit(AuditLog.EventType.SOURCE_REFUSED, d);
        }
        authError = error;
        setStatus(error);
    }

    private void unchanged() {
        if (refusedError != null) {
            setStatus(refusedError);
            return;
        }
        if (loadedIndex != null) {
            lastSuccess = options.clock().instant();
        }
        setStatus(null);
    }

    private void auditLoaded(RegisterFile rf, String origin, boolean overrode) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", name);
        d.put("version", rf.header().version());
        d.put("entries", rf.index().size());
        d.put("counts", Map.of(Action.BLOCK.name(), rf.index().count(Action.BLOCK),
                Action.ALLOW.name(), rf.index().count(Action.ALLOW)));
        d.put("origin", origin);
        if (overrode) {
            d.put("forced", true);
        }
        appendAudit(AuditLog.EventType.SOURCE_LOADED, d);
    }

    private void appendAudit(AuditLog.EventType type, Map<String, Object> details) {
        try {
            audit.append(type, AuditLog.SYSTEM_ACTOR, details);
        } catch (IOException | RuntimeException ex) {
            LOG.log(Level.ERROR, "register source {0}: cannot write {1} to the audit log: {2}", name, type,
                    ex.toString());
        }
    }

    private void setStatus(String lastError) {
        status = new SourceStatus(name, loadedIndex != null ? loadedVersion : null, lastSuccess, lastError);
    }

    private static Long headerVersion(RegisterBytes body) {
        int nl = body.indexOf((byte) '\n', 0);
        if (nl < 0) {
            nl = body.length();
        }
        nl = Math.min(nl, HEADER_READ_MAX); // a header is a few hundred bytes; past this it is refused anyway
        try {
            var h = Json.MAPPER.readTree(body.copy(0, nl), 0, nl);
            if (h != null && h.path("version").isIntegralNumber() && h.path("version").canConvertToLong()) {
                return h.path("version").longValue();
            }
        } catch (IOException | RuntimeException ex) {
            // the header itself is what was refused
        }
        return null;
    }
}
