package screening.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import screening.server.json.Json;
import screening.server.storage.FileOpener;
import screening.server.storage.WriteFaults;

/**
 * Appends chained lines to {@code audit.log} and has the head name them: the one writer of both
 * files after open. Each append holds one lock from the first byte to the head, so lines never
 * interleave and seq has no gaps; the lines are written and fsynced before the head names them.
 *
 * <p>Thread-safe. Every method but {@link #lastSeq} may block on the disk: never call them on an
 * event loop.
 */
final class AuditAppender implements Closeable {

    /*
     * Two encoders, one chain. appendEvents takes the Jackson path (jsonLine) for the rare events a
     * caller waits on, and fsyncs the head before it returns. appendContactAttempts takes the
     * frequent CONTACT_ATTEMPT lines from the writer thread and encodes them with
     * ContactAttemptLine straight into one reused byte[]; its head fsync is paced (AuditHead). Both
     * give the same bytes for the same event (ContactAttemptLineTest).
     *
     * A failed commit (a full disk, an I/O error) cuts the log back to the end of its last whole
     * line before it throws, so no partial line is ever followed by another (SPEC section 15):
     * size is where the committed lines end, and it moves only after the fsync. If the cut itself
     * fails, the next commit makes it first and writes nothing until it has; a channel closed
     * under the writer (an interrupt) is opened again. A failed head write does not fail a
     * commit whose lines are durable (AuditHead).
     */

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final Path logFile;
    private FileChannel log; // guarded by lock
    private boolean tailUnknown; // guarded by lock; a failed commit's bytes may lie past size
    private final FileOpener opener;
    private final WriteFaults faults;
    private final WriteFaults headFaults;
    private final AuditHead head;
    private final AuditReader reader;
    private final Object lock = new Object();
    private long seq; // guarded by lock
    private String lastHash; // guarded by lock
    private long size; // guarded by lock
    private volatile long committedSeq;
    private final ContactAttemptLine lines = new ContactAttemptLine(); // guarded by lock
    private final List<Long> batchOffsets = new ArrayList<>(); // guarded by lock

    /**
     * Takes over the files that recovery hands over, and carries on the chain from their last line.
     *
     * @param reader told of every commit
     */
    AuditAppender(Path logFile, AuditRecovery.Recovered recovered, AuditReader reader, InstantSource clock,
            FileOpener opener) {
        this.logFile = logFile;
        this.opener = opener;
        this.faults = new WriteFaults("audit log " + logFile,
                "changes and AUTH_FAILED events are refused and contact attempts dropped (counted)", clock);
        this.headFaults = new WriteFaults("audit head beside " + logFile,
                "the head lags the log (start-up accepts that)", clock);
        this.log = recovered.log();
        this.head = recovered.head();
        this.reader = reader;
        this.seq = recovered.tail().lastSeq();
        this.lastHash = recovered.tail().lastHash();
        this.size = recovered.tail().goodBytes();
        this.committedSeq = seq;
    }

