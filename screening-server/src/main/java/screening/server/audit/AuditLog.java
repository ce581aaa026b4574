package screening.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import screening.server.json.Json;
import screening.server.metrics.ScreeningMetrics;

/**
 * The tamper-evident audit log (SPEC section 8): {@code audit.log} in {@code dataDir}, one JSON
 * line per event, each line's {@code prev} the SHA-256 of the line before; {@code audit.head}
 * beside it holds the last line's seq and hash, fsynced, so that a truncation shows.
 *
 * <p>Threads: {@link #append} blocks until the event is on disk: call it from a writer thread,
 * never an event loop. {@link #offerContactAttempt} never blocks and takes no lock, and is meant
 * for event loops: it hands the event to the single {@code audit-writer} thread through a bounded
 * lock-free multi-producer, single-consumer queue. All writes to the file happen under one lock
 * (never taken by an offer), so lines never interleave and seq has no gaps.
 */
public final class AuditLog implements AutoCloseable {

    /*
     * Group commit: the audit-writer thread takes whatever is queued (up to MAX_BATCH), writes all
     * those lines with one write and one fsync of the log, then rewrites the head (its fsync is
     * paced: see "Order of durability"). Under load a batch
     * grows, so the fsync cost is shared; idle, an attempt is on disk within IDLE_PARK_NANOS plus
     * one fsync.
     *
     * The hand-off: an offer runs on a Netty event loop, so it must not take a lock (an
     * ArrayBlockingQueue takes a ReentrantLock on every offer and signals a Condition). The queue
     * is Netty's shaded JCTools MpscArrayQueue (PlatformDependent.newFixedMpscQueue): an offer is
     * one CAS on the producer index and a store. The writer waits by polling and, when the queue
     * is empty, parking itself for IDLE_PARK_NANOS, so an offer never has to wake it: the
     * alternative (a volatile "parked" flag and LockSupport.unpark from the offer) would put a
     * futex syscall, and the JVM's Parker mutex, on the event loop about once per batch. The
     * price is at most 1 ms more before an idle attempt reaches disk (the fsync takes longer)
     * and about a thousand short wake-ups a second when idle. The writer parks after a partial
     * batch too, so a commit comes at most once per GATHER_NANOS plus an fsync unless
     * batches fill: without that pause the cheaper writer committed every few attempts and spent
     * more CPU in fdatasync than it saved in encoding.
     *
     * CONTACT_ATTEMPT lines, the only frequent event, are encoded by ContactAttemptLine straight
     * into one reused byte[] with one reused SHA-256; the other types keep the Jackson path
     * (jsonLine). Both give the same bytes for the same event (ContactAttemptLineTest).
     *
     * Order of durability: the lines are fsynced before the head names them, so after a crash the
     * head is never ahead of the log. The head is rewritten at every commit, but fsynced at every
     * commit only for the events a caller waits on (appendAll); after a batch of contact attempts
     * its fsync waits until the writer finds the queue empty, or HEAD_SYNC_NANOS have passed
     * since the last one. The lines are as durable as before; what a power cut can cost is the
     * head lagging the log by up to HEAD_SYNC_NANOS of attempts, which start-up already handles
     * (lines beyond the head are kept if their chain holds). Under the wrk mix this took half of
     * the writer's fsyncs away. At open, complete lines beyond the head (written, not yet
     * named by the head) are kept if their chain holds, and the head is brought up to date; a
     * torn last line (no newline, or not JSON) is cut off and reported. A head that names a line
     * the log does not have (truncation) or with another hash (an edit) stops start-up: carrying
     * on would overwrite the head and hide the damage. See docs/operations.md.
     *
     * The queue holds 65,536 attempts. Its capacity and the fsync rate give the design load
     * measured in docs/operations.md.
     */

