package screening.server.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write faults of one file in the data directory: whether its last write failed, and whether
 * for want of space; how many writes failed since start. Logs the first failure of a run of
 * failures, then at most one line a minute while the run lasts, and one line when a write
 * succeeds again; a failure never logs a stack trace, only the file and the reason.
 *
 * <p>Thread-safe: the file's writer records, any thread reads ({@link #state} never blocks or
 * takes a lock).
 */
public final class WriteFaults {

    /** How often a run of failures is logged again after its first line. */
    static final long REPEAT_LOG_MILLIS = 60_000;

    private static final System.Logger LOG = System.getLogger(WriteFaults.class.getName());

    /** What the last write found. */
    public enum State {
        /** The last write succeeded (or none has been made). */
        OK,
        /** The last write failed for want of space (ENOSPC, or a disk quota). */
        FULL,
        /** The last write failed for another reason (an I/O error, a read-only remount). */
        FAILING
    }

    private final String what;
    private final String consequence;
    private final InstantSource clock;
    private final AtomicLong failures = new AtomicLong();
    private volatile State state = State.OK;
    private long runStartMillis; // guarded by this
    private long runFailures; // guarded by this
    private long lastLogMillis; // guarded by this

    /**
     * @param what how log lines name the file, e.g. {@code "journal /srv/data/local.journal"}
     * @param consequence what a failure means for the service, e.g. {@code "pushes and deletes are
     *     refused"}; said once in the first line of a run
     */
    public WriteFaults(String what, String consequence, InstantSource clock) {
        this.what = what;
        this.consequence = consequence;
        this.clock = clock;
    }

    /**
     * Records a failed write and logs it (rate-limited); returns {@code e} for the caller to throw.
     */
    public IOException failed(IOException e) {
        failures.incrementAndGet();
        boolean full = isNoSpace(e);
        long now = clock.millis();
        synchronized (this) {
            state = full ? State.FULL : State.FAILING;
            if (runFailures == 0) {
                runStartMillis = now;
                lastLogMillis = now;
                runFailures = 1;
                LOG.log(System.Logger.Level.ERROR, "{0}: write failed ({1}); {2} until a write succeeds", what,
                        reason(e), consequence);
                return e;
            }
            runFailures++;
            if (now - lastLogMillis >= REPEAT_LOG_MILLIS) {
                lastLogMillis = now;
                LOG.log(System.Logger.Level.ERROR, "{0}: still failing ({1}): {2} writes failed since {3}", what,
                        reason(e), runFailures, Instant.ofEpochMilli(runStartMillis));
            }
        }
        return e;
    }

    /** Records a write that succeeded; the first after a run of failures is logged. */
    public void succeeded() {
        if (state == State.OK) {
            return;
        }
        synchronized (this) {
            state = State.OK;
            if (runFailures > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: writes resumed after {1} failed since {2}", what, runFailures,
                        Instant.ofEpochMilli(runStartMillis));
                runFailures = 0;
            }
        }
    }

    /** What the last write found. Any thread; never blocks. */
    public State state() {
        return state;
    }

    /** How many writes have failed since this was made. Any thread. */
    public long failures() {
        return failures.get();
    }

    /**
     * Whether {@code e}, or an exception in its cause chain, says the device is full (ENOSPC:
     * "No space left on device", or EDQUOT: "Disk quota exceeded").
     */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The reason of a failed file operation, without the path: the operating system's words
     * ("Permission denied", "Read-only file system", "No space left on device").
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (e instanceof AccessDeniedException) {
                return "Permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            return e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