    /**
     * Appends {@code events} in order with one write and one fsync, then fsyncs the head; returns
     * once all are on disk.
     *
     * @param now the {@code time} of the events that carry none
     * @return the seq of the last event
     * @throws IOException when a write or fsync fails
     */
    long appendEvents(List<AuditLog.Event> events, String now) throws IOException {
        synchronized (lock) {
            StringBuilder sb = new StringBuilder(256 * events.size());
            long s = seq;
            String prev = lastHash;
            List<Long> offsets = new ArrayList<>();
            long off = size;
            for (AuditLog.Event e : events) {
                s++;
                byte[] bytes = jsonLine(s, e.time() != null ? e.time().toString() : now, e, prev);
                prev = AuditChain.sha256Hex(bytes);
                if (AuditReader.indexed(s)) {
                    offsets.add(off);
                }
                off += bytes.length + 1;
                sb.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            commitLocked(bytes, bytes.length, s, prev, offsets, true);
            return s;
        }
    }

    /**
     * Appends one batch of contact attempts with one write and one fsync; the head is rewritten
     * but its fsync paced. Called by the writer thread (or by close, after it).
     *
     * @throws IOException when the write or fsync fails; nothing of the batch is counted committed
     */
    void appendContactAttempts(List<ContactAttempt> batch) throws IOException {
        synchronized (lock) {
            ContactAttemptLine out = lines;
            out.reset(lastHash);
            batchOffsets.clear();
            long s = seq;
            for (int i = 0, n = batch.size(); i < n; i++) {
                ContactAttempt c = batch.get(i);
                s++;
                if (AuditReader.indexed(s)) {
                    batchOffsets.add(size + out.length());
                }
                out.append(s, c.millis(), c.pin(), c.establishment(), c.ref(), c.channel());
            }
            commitLocked(out.bytes(), out.length(), s, out.lastHash(), batchOffsets, false);
        }
    }

    /** One event's line (no newline) as Jackson writes it: seq, time, type, actor, prev, then the details. */
    static byte[] jsonLine(long seq, String time, AuditLog.Event e, String prev) throws IOException {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("seq", seq);
        line.put("time", time);
        line.put("type", e.type().name());
        line.put("actor", e.actor());
        line.put("prev", prev);
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            line.set(d.getKey(), Json.MAPPER.valueToTree(d.getValue()));
        }
        return Json.MAPPER.writeValueAsBytes(line);
    }

    /**
     * Writes and fsyncs lines, then rewrites the head: fsynced now if {@code syncHead}, else paced.
     * On failure the log is cut back to its last whole line and nothing is committed.
     */
    private void commitLocked(byte[] bytes, int length, long newSeq, String newHash, List<Long> offsets,
            boolean syncHead) throws IOException {
        if (tailUnknown || !log.isOpen()) {
            tailUnknown = true;
            cutBackLocked();
            if (tailUnknown) {
                throw faults.failed(new IOException("audit log " + logFile + ": cannot cut back to its last whole line"));
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (buf.hasRemaining()) {
                log.write(buf);
            }
            log.force(false);
        } catch (IOException e) {
            tailUnknown = true;
            cutBackLocked();
            throw faults.failed(e);
        }
        faults.succeeded();
        seq = newSeq;
        lastHash = newHash;
        size += length;
        reader.index(offsets);
        try {
            head.write(seq, lastHash, syncHead);
            headFaults.succeeded();
        } catch (IOException e) {
            headFaults.failed(e);
        }
        reader.committed(size);
        committedSeq = seq;
    }

    /** Cuts the log back to the end of the last committed line; clears tailUnknown if it could. */
    private void cutBackLocked() {
        try {
            if (!log.isOpen()) {
                log = opener.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            if (log.size() > size) {
                log.truncate(size);
            }
            log.position(size);
            log.force(false);
            tailUnknown = false;
        } catch (IOException e) {
            // tailUnknown stays: the next commit tries again before it writes
            LOG.log(System.Logger.Level.DEBUG, "audit log {0}: cut back to byte {1} failed: {2}", logFile, size,
                    e.getMessage());
        }
    }

    /**
     * Fsyncs a head that a contact-attempt commit left unsynced, or writes again one whose write
     * failed (the writer, idle). Logs a failure.
     */
    void syncLaggingHead() {
        synchronized (lock) {
            try {
                if (head.syncIfLagging()) {
                    headFaults.succeeded();
                }
            } catch (IOException e) {
                // the lines are on disk; start-up brings a lagging head up to date
                headFaults.failed(e);
            }
        }
    }

    /** What the last write of the log found, and how many failed. Any thread. */
    WriteFaults faults() {
        return faults;
    }

    /** The seq of the last event on disk. Any thread; never blocks. */
    long lastSeq() {
        return committedSeq;
    }

    /** The seq the head named at its last fsync. */
    long headSyncedSeq() {
        synchronized (lock) {
            return head.syncedSeq();
        }
    }

    /** Fsyncs a lagging head and closes both files. Logs a failure rather than throw it. */
    @Override
    public void close() {
        synchronized (lock) {
            if (tailUnknown) {
                cutBackLocked();
            }
            try (FileChannel l = log; AuditHead h = head) {
                h.syncIfLagging();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: close failed: {1}", logFile, e.getMessage());
            }
        }
    }
}