    /** The log's file name in {@code dataDir}. */
    public static final String LOG_NAME = "audit.log";
    /** The head file's name in {@code dataDir}. */
    public static final String HEAD_NAME = "audit.head";
    /** Capacity of the contact-attempt queue. */
    public static final int QUEUE_CAPACITY = 65_536;
    static final int MAX_BATCH = 4096;
    /** How long the writer parks when it finds the queue empty. */
    static final long IDLE_PARK_NANOS = 1_000_000;
    /**
     * How long the writer lets attempts gather after committing a partial batch. Under the wrk mix
     * (a fifth of the calls blocked) 5 ms rather than 1 ms halved the writer's CPU (12-16 % of a
     * core to 7-8 %, nearly all of it fdatasync) and raised the query port's throughput about 12 %;
     * the price is that an attempt under load reaches disk up to 5 ms later. No caller waits on
     * it: the switch's answer has already gone.
     */
    static final long GATHER_NANOS = 5_000_000;
    /** How long the head's fsync may wait behind contact-attempt commits under load (see the note). */
    static final long HEAD_SYNC_NANOS = 200_000_000;
    /** The {@code prev} of the first line. */
    public static final String ZERO_HASH = "0".repeat(64);

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
    private static final int SPARSE_EVERY = 256;

    private final Path logFile;
    private final Path headFile;
    private final ScreeningMetrics metrics;
    private final InstantSource clock;
    private final FileChannel log;
    private final FileChannel head;
    private final Object lock = new Object();
    private long seq; // guarded by lock
    private String lastHash; // guarded by lock
    private long size; // guarded by lock
    private boolean headTrimmed; // guarded by lock (or before the writer starts)
    private boolean headUnsynced; // guarded by lock: the head on disk may be older than the one written
    private long headSyncedNanos = System.nanoTime(); // guarded by lock
    private volatile long committedSize;
    private volatile long committedSeq;
    private final List<Long> sparse = new ArrayList<>(); // offset of seq 1 + k*SPARSE_EVERY; guarded by lock
    private final Queue<ContactAttempt> queue; // event loops offer; only the writer (or close, after it) polls
    private final ContactAttemptLine lines = new ContactAttemptLine(); // the consumer's
    private final List<Long> batchOffsets = new ArrayList<>(); // the consumer's
    private final List<ContactAttempt> pending = new ArrayList<>(MAX_BATCH); // the consumer's
    private final Thread writer;
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private volatile boolean closing;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastDropLogMillis = new AtomicLong(Long.MIN_VALUE / 2);
    private final OpenReport report;

    /** One event to append: its type, actor and the type's fields. */
    public record Event(String type, String actor, Map<String, Object> details, Instant time) {
        /** An event that happens now. */
        public Event(String type, String actor, Map<String, Object> details) {
            this(type, actor, details, null);
        }
    }

    /** What {@link #open} found. */
    public record OpenReport(long lastSeq, boolean tornTailDropped, long linesBeyondHead) {
    }

    private record ContactAttempt(long millis, String pin, String establishment, String ref) {
    }

