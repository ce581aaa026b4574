package screening.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import screening.core.Channel;
import screening.server.metrics.ScreeningMetrics;
import screening.server.storage.FileOpener;
import screening.server.storage.WriteFaults;
import screening.server.time.TimeSource;

/**
 * The tamper-evident audit log (SPEC section 8): {@code audit.log} in {@code dataDir}, one JSON
 * line per event, each line's {@code prev} the SHA-256 of the line before; {@code audit.head}
 * beside it holds the last line's seq and hash, fsynced, so that a truncation shows.
 *
 * <p>Threads: {@link #append} and {@link #appendAll} block until the events are on disk: call
 * them from a writer thread, never an event loop. {@link #offerContactAttempt} never blocks and
 * takes no lock, and is meant for event loops: it hands the event to the single
 * {@code audit-writer} thread through a bounded lock-free multi-producer, single-consumer queue.
 * All writes to the files happen under one lock (never taken by an offer), so lines never
 * interleave and seq has no gaps.
 */
public final class AuditLog implements AutoCloseable {

    /*
     * A facade over one class per job:
     * - AuditRecovery: open; checks the chain against the head, cuts a torn tail, brings the head
     *   up to date, or refuses to start on damage.
     * - AuditAppender: the one writer of both files, under one lock; lines fsynced before the head
     *   names them (AuditHead: the head file and its paced fsync).
     * - ContactAttemptWriter: the lock-free queue from the event loops, the audit-writer thread and
     *   its group commit.
     * - AuditReader: reads committed lines back through a sparse index.
     * AuditChain checks a chain (open, `audit verify`); ContactAttemptLine encodes the frequent line.
     */

    /** The log's file name in {@code dataDir}. */
    public static final String LOG_NAME = "audit.log";
    /** The head file's name in {@code dataDir}. */
    public static final String HEAD_NAME = "audit.head";
    /** Capacity of the contact-attempt queue. */
    public static final int QUEUE_CAPACITY = 65_536;
    /** The {@code prev} of the first line. */
    public static final String ZERO_HASH = "0".repeat(64);
    /**
     * The actor of the events the filter causes itself (register loads and refusals, contact
     * attempts, failed authentication), and the {@code createdBy} of the entries it loads.
     */
    public static final String SYSTEM_ACTOR = "system";

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final Path logFile;
    private final TimeSource time;
    private final AuditAppender appender;
    private final AuditReader reader;
    private final ContactAttemptWriter writer;
    private final OpenReport report;
    private final Map<String, Long> entriesAtOpen;

    /** The type of an event, written as its name in the line's {@code type} (SPEC section 8). */
    public enum EventType {
        /** A local entry was added: {@code entry}, and {@code reason} where given. */
        ENTRY_ADDED,
        /** A local entry was removed: {@code entry} as it was, and {@code reason} where given. */
        ENTRY_REMOVED,
        /** A register source's file was loaded: {@code source}, {@code version}. */
        SOURCE_LOADED,
        /** A register source's file was refused: {@code source}, {@code version}, {@code cause}. */
        SOURCE_REFUSED,
        /** A blocked number was dialled: {@code pin}, {@code establishment}, {@code ref}; never the number. */
        CONTACT_ATTEMPT,
        /** An admin request without a valid token: {@code remote}. */
        AUTH_FAILED
    }

    /** One event to append: its type, actor and the type's fields; {@code time} null for now. */
    public record Event(EventType type, String actor, Map<String, Object> details, Instant time) {
        /** An event that happens now. */
        public Event(EventType type, String actor, Map<String, Object> details) {
            this(type, actor, details, null);
        }
    }

    /** What {@link #open} found. */
    public record OpenReport(long lastSeq, boolean tornTailDropped, long linesBeyondHead) {
    }

    private AuditLog(Path logFile, TimeSource time, AuditAppender appender, AuditReader reader,
            ContactAttemptWriter writer, OpenReport report, Map<String, Long> entriesAtOpen) {
        this.logFile = logFile;
        this.time = time;
        this.appender = appender;
        this.reader = reader;
        this.writer = writer;
        this.report = report;
        this.entriesAtOpen = entriesAtOpen;
    }

    /**
     * Opens (or creates) the log in {@code dataDir} with the system clock.
     *
     * @throws AuditLogDamagedException as {@link #open(Path, ScreeningMetrics, TimeSource)}
     * @throws IOException as {@link #open(Path, ScreeningMetrics, TimeSource)}
     */
    public static AuditLog open(Path dataDir, ScreeningMetrics metrics) throws IOException {
        return open(dataDir, metrics, TimeSource.system());
    }

