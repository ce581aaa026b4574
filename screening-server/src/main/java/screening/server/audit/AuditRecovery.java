package screening.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import screening.server.storage.DurableFiles;
import screening.server.storage.FileOpener;
import screening.server.time.TimeSource;

/**
 * Recovery at open: checks {@code audit.log}'s chain and its tail against {@code audit.head}, cuts
 * off a torn last line, keeps the complete lines beyond the head when their chain holds, and
 * brings the head up to date; then hands over both files, ready to append.
 *
 * <p>Runs once per open, before any other thread has the files. Blocks on the files.
 */
final class AuditRecovery {

    /*
     * What can be found, and what is done (SPEC sections 7, 8 and 15; docs/operations.md):
     * - a torn last line (no newline: a write cut short) is cut off, fsynced, and reported;
     * - complete lines beyond the head (written and fsynced, not yet named by the head's fsync,
     *   see AuditHead) are kept if their chain holds, and the head is brought up to date;
     * - a broken chain, a head that names a line the log does not hold (a truncation) or with
     *   another hash (an edit), a head missing or unreadable beside a non-empty log: start-up
     *   stops with AuditLogDamagedException, since carrying on would write a new head over the
     *   evidence.
     */

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private AuditRecovery() {
    }

    /**
     * The files after recovery: the log positioned at the end of its last whole line, the head
     * naming that line, and what the scan found.
     */
    record Recovered(FileChannel log, AuditHead head, AuditChain.Tail tail, AuditLog.OpenReport report,
            Map<String, Long> entries) {
    }

    /**
     * Opens (or creates) the log and head in {@code dataDir} and recovers them.
     *
     * @param time the head's clock (its fsync pacing)
     * @throws AuditLogDamagedException when the chain is broken or the head names a line the log
     *     does not hold; the message names the seq
     * @throws IOException when the files cannot be read or written
     */
    static Recovered recover(Path dataDir, TimeSource time) throws IOException {
        return recover(dataDir, time, FileOpener.SYSTEM);
    }

    /** As {@link #recover(Path, TimeSource)}, with the files opened by {@code opener}. */
    static Recovered recover(Path dataDir, TimeSource time, FileOpener opener) throws IOException {
        Files.createDirectories(dataDir);
        Path logFile = dataDir.resolve(AuditLog.LOG_NAME);
        Path headFile = dataDir.resolve(AuditLog.HEAD_NAME);
        boolean created = !Files.exists(logFile);
        AuditChain.Head h;
        try {
            h = AuditChain.readHead(headFile);
        } catch (IllegalStateException e) {
            throw new AuditLogDamagedException(1, e.getMessage());
        }
        Map<String, Long> entries = new LinkedHashMap<>();
        AuditChain.Tail tail = AuditChain.scan(logFile, AuditReader.SPARSE_EVERY, h == null ? 0 : h.seq(), false,
                (seq, line) -> trackEntries(entries, seq, line));
        checkAgainstHead(logFile, headFile, h, tail);
        FileChannel log = opener.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileChannel headChannel = null;
        try {
            boolean torn = tail.goodBytes() < log.size();
            if (torn) {
                LOG.log(System.Logger.Level.WARNING, "audit log {0}: dropped a torn last line ({1} bytes after seq {2})",
                        logFile, log.size() - tail.goodBytes(), tail.lastSeq());
                log.truncate(tail.goodBytes());
                log.force(true);
            }
            log.position(tail.goodBytes());
            headChannel = opener.open(headFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long beyond = h == null ? tail.lastSeq() : tail.lastSeq() - h.seq();
            if (created) {
                DurableFiles.fsyncDirectory(dataDir);
            }
            AuditHead head = new AuditHead(headChannel, time, h == null ? 0 : h.seq());
            if (h == null || beyond > 0 || created) {
                head.write(tail.lastSeq(), tail.lastHash(), true);
                if (beyond > 0 && h != null) {
                    LOG.log(System.Logger.Level.INFO, "audit log {0}: {1} complete lines after the head kept (chain holds)",
                            logFile, beyond);
                }
            }
            return new Recovered(log, head, tail, new AuditLog.OpenReport(tail.lastSeq(), torn, beyond), entries);
        } catch (IOException | RuntimeException e) {
            log.close();
            if (headChannel != null) {
                headChannel.close();
            }
            throw e;
        }
    }

    /** Keeps, by id, the ENTRY_ADDED lines that no later ENTRY_REMOVED line undoes. */
    private static void trackEntries(Map<String, Long> entries, long seq, JsonNode line) {
        String type = line.path("type").asText();
        boolean added = type.equals(AuditLog.EventType.ENTRY_ADDED.name());
        if (!added && !type.equals(AuditLog.EventType.ENTRY_REMOVED.name())) {
            return;
        }
        String id = line.path("entry").path("id").asText(null);
        if (id == null) {
            return;
        }
        if (added) {
            entries.put(id, seq);
        } else {
            entries.remove(id);
        }
    }

    /** Throws when the scan or the head shows damage that recovery must not write over. */
    private static void checkAgainstHead(Path logFile, Path headFile, AuditChain.Head h, AuditChain.Tail tail) {
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
    }
}