    private AuditLog(Path dataDir, ScreeningMetrics metrics, InstantSource clock, FileChannel log, FileChannel head,
            AuditChain.Tail tail, OpenReport report) {
        this.logFile = dataDir.resolve(LOG_NAME);
        this.headFile = dataDir.resolve(HEAD_NAME);
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
        this.head = head;
        this.seq = tail.lastSeq();
        this.lastHash = tail.lastHash();
        this.size = tail.goodBytes();
        this.committedSize = size;
        this.committedSeq = seq;
        this.sparse.addAll(tail.sparseOffsets());
        this.report = report;
        this.queue = PlatformDependent.newFixedMpscQueue(QUEUE_CAPACITY);
        this.writer = new Thread(this::runWriter, "audit-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (or creates) the log in {@code dataDir} with the system clock. */
    public static AuditLog open(Path dataDir, ScreeningMetrics metrics) throws IOException {
        return open(dataDir, metrics, InstantSource.system());
    }

    /**
     * Opens (or creates) the log in {@code dataDir}, checking its chain and its tail against the
     * head file; a torn last line is cut off and reported.
     *
     * @throws AuditLogDamagedException when the chain is broken or the head names a line the log
     *     does not hold; the message names the seq
     * @throws IOException when the files cannot be read or written
     */
    public static AuditLog open(Path dataDir, ScreeningMetrics metrics, InstantSource clock) throws IOException {
        Files.createDirectories(dataDir);
        Path logFile = dataDir.resolve(LOG_NAME);
        Path headFile = dataDir.resolve(HEAD_NAME);
        boolean created = !Files.exists(logFile);
        AuditChain.Head h;
        try {
            h = AuditChain.readHead(headFile);
        } catch (IllegalStateException e) {
            throw new AuditLogDamagedException(1, e.getMessage());
        }
        AuditChain.Tail tail = AuditChain.scan(logFile, SPARSE_EVERY, h == null ? 0 : h.seq(), false);
        if (tail.brokenSeq() > 0) {
            throw new AuditLogDamagedException(tail.brokenSeq(), "audit log " + logFile + " is broken at seq "
                    + tail.brokenSeq() + ": " + tail.problem() + "; run `audit verify`, keep the files as evidence, "
                    + "and move them aside to start a new log");
        }
        if (h == null && tail.lastSeq() > 0 && Files.exists(headFile)) {
            throw new AuditLogDamagedException(tail.lastSeq(), "audit head " + headFile + " cannot be read");
        }
        if (h == null && tail.lastSeq() > 0) {
            throw new AuditLogDamagedException(tail.lastSeq(), "audit head " + headFile + " is missing while "
                    + logFile + " holds " + tail.lastSeq() + " events");
        }
        if (h != null) {
            String problem = AuditChain.checkHead(headFile, tail, h);
            if (problem != null) {
                throw new AuditLogDamagedException(h.seq(), problem);
            }
        }
        FileChannel log = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileChannel head = null;
        try {
            boolean torn = tail.goodBytes() < log.size();
            if (torn) {
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: dropped a torn last line ({1} bytes after seq {2})",
                        logFile, log.size() - tail.goodBytes(), tail.lastSeq());
                log.truncate(tail.goodBytes());
                log.force(true);
            }
            log.position(tail.goodBytes());
            head = FileChannel.open(headFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long beyond = h == null ? tail.lastSeq() : tail.lastSeq() - h.seq();
            if (created) {
                fsyncDirectory(dataDir);
            }
            AuditLog a = new AuditLog(dataDir, metrics, clock, log, head, tail,
                    new OpenReport(tail.lastSeq(), torn, beyond));
            if (h == null || beyond > 0 || created) {
                a.writeHead(true);
                if (beyond > 0 && h != null) {
                    LOG.log(System.Logger.Level.INFO, "audit log {0}: {1} complete lines after the head kept (chain holds)",
                            logFile, beyond);
                }
            }
            a.writer.start();
            LOG.log(System.Logger.Level.INFO, "audit log {0}: {1} events", logFile, tail.lastSeq());
            return a;
        } catch (IOException | RuntimeException e) {
            log.close();
            if (head != null) {
                head.close();
            }
            throw e;
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        screening.server.storage.DurableFiles.fsyncDirectory(dir);
    }

    /** What the last {@link #open} found. */
    public OpenReport openReport() {
        return report;
    }

    /**
     * Appends one event durably (returns after fsync). May block: never call on an event loop.
     *
     * @param type ENTRY_ADDED, ENTRY_REMOVED, SOURCE_LOADED, SOURCE_REFUSED or AUTH_FAILED
     * @param actor the token name, or {@code system}
     * @param details the type's fields (SPEC section 8); never a full number outside {@code entry}
     * @return the event's seq
     * @throws IOException when the write or fsync fails
     */
    public long append(String type, String actor, Map<String, Object> details) throws IOException {
        return appendAll(List.of(new Event(type, actor, details)));
    }

    /**
     * Appends {@code events} in order with one fsync; returns once all are on disk. May block.
     *
     * @return the seq of the last event
     */
    public long appendAll(List<Event> events) throws IOException {
        String now = Instant.ofEpochMilli(clock.millis()).toString();
        synchronized (lock) {
            StringBuilder sb = new StringBuilder(256 * events.size());
            long s = seq;
            String prev = lastHash;
            List<Long> offsets = new ArrayList<>();
            long off = size;
            for (Event e : events) {
                s++;
                byte[] bytes = jsonLine(s, e.time() != null ? e.time().toString() : now, e, prev);
                prev = AuditChain.sha256Hex(bytes);
                if ((s - 1) % SPARSE_EVERY == 0) {
                    offsets.add(off);
                }
                off += bytes.length + 1;
                sb.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            writeLocked(bytes, bytes.length, s, prev, offsets, true);
            return s;
        }
    }

    /** One event's line (no newline) as Jackson writes it: seq, time, type, actor, prev, then the details. */
    static byte[] jsonLine(long seq, String time, Event e, String prev) throws IOException {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("seq", seq);
        line.put("time", time);
        line.put("type", e.type());
        line.put("actor", e.actor());
        line.put("prev", prev);
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            line.set(d.getKey(), Json.MAPPER.valueToTree(d.getValue()));
        }
        return Json.MAPPER.writeValueAsBytes(line);
    }

    /** Writes and fsyncs lines, then rewrites the head: fsynced now if {@code syncHead}, else later (see the note). */
    private void writeLocked(byte[] bytes, int length, long newSeq, String newHash, List<Long> offsets,
            boolean syncHead) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
        while (buf.hasRemaining()) {
            log.write(buf);
        }
        log.force(false);
        seq = newSeq;
        lastHash = newHash;
        size += length;
        sparse.addAll(offsets);
        writeHead(syncHead || System.nanoTime() - headSyncedNanos >= HEAD_SYNC_NANOS);
        committedSize = size;
        committedSeq = seq;
    }

    private void writeHead(boolean sync) throws IOException {
        // fixed width, written in place: one small write within one block
        byte[] h = AuditChain.headLine(seq, lastHash);
        ByteBuffer buf = ByteBuffer.wrap(h);
        int pos = 0;
        while (buf.hasRemaining()) {
            pos += head.write(buf, pos);
        }
        if (!headTrimmed) {
            // only an older, longer head can be longer than this fixed width
            head.truncate(h.length);
            headTrimmed = true;
        }
        if (sync) {
            syncHeadLocked();
        } else {
            headUnsynced = true;
        }
    }

    private void syncHeadLocked() throws IOException {
        head.force(false);
        headUnsynced = false;
        headSyncedNanos = System.nanoTime();
    }

    /** The writer, idle: fsyncs a head that a contact-attempt commit left unsynced. */
    private void syncIdleHead() {
        synchronized (lock) {
            if (!headUnsynced) {
                return;
            }
            try {
                syncHeadLocked();
            } catch (IOException e) {
                // the lines are on disk; start-up brings a lagging head up to date
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: head fsync failed: {1}", headFile, e.getMessage());
            }
        }
    }

    /**
     * Hands a CONTACT_ATTEMPT to the writer thread without waiting. Safe on an event loop, from
     * any number of threads: never blocks and takes no lock (one CAS into the lock-free queue, one
     * small allocation); never wakes the writer, which polls. When the queue is full or the log is
     * closing it counts the drop and logs at most once a second.
     *
     * @return false if the queue was full and the event was dropped (counted in
     *     {@code screening_audit_dropped_total} and logged at most once a second)
     */
    public boolean offerContactAttempt(String pin, String establishment, String ref) {
        long now = clock.millis();
        if (!closing && queue.offer(new ContactAttempt(now, pin, establishment, ref))) {
            return true;
        }
        metrics.auditDropped();
        long total = dropped.incrementAndGet();
        long last = lastDropLogMillis.get();
        if (now - last >= 1000 && lastDropLogMillis.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.ERROR, "audit queue full or closing: {0} contact attempts dropped so far", total);
        }
        return false;
    }

    /** How many contact attempts were dropped since open. */
    public long droppedCount() {
        return dropped.get();
    }

    private void runWriter() {
        try {
            while (true) {
                int n = drainBatch();
                if (n == MAX_BATCH) {
                    continue; // a flood: the next batch is already waiting
                }
                if (n == 0) {
                    syncIdleHead();
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                }
                // also after a partial batch: let the next one gather rather than commit (an
                // fsync) for every few attempts
                LockSupport.parkNanos(this, n == 0 ? IDLE_PARK_NANOS : GATHER_NANOS);
            }
        } finally {
            writerDone.countDown();
        }
    }

    /** Consumer side: polls up to MAX_BATCH attempts and writes them as one batch; how many. */
    private int drainBatch() {
        ContactAttempt first = queue.poll();
        if (first == null) {
            return 0;
        }
        List<ContactAttempt> batch = pending;
        batch.add(first);
        ContactAttempt c;
        while (batch.size() < MAX_BATCH && (c = queue.poll()) != null) {
            batch.add(c);
        }
        int n = batch.size();
        writeContactAttempts(batch);
        batch.clear();
        return n;
    }

    private void writeContactAttempts(List<ContactAttempt> batch) {
        try {
            synchronized (lock) {
                ContactAttemptLine out = lines;
                out.reset(lastHash);
                batchOffsets.clear();
                long s = seq;
                for (int i = 0, n = batch.size(); i < n; i++) {
                    ContactAttempt c = batch.get(i);
                    s++;
                    if ((s - 1) % SPARSE_EVERY == 0) {
                        batchOffsets.add(size + out.length());
                    }
                    out.append(s, c.millis(), c.pin(), c.establishment(), c.ref());
                }
                writeLocked(out.bytes(), out.length(), s, out.lastHash(), batchOffsets, false);
            }
        } catch (IOException e) {
            for (int i = 0; i < batch.size(); i++) {
                metrics.auditDropped();
            }
            dropped.addAndGet(batch.size());
            LOG.log(System.Logger.Level.ERROR, "audit log {0}: writing {1} contact attempts failed: {2}",
                    logFile, batch.size(), e.getMessage());
        }
    }

    /** The seq of the last event on disk. Any thread. */
    public long lastSeq() {
        return committedSeq;
    }

    /**
     * Reads up to {@code limit} events with seq greater than {@code afterSeq}, in seq order, as
     * written. Reads the file: may block, never call on an event loop.
     */
    public List<JsonNode> read(long afterSeq, int limit) throws IOException {
        long end;
        long start;
        synchronized (lock) {
            end = committedSize;
            long want = Math.max(afterSeq, 0);
            int k = (int) Math.min(want / SPARSE_EVERY, sparse.size() - 1L);
            if (k < 0) {
                return List.of();
            }
            start = sparse.get(k);
        }
        List<JsonNode> out = new ArrayList<>(Math.min(limit, 1024));
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            AuditChain.forEachLine(ch, start, end, (bytes, len) -> {
                if (out.size() >= limit) {
                    return false;
                }
                JsonNode n = Json.MAPPER.readTree(bytes, 0, len);
                if (n.path("seq").asLong() > afterSeq) {
                    out.add(n);
                }
                return true;
            });
        }
        return out;
    }

    /**
     * Stops taking contact attempts, writes what is queued, and closes the files. Blocks up to a
     * few seconds for the queue to drain.
     */
    @Override
    public void close() {
        closing = true;
        try {
            if (writerDone.await(10, TimeUnit.SECONDS)) {
                // the writer has gone, so this thread is now the only consumer: an offer that
                // passed the closing check just before it was set may have landed after the
                // writer's last look
                while (drainBatch() > 0) {
                    // written
                }
            } else {
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: writer did not drain in 10 s; {1} queued attempts lost",
                        logFile, queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            try {
                if (headUnsynced) {
                    syncHeadLocked();
                }
                log.close();
                head.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: close failed: {1}", logFile, e.getMessage());
            }
        }
    }

    /** Where the log is. */
    public Path file() {
        return logFile;
    }
}
