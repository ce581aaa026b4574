package screening.server.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import screening.server.time.TimeSource;

/**
 * The head file, {@code audit.head}: the seq and hash of the last line in one fixed-width line,
 * rewritten in place at every commit, with its fsync paced.
 *
 * <p>Not thread-safe: used under the {@link AuditAppender}'s lock, or by {@link AuditRecovery}
 * before any other thread has the files. Every method may block on the disk.
 */
final class AuditHead implements Closeable {

    /*
     * Order of durability: the appender fsyncs the lines before the head names them, so after a
     * crash the head is never ahead of the log. The head is rewritten at every commit, so the
     * running filter, `audit verify` and a kill -9 all see it current. Its fsync comes at once for
     * the events a caller waits on (appendAll); after a batch of contact attempts it waits until
     * the writer finds the queue empty, or SYNC_INTERVAL_NANOS have passed since the last one. What
     * a power cut can cost is the durable head lagging the log by up to that interval of attempts;
     * open keeps the complete lines beyond the head if their chain holds (AuditRecovery). See
     * docs/operations.md.
     *
     * A failed write or fsync of the head does not fail the commit: the lines are durable by
     * then, and a head behind the log is what open accepts. The next commit, or the writer's next
     * idle syncIfLagging, writes it again. (The line is rewritten in place within one block that
     * already exists, so a full disk does not refuse it on an ordinary file system.)
     *
     * The interval is measured on the injected TimeSource's ticker, so a test moves it by hand.
     */

    /** How long the head's fsync may wait behind contact-attempt commits. */
    static final long SYNC_INTERVAL_NANOS = 200_000_000;

    private final FileChannel channel;
    private final TimeSource time;
    private boolean trimmed;
    private boolean unsynced; // the head on disk may be older than the one written
    private boolean stale; // the last write failed: the file may name an older line, or be half written
    private long syncedNanos;
    private long writtenSeq;
    private long syncedSeq;
    private long wantedSeq; // what the last write was to say
    private String wantedHash;

    /**
     * @param channel the head file, open for writing
     * @param durableSeq the seq the head file already names, fsynced (0 if none)
     */
    AuditHead(FileChannel channel, TimeSource time, long durableSeq) {
        this.channel = channel;
        this.time = time;
        this.syncedNanos = time.nanoTime();
        this.writtenSeq = durableSeq;
        this.syncedSeq = durableSeq;
    }

    /**
     * Rewrites the head to name {@code seq} and {@code hash}. Fsyncs it now when {@code syncNow},
     * or when the pacing interval has passed since the last fsync; else leaves it for
     * {@link #syncIfLagging}, which also writes it again if this write fails.
     *
     * @throws IOException when the write or fsync fails; the head is then lagging
     */
    void write(long seq, String hash, boolean syncNow) throws IOException {
        // fixed width, written in place: one small write within one block
        byte[] line = AuditChain.headLine(seq, hash);
        ByteBuffer buf = ByteBuffer.wrap(line);
        int pos = 0;
        stale = true;
        wantedSeq = seq;
        wantedHash = hash;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        if (!trimmed) {
            // only an older, longer head can be longer than this fixed width
            channel.truncate(line.length);
            trimmed = true;
        }
        stale = false;
        writtenSeq = seq;
        unsynced = true; // until a sync succeeds
        if (syncNow || time.nanoTime() - syncedNanos >= SYNC_INTERVAL_NANOS) {
            sync();
        }
    }

    /**
     * Fsyncs the head if a paced {@link #write} left it unsynced, or writes it again if the last
     * write failed; whether it did.
     */
    boolean syncIfLagging() throws IOException {
        if (stale) {
            write(wantedSeq, wantedHash, true);
            return true;
        }
        if (!unsynced) {
            return false;
        }
        sync();
        return true;
    }

    /** The seq the head named at its last fsync: what a power cut leaves it naming. */
    long syncedSeq() {
        return syncedSeq;
    }

    private void sync() throws IOException {
        channel.force(false);
        unsynced = false;
        syncedNanos = time.nanoTime();
        syncedSeq = writtenSeq;
    }

    /** Closes the file without syncing it; call {@link #syncIfLagging} first. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