    /**
     * Opens (or creates) the log in {@code dataDir}, checking its chain and its tail against the
     * head file; a torn last line is cut off and reported. Starts the {@code audit-writer} thread.
     *
     * @param time the events' {@code time}, and the ticker that paces the head's fsync
     * @throws AuditLogDamagedException when the chain is broken or the head names a line the log
     *     does not hold; the message names the seq
     * @throws IOException when the files cannot be read or written
     */
    public static AuditLog open(Path dataDir, ScreeningMetrics metrics, TimeSource time) throws IOException {
        return open(dataDir, metrics, time, FileOpener.SYSTEM);
    }

    /**
     * As {@link #open(Path, ScreeningMetrics, TimeSource)}, with the files opened by
     * {@code opener}.
     */
    public static AuditLog open(Path dataDir, ScreeningMetrics metrics, TimeSource time, FileOpener opener)
            throws IOException {
        AuditRecovery.Recovered r = AuditRecovery.recover(dataDir, time, opener);
        Path logFile = dataDir.resolve(LOG_NAME);
        AuditChain.Tail tail = r.tail();
        AuditReader reader = new AuditReader(logFile, tail.sparseOffsets(), tail.goodBytes());
        AuditAppender appender = new AuditAppender(logFile, r, reader, time, opener);
        ContactAttemptWriter writer = new ContactAttemptWriter(appender, metrics, time, logFile, QUEUE_CAPACITY);
        writer.start();
        LOG.log(System.Logger.Level.INFO, "audit log {0}: {1} events", logFile, tail.lastSeq());
        return new AuditLog(logFile, time, appender, reader, writer, r.report(),
                Collections.unmodifiableMap(r.entries()));
    }

    /** What the last {@link #open} found. */
    public OpenReport openReport() {
        return report;
    }

    /**
     * The entries the log said were in place when it was opened: every id whose last
     * ENTRY_ADDED line no ENTRY_REMOVED line follows, with that ENTRY_ADDED line's seq, in the
     * order they were added. Start-up compares it with the local journal, to audit a change that a
     * crash left without its line. Not updated by later appends. Any thread.
     */
    public Map<String, Long> entriesAtOpen() {
        return entriesAtOpen;
    }

    /**
     * What the last write of the log found (full, failing, or fine), and how many writes failed.
     * Any thread; never blocks.
     */
    public WriteFaults writeFaults() {
        return appender.faults();
    }

    /**
     * Appends one event durably (returns after fsync). May block: never call on an event loop.
     *
     * @param type any type but CONTACT_ATTEMPT, which goes through {@link #offerContactAttempt}
     * @param actor the token name, or {@link #SYSTEM_ACTOR}
     * @param details the type's fields (SPEC section 8); never a full number outside {@code entry}
     * @return the event's seq
     * @throws IOException when the write or fsync fails; the log is cut back to its last whole
     *     line, and the next append is written after it
     */
    public long append(EventType type, String actor, Map<String, Object> details) throws IOException {
        return appendAll(List.of(new Event(type, actor, details)));
    }

    /**
     * Appends {@code events} in order with one fsync, and fsyncs the head; returns once all are on
     * disk. May block: never call on an event loop.
     *
     * @return the seq of the last event
     * @throws IOException when the write or fsync fails; none of {@code events} is in the log then
     */
    public long appendAll(List<Event> events) throws IOException {
        return appender.appendEvents(events, Instant.ofEpochMilli(time.millis()).toString());
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
    public boolean offerContactAttempt(String pin, String establishment, String ref, Channel channel) {
        return writer.offer(pin, establishment, ref, channel);
    }

    /** How many contact attempts were dropped since open. */
    public long droppedCount() {
        return writer.dropped();
    }

    /** The seq of the last event on disk. Any thread. */
    public long lastSeq() {
        return appender.lastSeq();
    }

    /** The seq the head file named at its last fsync: what a power cut leaves it naming. */
    long headSyncedSeq() {
        return appender.headSyncedSeq();
    }

    /**
     * Reads up to {@code limit} events with seq greater than {@code afterSeq}, in seq order, as
     * written. Reads the file: may block, never call on an event loop.
     *
     * @throws IOException when the file cannot be read
     */
    public List<JsonNode> read(long afterSeq, int limit) throws IOException {
        return reader.read(afterSeq, limit);
    }

    /**
     * Stops taking contact attempts, writes what is queued, fsyncs the head and closes the files.
     * Blocks up to a few seconds for the queue to drain.
     */
    @Override
    public void close() {
        writer.close();
        appender.close();
    }

    /** Where the log is. */
    public Path file() {
        return logFile;
    }
}
